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

export interface PathwayTerms {
  id: string;
  name: string;
  evidenceFormats: EvidenceFormat[];
  rubric: Rubric;
  eligibilityRuleSetId: string;
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
    // The fields below came with the full lifecycle; v1 snapshots lack them (see state defaults).
    recertificationReminders?: string[];
    gracePeriod?: string;
    checkInCadence?: string;
    checkInReminder?: string;
    submissionReminders?: string[];
    appealWindow?: string;
    maxResubmissions?: number;
    panelSize?: number;
    moderationSpread?: number;
    appealReviewers?: number;
    recertificationRuleSetId?: string | null;
  };
  pathway: PathwayTerms;
  /** Every pathway of the program, so a transfer needs no lookup inside the workflow. */
  pathways?: PathwayTerms[];
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
  // Full lifecycle (patch full-lifecycle). Optional because states carried from v1 runs lack them;
  // `withLifecycleDefaults` fills them in.
  cohortId?: string | null;
  mentor?: PersonRef | null;
  checkIns?: CheckInRecord[];
  learningPlan?: { goals: string[]; note: string; updatedAt: string; updatedBy: string } | null;
  milestones?: MilestoneRecord[];
  /** Set while on leave; the stage to return to is kept in `pausedFrom`. */
  pausedAt?: string | null;
  pausedFrom?: JourneyStage | null;
  /** Every open deadline, as ISO instants; a resume moves them all by the time spent paused. */
  deadlines?: Record<string, string>;
  attempt?: number;
  panel?: PersonRef[];
  panelRound?: number;
  panelScores?: Record<string, PanelScoreRecord>;
  moderatorId?: string | null;
  moderation?: { scores: Scores; rationale: string; moderatorId: string; decidedAt: string } | null;
  appeal?: AppealRecord | null;
  withdrawal?: { actorId: string; reason: string; at: string } | null;
  transferTo?: string | null;
  revocation?: { actorId: string; reason: string; at: string } | null;
  recertification?: { submittedAt?: string } | null;
  /** A published rule change the journey moves to at `effectiveAt` (transition policy). */
  ruleTransition?: { previousRuleSetId: string; ruleSetId: string; effectiveAt: string; reason: string } | null;
  /** Events the handlers noticed and the main flow still has to record (e.g. a transfer). */
  pendingNotes?: { type: string; actorId: string; data: Record<string, unknown> }[];
  /** Open incidents by id (patch rules-incidents): the journey waits on each until a person resolves it. */
  incidents?: Record<string, IncidentRecord>;
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
  cohortId?: string;
  /** Present when the journey continues as new, carrying everything it knows. */
  resume?: JourneyState;
};

export interface JourneyOutcome {
  stage: JourneyStage;
  reason: string | null;
  credentialNumber: string | null;
}
