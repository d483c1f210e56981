
import type { EvidenceFormat, } from './journey.js';
import type { Scores } from './rubric.js';

// What happens on a journey, as records the workflow keeps and activities write and read: approvals,
// evidence, scores, check-ins, milestones, appeals, assessments, credentials, incidents. Plain,
// serialisable data only (queried, carried through continue-as-new, recorded in histories).

export interface PendingApproval {
  approvalId: string;
  approverId: string;
  step: string;
  expiresAt: string;
  attempt: number;
  decision?: 'approved' | 'declined';
  comment?: string;
  decidedAt?: string;
}

export interface EvidenceFile {
  sha256: string;
  fileName: string;
  mimeType: string;
  size: number;
}

export interface SubmissionRecord {
  submissionId: string;
  format: EvidenceFormat;
  title: string;
  content: string;
  reflection: string;
  submittedAt: string;
  attempt?: number;
  url?: string;
  file?: EvidenceFile;
  /** A live demonstration's time, agreed with the panel. */
  scheduledAt?: string;
}

export interface PanelScoreRecord {
  assessorId: string;
  scores: Scores;
  comment: string;
  submittedAt: string;
}

export interface CheckInRecord {
  checkInId: string;
  dueAt: string;
  recordedAt?: string;
  missed?: boolean;
  progress?: string;
  blockers?: string;
  nextSteps?: string;
}

export interface MilestoneRecord {
  key: string;
  title: string;
  badge?: string;
  awardedAt: string;
  awardedBy: string;
}

export interface AppealRecord {
  appealId: string;
  assessmentId: string;
  grounds: string;
  filedAt: string;
  reviewers: string[];
  /** Each reviewer's vote; the appeal is decided when every reviewer has voted. */
  votes?: Record<string, { outcome: 'upheld' | 'overturned' | 'reassess'; rationale: string; at: string }>;
  outcome?: 'upheld' | 'overturned' | 'reassess';
  rationale?: string;
  decidedBy?: string;
  decidedAt?: string;
}

export interface AssessmentRecord {
  assessmentId: string;
  /** v1: the single assessor. Panel decisions set `panel` and use the first member here. */
  assessorId: string;
  panel?: string[];
  round?: number;
  spread?: number;
  moderatedBy?: string;
  scores: Scores;
  average: number;
  outcome: 'passed' | 'not_passed';
  rationale: string;
  comment: string;
  decidedAt: string;
}

export interface CredentialRecord {
  credentialId: string;
  number: string;
  issuedAt: string;
  expiresAt: string;
}

export type IncidentStep = 'eligibility' | 'recertification' | 'rule_transition';

/** An open incident: what could not be done, and, once a person has dealt with it, their resolution. */
export interface IncidentRecord {
  incidentId: string;
  kind: 'rules';
  step: IncidentStep;
  /** The failure's error code (INVALID_RULE_SET, RULE_EVALUATION_FAILED, NOT_FOUND). */
  code: string;
  message: string;
  ruleSetId: string;
  openedAt: string;
  resolution?: { actorId: string; note: string; resolvedAt: string; ruleSetId?: string };
}
