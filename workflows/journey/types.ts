import type { EligibilityResult } from '../../domain/eligibility.js';
import type { EvidenceFormat, JourneyStage } from '../../domain/journey.js';
import type { Rubric, Scores } from '../../domain/rubric.js';

// Plain, serialisable data only: this state is queried, carried through continue-as-new and recorded
// in histories, so no Map, Set, Date or class instances.

export interface PersonRef {
  id: string;
  name: string;
  email: string;
}

/** A snapshot of the program taken at enrolment: a journey keeps the terms it enrolled under. */
export interface JourneyContext {
  program: {
    id: string;
    name: string;
    validity: string;
    recertificationWindow: string;
    submissionDeadline: string;
    approvalLinkTtl: string;
  };
  pathway: { id: string; name: string; evidenceFormats: EvidenceFormat[]; rubric: Rubric; eligibilityRuleSetId: string };
  candidate: PersonRef;
  manager: PersonRef | null;
}

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

export interface SubmissionRecord {
  submissionId: string;
  format: EvidenceFormat;
  title: string;
  content: string;
  reflection: string;
  submittedAt: string;
}

export interface AssessmentRecord {
  assessmentId: string;
  assessorId: string;
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

export interface JourneyState {
  journeyId: string;
  programId: string;
  pathwayId: string;
  candidateId: string;
  enrolledAt: string;
  stage: JourneyStage;
  cycle: number;
  /** Sequence number of the last journey event written to the read model. */
  seq: number;
  /** The eligibility rule-set version pinned at enrolment. */
  ruleSetId: string | null;
  context: JourneyContext | null;
  eligibility: EligibilityResult | null;
  approval: PendingApproval | null;
  submissionDueAt: string | null;
  submission: SubmissionRecord | null;
  assessorId: string | null;
  assessment: AssessmentRecord | null;
  credential: CredentialRecord | null;
  endReason: string | null;
}

/** Workflow input: a union on `version` so older inputs keep their meaning forever. */
export type JourneyInput = {
  version: 1;
  journeyId: string;
  programId: string;
  pathwayId: string;
  candidateId: string;
  enrolledAt: string;
  enrolledBy: string;
  /** Which certification cycle this enrolment starts: 1, or one more than a finished earlier journey's. */
  cycle?: number;
  /** Present when the journey continues as new, carrying everything it knows. */
  resume?: JourneyState;
};

export interface JourneyOutcome {
  stage: JourneyStage;
  reason: string | null;
  credentialNumber: string | null;
}
