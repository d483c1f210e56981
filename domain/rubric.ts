// A rubric is data on the pathway: criteria scored on a level scale, each with an explicit threshold,
// plus an overall rule. The decision is a pure function so a workflow can make it and tests can pin it.

export interface RubricCriterion {
  key: string;
  title: string;
  description: string;
  /** Lowest level that meets the criterion. */
  threshold: number;
  /** A critical criterion below its threshold fails the assessment whatever the average. */
  critical: boolean;
  /** The program competency this criterion assesses (Competency.key). */
  competency?: string;
}

export interface Rubric {
  levels: { min: number; max: number; labels: Record<string, string> };
  criteria: RubricCriterion[];
  /** The average over all criteria must reach this. */
  passAverage: number;
}

export type Scores = Record<string, number>;

export interface RubricDecision {
  outcome: 'passed' | 'not_passed';
  average: number;
  /** Criteria below their threshold, critical or not. */
  belowThreshold: string[];
  rationale: string;
}

/** What is wrong with a set of levels, at the first criterion that has it (firstScoreProblem). */
export type ScoreProblem =
  | { kind: 'missing' | 'off-scale'; criterion: RubricCriterion; level: number | undefined }
  | { kind: 'unknown'; key: string };

/** The first problem with a set of levels: a criterion with none, one off the scale, or a key the rubric does not have. */
export function firstScoreProblem(rubric: Rubric, scores: Scores): ScoreProblem | null {
  for (const criterion of rubric.criteria) {
    const level = scores[criterion.key];
    if (level === undefined) return { kind: 'missing', criterion, level };
    if (!Number.isInteger(level) || level < rubric.levels.min || level > rubric.levels.max) return { kind: 'off-scale', criterion, level };
  }
  const known = new Set(rubric.criteria.map((c) => c.key));
  const unknown = Object.keys(scores).find((key) => !known.has(key));
  return unknown === undefined ? null : { kind: 'unknown', key: unknown };
}

/** Returns the problem with a set of scores, or null when every criterion has a level on the scale. */
export function checkScores(rubric: Rubric, scores: Scores): string | null {
  const problem = firstScoreProblem(rubric, scores);
  if (!problem) return null;
  if (problem.kind === 'unknown') return `"${problem.key}" is not a criterion of this rubric`;
  if (problem.kind === 'missing') return `criterion "${problem.criterion.key}" has no score`;
  return `criterion "${problem.criterion.key}" must be an integer level from ${rubric.levels.min} to ${rubric.levels.max}`;
}

export function decide(rubric: Rubric, scores: Scores): RubricDecision {
  const levels = rubric.criteria.map((c) => scores[c.key] ?? rubric.levels.min);
  const average = Math.round((levels.reduce((sum, l) => sum + l, 0) / Math.max(1, levels.length)) * 100) / 100;
  const below = rubric.criteria.filter((c) => (scores[c.key] ?? rubric.levels.min) < c.threshold);
  const criticalMisses = below.filter((c) => c.critical);
  const passed = criticalMisses.length === 0 && average >= rubric.passAverage;
  const reasons: string[] = [];
  for (const c of criticalMisses) {
    reasons.push(`critical criterion "${c.title}" scored ${scores[c.key]}, below its threshold ${c.threshold}`);
  }
  if (average < rubric.passAverage) reasons.push(`average ${average} is below the pass mark ${rubric.passAverage}`);
  const rationale = passed
    ? `Every critical criterion met its threshold and the average ${average} reached the pass mark ${rubric.passAverage}.`
    : `Not passed: ${reasons.join('; ')}.`;
  return { outcome: passed ? 'passed' : 'not_passed', average, belowThreshold: below.map((c) => c.key), rationale };
}
