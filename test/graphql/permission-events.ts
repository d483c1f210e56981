// The audit trail's keys and who may read each: the test's own statement of docs/api.md ("Who sees
// what"), written apart from domain/event-audiences.ts so that a change there must be made here too.
//
//   journey:      whoever sees the journey
//   development:  HR, the candidate, their manager and mentor
//   private:      HR and the candidate
//   hr:           HR only
// A key not listed for its type is HR's only; the fixture seeds such keys to prove it.

export type EventAudience = 'journey' | 'development' | 'private' | 'hr';

const spec = (audiences: Partial<Record<EventAudience, string>>) =>
  Object.fromEntries(Object.entries(audiences).flatMap(([audience, keys]) => keys!.split(' ').map((key) => [key, audience as EventAudience])));

const credential = 'credentialId number issuedAt expiresAt';
const ruleChange = { journey: 'from to policy effectiveAt reason submissionDueAt meetsNewRules reasons' };

export const EVENT_KEYS: Record<string, Record<string, EventAudience>> = {
  enrolled: spec({ journey: 'pathwayId' }),
  eligibility_confirmed: spec({ journey: 'conditions' }),
  found_ineligible: spec({ journey: 'reasons conditions' }),
  approval_requested: spec({ hr: 'approvalId', journey: 'approverId expiresAt attempt' }),
  approval_expired: spec({ hr: 'approvalId', journey: 'attempt' }),
  manager_approved: spec({ hr: 'approvalId', journey: 'decision', private: 'comment' }),
  manager_declined: spec({ hr: 'approvalId', journey: 'decision', private: 'comment' }),
  mentor_assigned: spec({ journey: 'mentorId cadence' }),
  mentor_unavailable: spec({ journey: 'reason' }),
  check_in_recorded: spec({ journey: 'checkInId', development: 'progress blockers nextSteps' }),
  check_in_missed: spec({ journey: 'checkInId dueAt missedCount escalatedTo' }),
  learning_plan_adjusted: spec({ development: 'goals note', journey: 'updatedAt updatedBy' }),
  milestone_recorded: spec({ journey: 'milestoneId key title badge awardedAt awardedBy' }),
  submission_opened: spec({ journey: 'submissionDueAt dueAt attempt' }),
  evidence_submitted: spec({ journey: 'submissionId format title contentHash attempt fileSha256 scheduledAt' }),
  resubmission_allowed: spec({ journey: 'attempt maxAttempts' }),
  assessor_assigned: spec({ journey: 'assessorId' }),
  panel_assigned: spec({ journey: 'round panel' }),
  panel_scores_complete: spec({ journey: 'round assessors' }),
  moderation_requested: spec({ journey: 'moderatorId', private: 'spread' }),
  moderation_decided: spec({ private: 'scores rationale' }),
  assessment_decided: spec({ journey: 'outcome round moderatedBy', private: 'average scores spread rationale' }),
  appeal_window_opened: spec({ journey: 'appealUntil decision' }),
  appeal_window_closed: spec({ journey: 'appealUntil' }),
  appeal_filed: spec({ journey: 'appealId', private: 'grounds reviewers' }),
  appeal_decided: spec({ journey: 'appealId outcome', private: 'rationale' }),
  credential_issued: spec({ journey: credential }),
  credential_renewed: spec({ journey: `${credential} previous` }),
  recertification_window_opened: spec({ journey: 'expiresAt' }),
  recertification_submitted: spec({ journey: 'submissionId format' }),
  recertification_requirements_met: spec({ journey: 'ruleSetId reasons conditions' }),
  recertification_requirements_not_met: spec({ journey: 'ruleSetId reasons conditions' }),
  recertification_not_passed: spec({ private: 'rationale' }),
  credential_expired: spec({ journey: 'credentialNumber graceUntil' }),
  credential_lapsed: spec({ journey: 'credentialNumber' }),
  credential_revoked: spec({ journey: 'credentialNumber secondedBy', private: 'reason' }),
  revocation_proposed: spec({ private: 'reason' }),
  credential_reinstated: spec({ journey: 'credentialNumber' }),
  journey_paused: spec({ private: 'reason' }),
  journey_resumed: spec({ journey: 'pausedMs' }),
  journey_withdrawn: spec({ private: 'reason' }),
  journey_ended: spec({ private: 'reason' }),
  pathway_transferred: spec({ journey: 'from to' }),
  rule_change_kept: spec(ruleChange),
  rule_change_scheduled: spec(ruleChange),
  rule_version_changed: spec(ruleChange),
  incident_opened: spec({ hr: 'incidentId step code message ruleSetId' }),
  incident_resolved: spec({ hr: 'incidentId note', journey: 'retryRuleSetId' }),
  response_reminder_sent: spec({ journey: 'task personIds dueAt' }),
  responder_replaced: spec({ journey: 'task from to reason', hr: 'explanation' }),
  staffing_shortage: spec({ journey: 'need message retryAt' }),
  approval_escalated: spec({ hr: 'approvalId', journey: 'from to' }),
  approval_delegated: spec({ journey: 'from to' }),
  read_model_reconciled: spec({ hr: 'drifts' }),
};

/** Keys nobody has classified: on a known event, and an event type nobody has classified. */
export const UNCLASSIFIED = { type: 'assessment_decided', key: 'criteriaBelowThreshold', unknownType: 'future_event' } as const;

export function eventKeyAudience(type: string, key: string): EventAudience {
  return EVENT_KEYS[type]?.[key] ?? 'hr';
}

/** One event of every type with every key, each value naming itself (`type.key`), plus the unclassified ones. */
export function everyEvent(): { type: string; data: Record<string, unknown> }[] {
  const events = Object.entries(EVENT_KEYS).map(([type, keys]) => ({ type, data: Object.fromEntries(Object.keys(keys).map((key) => [key, `${type}.${key}`])) as Record<string, unknown> }));
  const decided = events.find((e) => e.type === UNCLASSIFIED.type)!;
  decided.data[UNCLASSIFIED.key] = `${UNCLASSIFIED.type}.${UNCLASSIFIED.key}`;
  events.push({ type: UNCLASSIFIED.unknownType, data: { secret: `${UNCLASSIFIED.unknownType}.secret` } });
  return events;
}
