import type { Client } from '@temporalio/client';
import type { Services } from '../graphql/context.js';
import type { PrismaClient } from '../prisma/client.js';
import { createApprovalService } from './approvals.js';
import { createCredentialService } from './credentials.js';
import { createJourneyService } from './journeys.js';
import { createInFlightService } from './in-flight.js';
import { loadConfig } from '../config/index.js';
import { createSurveyService } from '../surveys/service.js';
import { createReportService } from './reports/service.js';
import { createUploadService } from './uploads.js';

export interface ServiceDeps {
  prisma: PrismaClient;
  client: Client;
  taskQueue: string;
  /** Where uploaded evidence files are kept (DATA_DIR/uploads by default). */
  uploadsDir?: string;
  /** Signs survey links (it must be the secret the mail renderer uses: APPROVAL_LINK_SECRET) and credential share codes. */
  linkSecret?: string;
}

/** The services the API offers, over one database and one Temporal client. */
export function createServices({ prisma, client, taskQueue, uploadsDir = '.data/uploads', linkSecret }: ServiceDeps): Services {
  const secret = linkSecret ?? loadConfig().APPROVAL_LINK_SECRET;
  return {
    prisma,
    journeys: createJourneyService({ prisma, client, taskQueue }),
    approvals: createApprovalService({ prisma, client }),
    inFlight: createInFlightService({ client }),
    uploads: createUploadService({ prisma, dir: uploadsDir }),
    reports: createReportService({ prisma, client, taskQueue }),
    surveys: createSurveyService({ prisma, linkSecret: secret }),
    credentials: createCredentialService({ prisma, secret }),
  };
}
