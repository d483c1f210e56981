import type { ApplyProgramChangeInput } from './messages.js';
import type { JourneyNote } from '../../domain/journey-events.js';
import type { EligibilityResult } from '../../domain/eligibility.js';
import type { JourneyStage } from '../../domain/journey.js';
import type { Scores } from '../../domain/rubric.js';
import type { ResponseTask } from '../../domain/response-times.js';

/** Decisions besides an assessment that the candidate may appeal. */
export type AppealableDecision = 'revocation' | 'ineligibility' | 'decline' | 'recertification';
import type { JourneyContext, PersonRef } from '../../domain/journey-context.js';
import type { AppealRecord, AssessmentRecord, CheckInRecord, CredentialRecord, IncidentRecord, MilestoneRecord, PanelScoreRecord, PendingApproval, SubmissionRecord } from '../../domain/journey-records.js';

// The journey workflow's own state and contract; the records it holds are domain types
// (domain/journey-context.ts, domain/journey-records.ts) that activities share.
// Plain, serialisable data only: this state is queried, carried through continue-as-new and recorded
// in histories, so no Map, Set, Date or class instances.

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
  /** `secondedBy`: the second committee member, since revocation needs two (patch decision-appeals). */
  revocation?: { actorId: string; reason: string; at: string; secondedBy?: string } | null;
  /** The first committee member's revocation, waiting for a second (patch decision-appeals). */
  revocationProposal?: { actorId: string; reason: string; at: string } | null;
  /** Set by a holder's run that takes patch decision-appeals: revocation then needs two committee members. */
  revocationNeedsTwo?: boolean;
  /** A decision other than an assessment the candidate may appeal now (patch decision-appeals). */
  appealable?: { kind: AppealableDecision; decidedBy: string[]; reference: string } | null;
  /** The holder left the company (patch directory-changes); a journey in progress is withdrawn instead. */
  departure?: { reason: string; at: string; credentialPolicy: 'keep' | 'lapse' } | null;
  /** The manager changed while an approval was pending: the request moves to them (patch directory-changes). */
  approvalRerouted?: { previous: PersonRef | null } | null;
  /** Who is being waited on to answer, and by when (patch response-deadlines): whom a conflict declaration may come from. */
  awaiting?: { task: ResponseTask; personIds: string[]; dueAt: string } | null;
  /** Conflicts of interest declared and not yet acted on: the waiting replaces these people. */
  stepAside?: { personId: string; task: ResponseTask; explanation: string; at: string }[];
  recertification?: { submittedAt?: string } | null;
  /** A published rule change the journey moves to at `effectiveAt` (transition policy). */
  ruleTransition?: { previousRuleSetId: string; ruleSetId: string; effectiveAt: string; reason: string } | null;
  /**
   * A program version's changes still to reach this journey in flight (patch program-versions): the newest
   * version's terms and the steps not yet applied, each at its effective date. `noticed`: the candidate
   * has been told of this version.
   */
  programChange?: (ApplyProgramChangeInput & { noticed?: boolean }) | null;
  /** A program version a holder takes when the next re-certification window opens. */
  recertificationTerms?: Pick<ApplyProgramChangeInput, 'version' | 'program' | 'pathways' | 'steps'> | null;
  /** Events the handlers noticed and the main flow still has to record (e.g. a transfer). */
  pendingNotes?: JourneyNote[];
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
