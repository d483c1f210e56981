import type { JourneyEventPayloads, JourneyEventType } from './journey-events.js';

// Who may read each key of an audit-trail event's data, by event type. An allow-list, so it fails
// closed: a key that is not listed here (a new event, a new key, an old history's shape) is shown to HR
// only until someone decides who else may read it. services/access.ts applies it; docs/api.md ("Who sees
// what") says it in words, and test/graphql/permissions*.test.ts holds each role to it.
//
//   journey:      whoever may see the journey (its facts: dates, ids of people, outcomes, rule versions)
//   development:  HR, the candidate, their manager and their mentor (check-in notes, the learning plan)
//   private:      HR and the candidate (scores, rationales, appeal grounds and reviewers, reasons people
//                 give for pausing, withdrawing, declining or revoking: these can hold health matters)
//   hr:           HR only (approval ids, from which approval links are derived; incident internals)

export type EventAudience = 'journey' | 'development' | 'private' | 'hr';

/** An audience for every key of every event's data (domain/journey-events.ts): a new key must get one. */
type EventKeyAudiences = { readonly [T in JourneyEventType]: { readonly [K in keyof JourneyEventPayloads[T]]-?: EventAudience } };
type KeyAudiences = Readonly<Record<string, EventAudience>>;

const credential = { credentialId: 'journey', number: 'journey', issuedAt: 'journey', expiresAt: 'journey' } as const;
const ruleChange = {
  from: 'journey',
  to: 'journey',
  policy: 'journey',
  effectiveAt: 'journey',
  reason: 'journey',
  submissionDueAt: 'journey',
  meetsNewRules: 'journey',
  reasons: 'journey',
} as const;
const approvalDecision = { approvalId: 'hr', decision: 'journey', comment: 'private' } as const;
const rulesVerdict = { ruleSetId: 'journey', reasons: 'journey', conditions: 'journey' } as const;

