import type { ResponseTask } from './response-times.js';
import type { ConditionOutcome } from './eligibility.js';
import type { EvidenceFormat } from './journey.js';
import type { CredentialRecord, IncidentStep } from './journey-records.js';
import type { Scores } from './rubric.js';

// Every event a journey's audit trail can hold, with the data each carries. The workflow journal
// records them (workflows/journey/journal.ts), the read model stores them (activities/read-model.ts),
// the access rules decide who reads each key (domain/event-audiences.ts, which must name an audience
// for every key below) and GraphQL and the portal show them. Renaming an event or a key here fails the
// type check everywhere it is used. Recorded histories hold these names and shapes: an event is never
// renamed or reshaped in place, a new one is added (with a workflow patch, docs/workflow-versioning.md).

type RuleChange = {
  from: string | null;
  to: string;
  policy: string;
  effectiveAt?: string | null;
  reason?: string;
  submissionDueAt?: string | null;
  meetsNewRules?: boolean;
  reasons?: string[];
};
type ApprovalDecision = { approvalId: string; decision?: 'approved' | 'declined'; comment: string | null };
type RulesVerdict = { ruleSetId: string; reasons: string[]; conditions: ConditionOutcome[] };
type Credential = Omit<CredentialRecord, never>;

export interface JourneyEventPayloads {
  enrolled: { pathwayId: string };
  eligibility_confirmed: { conditions: ConditionOutcome[] };
  found_ineligible: { reasons: string[]; conditions: ConditionOutcome[] };
  approval_requested: { approvalId: string; approverId: string; expiresAt: string; attempt: number };
  approval_expired: { approvalId: string; attempt: number };
  manager_approved: ApprovalDecision;
  manager_declined: ApprovalDecision;
  mentor_assigned: { mentorId: string; cadence: string };
  mentor_unavailable: { reason: string };
  check_in_recorded: { checkInId: string; progress?: string; blockers?: string; nextSteps?: string };
  check_in_missed: { checkInId: string; dueAt: string; missedCount: number; escalatedTo: string | null };
  learning_plan_adjusted: { goals: string[]; note: string; updatedAt: string; updatedBy: string };
  milestone_recorded: { milestoneId: string; key: string; title: string; badge?: string; awardedAt: string; awardedBy: string };
  /** v1 journeys carry `submissionDueAt`; later ones `dueAt` and `attempt`. */
  submission_opened: { submissionDueAt?: string; dueAt?: string; attempt?: number };
  evidence_submitted: {
    submissionId: string;
    format: EvidenceFormat;
    title: string;
    contentHash: string;
    attempt?: number;
    fileSha256?: string;
    scheduledAt?: string;
  };
  resubmission_allowed: { attempt: number; maxAttempts: number };
  assessor_assigned: { assessorId: string };
  panel_assigned: { round: number; panel: string[] };
  panel_scores_complete: { round: number; assessors: string[] };
  moderation_requested: { moderatorId: string; spread: number };
  moderation_decided: { scores: Scores; rationale: string };
  assessment_decided: {
    outcome: string;
    average: number;
    scores: Scores;
    rationale: string;
    spread?: number;
    round?: number;
    moderatedBy?: string | null;
  };
  /** `decision`: what is appealed when it is not an assessment (patch decision-appeals). */
  appeal_window_opened: { appealUntil: string; decision?: 'revocation' | 'ineligibility' | 'decline' | 'recertification' };
  appeal_window_closed: { appealUntil: string };
  appeal_filed: { appealId: string; grounds: string; reviewers: string[] };
  appeal_decided: { appealId: string; outcome: string; rationale: string };
  credential_issued: Credential;
  credential_renewed: Credential & { previous: string };
  recertification_window_opened: { expiresAt: string };
  recertification_submitted: { submissionId: string; format: EvidenceFormat };
  recertification_requirements_met: RulesVerdict;
  recertification_requirements_not_met: RulesVerdict;
  recertification_not_passed: { rationale: string | null };
  credential_expired: { credentialNumber: string; graceUntil?: string };
  credential_lapsed: { credentialNumber: string };
  credential_revoked: { credentialNumber: string; reason: string; secondedBy?: string };
  /** A committee member asked for revocation; a second must confirm it (patch decision-appeals). */
  revocation_proposed: { reason: string };
  /** The revocation was overturned on appeal: the credential is in force again. */
  credential_reinstated: { credentialNumber: string };
  journey_paused: { reason: string };
  journey_resumed: { pausedMs: number };
  journey_withdrawn: { reason: string };
  /** The holder left the company (patch directory-changes); `policy` is what happened to the credential. */
  holder_left: { credentialNumber: string; policy: 'keep' | 'lapse' };
  /** The manager changed while the approval was pending; the request went to the new one. */
  approval_rerouted: { approvalId: string; from: string | null; to: string | null };
  /** A panel member, moderator or reviewer had not answered near their time (patch response-deadlines). */
  response_reminder_sent: { task: ResponseTask; personIds: string[]; dueAt: string };
  /**
   * The task passed from one person to another: their time ran out, or they declared a conflict of
   * interest. `to` is null while nobody is available (HR is alerted, the person stays asked).
   */
  responder_replaced: { task: ResponseTask; from: string; to: string | null; reason: 'overdue' | 'conflict'; explanation?: string };
  /** Nobody could be drawn for a role the journey needs; HR is alerted and the journey tries again. */
  staffing_shortage: { need: 'panel' | 'committee' | 'mentor'; message: string; retryAt: string };
  /** The manager did not answer the approval requests; the request went to the next manager up (patch approval-escalation). */
  approval_escalated: { approvalId: string; from: string; to: string };
  /** The request goes to the delegate `from` named for approvals (patch approval-delegates). */
  approval_delegated: { from: string; to: string };
  journey_ended: { reason: string };
  pathway_transferred: { from: string; to: string };
  rule_change_kept: RuleChange;
  rule_change_scheduled: RuleChange;
  rule_version_changed: RuleChange;
  /** A program version reached the journey: told (scheduled), or its areas applied (patch program-versions). */
  program_change_scheduled: ProgramVersionChange;
  program_version_applied: ProgramVersionChange & { submissionDueAt?: string | null };
  incident_opened: { incidentId: string; step: IncidentStep; code: string; message: string; ruleSetId: string | null };
  incident_resolved: { incidentId: string; note: string; retryRuleSetId: string | null };
  /** Written by reconciliation (services/reconcile.ts), not by the workflow. */
  read_model_reconciled: { drifts: { field: string; readModel: unknown; workflow: unknown }[] };
}

export type JourneyEventType = keyof JourneyEventPayloads;

export interface ProgramVersionChange {
  version: number;
  /** The areas and when each applies: rubric, evidence, timing, recertification. */
  areas: { area: string; policy: string; effectiveAt: string }[];
  reason: string;
  /** A holder takes these at the next re-certification window rather than now. */
  atNextRecertification?: boolean;
}

/** One event as recorded: its type and the data that type carries. */
export type JourneyEvent = { [T in JourneyEventType]: { type: T; data: JourneyEventPayloads[T] } }[JourneyEventType];

/** A note an update handler leaves for the journey to record (workflows/journey/waits.ts). */
export type JourneyNote = { [T in JourneyEventType]: { type: T; actorId: string; data: JourneyEventPayloads[T] } }[JourneyEventType];
