import type { JourneyEventPayloads, JourneyEventType } from './journey-events.js';

// What of a journey's audit trail someone judging an anonymised assessment sees (docs/security.md,
// "Anonymised assessment"). The trail is mostly about the candidate and the people around them: the
// manager who approved (or their delegate, or the next manager up), the mentor, check-ins, credentials,
// pauses, eligibility facts. Any of those names the candidate, so the judges see only the assessment's
// own events, with the keys that describe the work and the people judging it.
//
// An allow-list, so it fails closed: an event or key not listed here (a new one, an old history's shape)
// is left out for them until someone places it. Each key is a fact about the work, or names a judge.

type KeyKind = 'fact' | 'judge';
type JudgeView = { readonly [T in JourneyEventType]?: { readonly [K in keyof JourneyEventPayloads[T]]?: KeyKind } };

export const ANONYMISED_JUDGE_VIEW = {
  enrolled: { pathwayId: 'fact' },
  submission_opened: { submissionDueAt: 'fact', dueAt: 'fact', attempt: 'fact' },
  evidence_submitted: { submissionId: 'fact', format: 'fact', title: 'fact', contentHash: 'fact', attempt: 'fact', fileSha256: 'fact', scheduledAt: 'fact' },
  resubmission_allowed: { attempt: 'fact', maxAttempts: 'fact' },
  assessor_assigned: { assessorId: 'judge' },
  panel_assigned: { round: 'fact', panel: 'judge' },
  panel_scores_complete: { round: 'fact', assessors: 'judge' },
  moderation_requested: { moderatorId: 'judge', spread: 'fact' },
  moderation_decided: { scores: 'fact', rationale: 'fact' },
  assessment_decided: { outcome: 'fact', round: 'fact', moderatedBy: 'judge', average: 'fact', scores: 'fact', spread: 'fact', rationale: 'fact' },
  appeal_window_opened: { appealUntil: 'fact' },
  appeal_window_closed: { appealUntil: 'fact' },
  appeal_filed: { appealId: 'fact', grounds: 'fact', reviewers: 'judge' },
  appeal_decided: { appealId: 'fact', outcome: 'fact', rationale: 'fact' },
  // Every response task (scoring, moderation, appeal votes) is a judge's: the people named are judges.
  response_reminder_sent: { task: 'fact', personIds: 'judge', dueAt: 'fact' },
  responder_replaced: { task: 'fact', from: 'judge', to: 'judge', reason: 'fact', explanation: 'fact' },
} as const satisfies JudgeView;

export interface TrailEvent {
  type: string;
  actorId: string | null;
  data: unknown;
}

const viewOf = (type: string): Readonly<Record<string, KeyKind>> | undefined =>
  Object.hasOwn(ANONYMISED_JUDGE_VIEW, type) ? (ANONYMISED_JUDGE_VIEW as Record<string, Record<string, KeyKind>>)[type] : undefined;

const idsIn = (value: unknown): string[] => (typeof value === 'string' ? [value] : Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);

/**
 * The trail as a judge of the anonymised assessment sees it: the assessment's events, their listed keys,
 * and as actor only the candidate (whom the API shows as a stand-in) or someone the trail names as a
 * judge; anyone else who acted (a manager who enrolled them, HR) shows as nobody.
 */
export function judgesViewOfTrail<E extends TrailEvent>(events: readonly E[], journey: { candidateId: string; assessorId: string | null; panel: readonly string[] }): E[] {
  const kept = events.flatMap((event) => {
    const view = viewOf(event.type);
    if (!view) return [];
    const data = event.data && typeof event.data === 'object' && !Array.isArray(event.data) ? (event.data as Record<string, unknown>) : {};
    return [{ event, data: Object.fromEntries(Object.entries(data).filter(([key]) => Object.hasOwn(view, key))), view }];
  });
  const judges = new Set<string>([...(journey.assessorId ? [journey.assessorId] : []), ...journey.panel]);
  for (const { data, view } of kept) for (const [key, value] of Object.entries(data)) if (view[key] === 'judge') for (const id of idsIn(value)) judges.add(id);
  judges.delete(journey.candidateId);
  return kept.map(({ event, data }) => ({
    ...event,
    data,
    actorId: event.actorId === journey.candidateId || (event.actorId !== null && judges.has(event.actorId)) ? event.actorId : null,
  }));
}