export const EVENT_KEY_AUDIENCES: Readonly<Record<string, KeyAudiences>> = {
  enrolled: { pathwayId: 'journey' },
  eligibility_confirmed: { conditions: 'journey' },
  found_ineligible: { reasons: 'journey', conditions: 'journey' },
  approval_requested: { approvalId: 'hr', approverId: 'journey', expiresAt: 'journey', attempt: 'journey' },
  approval_expired: { approvalId: 'hr', attempt: 'journey' },
  manager_approved: approvalDecision,
  manager_declined: approvalDecision,
  mentor_assigned: { mentorId: 'journey', cadence: 'journey' },
  mentor_unavailable: { reason: 'journey' },
  check_in_recorded: { checkInId: 'journey', progress: 'development', blockers: 'development', nextSteps: 'development' },
  check_in_missed: { checkInId: 'journey', dueAt: 'journey', missedCount: 'journey', escalatedTo: 'journey' },
  learning_plan_adjusted: { goals: 'development', note: 'development', updatedAt: 'journey', updatedBy: 'journey' },
  milestone_recorded: { milestoneId: 'journey', key: 'journey', title: 'journey', badge: 'journey', awardedAt: 'journey', awardedBy: 'journey' },
  submission_opened: { submissionDueAt: 'journey', dueAt: 'journey', attempt: 'journey' },
  evidence_submitted: {
    submissionId: 'journey',
    format: 'journey',
    title: 'journey',
    contentHash: 'journey',
    attempt: 'journey',
    fileSha256: 'journey',
    scheduledAt: 'journey',
  },
  resubmission_allowed: { attempt: 'journey', maxAttempts: 'journey' },
  assessor_assigned: { assessorId: 'journey' },
  panel_assigned: { round: 'journey', panel: 'journey' },
  panel_scores_complete: { round: 'journey', assessors: 'journey' },
  moderation_requested: { moderatorId: 'journey', spread: 'private' },
  moderation_decided: { scores: 'private', rationale: 'private' },
  assessment_decided: {
    outcome: 'journey',
    round: 'journey',
    moderatedBy: 'journey',
    average: 'private',
    scores: 'private',
    spread: 'private',
    rationale: 'private',
  },
  appeal_window_opened: { appealUntil: 'journey', decision: 'journey' },
  appeal_window_closed: { appealUntil: 'journey' },
  appeal_filed: { appealId: 'journey', grounds: 'private', reviewers: 'private' },
  appeal_decided: { appealId: 'journey', outcome: 'journey', rationale: 'private' },
  credential_issued: credential,
  credential_renewed: { ...credential, previous: 'journey' },
  recertification_window_opened: { expiresAt: 'journey' },
  recertification_submitted: { submissionId: 'journey', format: 'journey' },
  recertification_requirements_met: rulesVerdict,
  recertification_requirements_not_met: rulesVerdict,
  recertification_not_passed: { rationale: 'private' },
  credential_expired: { credentialNumber: 'journey', graceUntil: 'journey' },
  credential_lapsed: { credentialNumber: 'journey' },
  credential_revoked: { credentialNumber: 'journey', reason: 'private', secondedBy: 'journey' },
  revocation_proposed: { reason: 'private' },
  credential_reinstated: { credentialNumber: 'journey' },
  journey_paused: { reason: 'private' },
  journey_resumed: { pausedMs: 'journey' },
  journey_withdrawn: { reason: 'private' },
  holder_left: { credentialNumber: 'journey', policy: 'journey' },
  approval_rerouted: { approvalId: 'journey', from: 'journey', to: 'journey' },
  response_reminder_sent: { task: 'journey', personIds: 'journey', dueAt: 'journey' },
  // Why someone declared a conflict of interest may be about them (a relationship, a dispute): HR only.
  responder_replaced: { task: 'journey', from: 'journey', to: 'journey', reason: 'journey', explanation: 'hr' },
  staffing_shortage: { need: 'journey', message: 'journey', retryAt: 'journey' },
  approval_escalated: { approvalId: 'hr', from: 'journey', to: 'journey' },
  approval_delegated: { from: 'journey', to: 'journey' },
  // The reason may be the assessment's rationale (a journey that ends "not passed").
  journey_ended: { reason: 'private' },
  pathway_transferred: { from: 'journey', to: 'journey' },
  rule_change_kept: ruleChange,
  rule_change_scheduled: ruleChange,
  rule_version_changed: ruleChange,
  // What changed in the program and when is published on its pages; the reason is the publisher's words.
  program_change_scheduled: { version: 'journey', areas: 'journey', reason: 'journey', atNextRecertification: 'journey' },
  program_version_applied: { version: 'journey', areas: 'journey', reason: 'journey', atNextRecertification: 'journey', submissionDueAt: 'journey' },
  // Incidents are for HR (graphql/types/incidents.ts): the event says one happened, not what failed.
  incident_opened: { incidentId: 'hr', step: 'hr', code: 'hr', message: 'hr', ruleSetId: 'hr' },
  incident_resolved: { incidentId: 'hr', note: 'hr', retryRuleSetId: 'journey' },
  read_model_reconciled: { drifts: 'hr' },
} as const satisfies EventKeyAudiences;

/** The audience of one key of one event type; anything unlisted is HR's alone. */
export function eventKeyAudience(type: string, key: string): EventAudience {
  const keys = Object.hasOwn(EVENT_KEY_AUDIENCES, type) ? EVENT_KEY_AUDIENCES[type]! : {};
  return Object.hasOwn(keys, key) ? keys[key]! : 'hr';
}

/**
 * Events shown only to HR and the sitting committee until the event that settles them: a revocation one
 * member proposed is not the holder's (nor their manager's or mentor's) to learn of until a second member
 * confirms it; the reason may name evidence still under investigation.
 */
export const WITHHELD_UNTIL: { readonly [T in JourneyEventType]?: JourneyEventType } = { revocation_proposed: 'credential_revoked' };

/** The trail (oldest first) without the events still withheld: those with no settling event after them. */
export function withoutWithheld<E extends { type: string }>(events: readonly E[]): E[] {
  return events.filter((event, index) => {
    const settledBy = Object.hasOwn(WITHHELD_UNTIL, event.type) ? WITHHELD_UNTIL[event.type as JourneyEventType] : undefined;
    return !settledBy || events.slice(index + 1).some((later) => later.type === settledBy);
  });
}
