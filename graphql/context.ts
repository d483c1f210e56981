import type { PrismaClient } from '../prisma/client.js';
import type { ApprovalService } from '../services/approvals.js';
import type { JourneyService } from '../services/journeys.js';
import type { UploadService } from '../services/uploads.js';
import type { SurveyService } from '../services/surveys.js';

export const Role = {
  Admin: 'admin',
  Hr: 'hr',
  ProgramOwner: 'program_owner',
  Committee: 'committee',
  Manager: 'manager',
  Mentor: 'mentor',
  Assessor: 'assessor',
  Candidate: 'candidate',
} as const;
export type Role = (typeof Role)[keyof typeof Role];

/** Who is asking, resolved once per request from the bearer token. */
export interface Viewer {
  personId: string;
  roles: Role[];
  /** Direct reports, so "is this my report's journey?" needs no query per field. */
  reportIds: string[];
}

export interface Services {
  prisma: PrismaClient;
  journeys: JourneyService;
  approvals: ApprovalService;
  uploads: UploadService;
  surveys?: SurveyService;
}

export interface GraphQLContext extends Services {
  viewer: Viewer | null;
  /** The caller's network address (through trusted proxies only), for rate limits and the audit log. */
  clientAddress?: string;
}
