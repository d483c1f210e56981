import { addIsoDuration, isIsoDuration } from '../domain/duration.js';
import { type DomainError, ErrorCode, ok, type Result } from '../domain/errors.js';
import { ruleSetVersionId } from './drafts.js';
import { DEFAULT_REVIEW_PERIOD } from './review.js';
import type { RuleSetFile } from './rule-set.js';

// Publishing is a documented decision: who, why and when are recorded with the immutable version, and
// the decision says what happens to people already midway (the transition policy). This module works out
// the dates; services/rule-sets.ts stores the version and tells the journeys.

/**
 * keep: journeys already enrolled stay on the version they pinned; transition: they move to the new
 * version at `effectiveAt` (publication + transition period), after a notice; immediate: they move now.
 */
export const TRANSITION_POLICIES = ['keep', 'transition', 'immediate'] as const;
export type TransitionPolicy = (typeof TRANSITION_POLICIES)[number];

export const REASON_MIN_LENGTH = 10;
export const REASON_MAX_LENGTH = 2000;

export interface PublishRequest {
  reason: string;
  policy: TransitionPolicy;
  /** ISO 8601 duration; required for `transition`, refused for the other policies. */
  transitionPeriod?: string | null;
  /** ISO 8601 duration until the first periodic review; one year when absent. */
  reviewPeriod?: string | null;
  publishedBy: string;
  /** ISO 8601 instant. */
  publishedAt: string;
}

export interface PublicationPlan {
  ruleSetId: string;
  version: number;
  reason: string;
  /** When journeys on the previous version move (the publication instant for keep and immediate). */
  effectiveAt: string;
  reviewDueOn: string;
}

export function planPublication(ruleSet: RuleSetFile, request: PublishRequest): Result<PublicationPlan> {
  const problem = checkRequest(request);
  if (problem) return { ok: false, error: problem };
  const { publishedAt, policy, transitionPeriod } = request;
  const effectiveAt = policy === 'transition' && transitionPeriod ? addIsoDuration(publishedAt, transitionPeriod) : publishedAt;
  return ok({
    ruleSetId: ruleSetVersionId(ruleSet.id, ruleSet.version),
    version: ruleSet.version,
    reason: request.reason.trim(),
    effectiveAt,
    reviewDueOn: addIsoDuration(publishedAt, request.reviewPeriod ?? DEFAULT_REVIEW_PERIOD),
  });
}

function checkRequest(request: PublishRequest): DomainError | null {
  const invalid = (path: string, message: string): DomainError => ({ code: ErrorCode.InvalidInput, message, path });
  const reason = request.reason.trim();
  if (reason.length < REASON_MIN_LENGTH) {
    return invalid('reason', `Say why the rules change, in at least ${REASON_MIN_LENGTH} characters: the reason is kept with the version.`);
  }
  if (reason.length > REASON_MAX_LENGTH) return invalid('reason', `The reason is at most ${REASON_MAX_LENGTH} characters.`);
  if (!(TRANSITION_POLICIES as readonly string[]).includes(request.policy)) {
    return invalid('transitionPolicy', `The transition policy must be one of ${TRANSITION_POLICIES.join(', ')}.`);
  }
  const period = request.transitionPeriod ?? undefined;
  if (request.policy === 'transition') {
    if (period === undefined) return invalid('transitionPeriod', 'A transition needs a transition period, e.g. P30D.');
    if (!isIsoDuration(period)) return invalid('transitionPeriod', `"${period}" is not an ISO 8601 duration such as P30D or P3M.`);
    if (addIsoDuration(request.publishedAt, period) <= request.publishedAt) {
      return invalid('transitionPeriod', 'The transition period must be longer than zero; use IMMEDIATE to move journeys now.');
    }
  } else if (period !== undefined) {
    return invalid('transitionPeriod', `A transition period applies only to the transition policy, not ${request.policy}.`);
  }
  const review = request.reviewPeriod ?? undefined;
  if (review !== undefined && (!isIsoDuration(review) || addIsoDuration(request.publishedAt, review) <= request.publishedAt)) {
    return invalid('reviewPeriod', `"${review}" is not a positive ISO 8601 duration such as P1Y or P6M.`);
  }
  return null;
}
