import { addIsoDuration } from '../domain/duration.js';

// Periodic review of rule sets: every published rule set has a review date; the committee looks at the
// rules again by then and records what it decided. Publishing a new version closes the open review as
// superseded and opens the next one. Pure date and selection logic; services/rule-sets.ts stores it.

export const DEFAULT_REVIEW_PERIOD = 'P1Y';
/** How far ahead "due" looks by default, so the committee hears of a review before its date. */
export const DEFAULT_DUE_WITHIN = 'P30D';

/** What a reviewer can decide; `superseded` is recorded by publishing, never chosen. */
export const REVIEW_OUTCOMES = ['confirmed', 'revision_needed'] as const;
export type ReviewOutcome = (typeof REVIEW_OUTCOMES)[number] | 'superseded';

/** Until the next review: a year after rules were confirmed; three months when a revision is needed. */
export const NEXT_REVIEW_AFTER: Record<(typeof REVIEW_OUTCOMES)[number], string> = {
  confirmed: DEFAULT_REVIEW_PERIOD,
  revision_needed: 'P3M',
};

export function nextReviewDue(reviewedOn: string, outcome: (typeof REVIEW_OUTCOMES)[number], period?: string): string {
  return addIsoDuration(reviewedOn, period ?? NEXT_REVIEW_AFTER[outcome]);
}

export interface ReviewCandidate {
  ruleSetKey: string;
  /** The latest published version of the key. */
  ruleSetId: string;
  programId: string;
  /** The open review's due date; null when the key was published before reviews were scheduled. */
  dueOn: string | null;
  reviewId: string | null;
}

export interface DueReview extends ReviewCandidate {
  overdue: boolean;
}

/**
 * The reviews due by `asOf + within`, never-scheduled ones first (they are the most overdue), then by
 * due date.
 */
export function selectDueReviews(candidates: ReviewCandidate[], asOf: string, within = DEFAULT_DUE_WITHIN): DueReview[] {
  const horizon = addIsoDuration(asOf, within);
  const at = Date.parse(asOf);
  return candidates
    .filter((c) => c.dueOn === null || Date.parse(c.dueOn) <= Date.parse(horizon))
    .map((c) => ({ ...c, overdue: c.dueOn === null || Date.parse(c.dueOn) < at }))
    .sort((a, b) => order(a.dueOn) - order(b.dueOn) || a.ruleSetKey.localeCompare(b.ruleSetKey));
}

// -Infinity - -Infinity is NaN, which `||` passes over to the key order.
const order = (dueOn: string | null) => (dueOn === null ? Number.NEGATIVE_INFINITY : Date.parse(dueOn));
