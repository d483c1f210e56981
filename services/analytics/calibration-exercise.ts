import type { Rubric, Scores } from '../../domain/rubric.js';
import { krippendorffAlpha } from './reliability.js';

// A calibration exercise's figures (services/calibration-exercises.ts): assessors score one shared
// benchmark submission, which belongs to no candidate, and each then sees how their levels compare with
// the others' and with the committee's reference. Severity is as in the calibration report (calibration.ts):
// the mean of (my level - the mean of the others' levels), negative is harsher.

/** Below this many score sheets the distribution of the others is not shown: with two, it is the other's sheet. */
export const MIN_SHEETS_FOR_DISTRIBUTION = 3;

export interface ExerciseSheet {
  assessorId: string;
  scores: Scores;
  comment?: string;
}

export interface CriterionComparison {
  criterion: string;
  title: string;
  /** The viewer's level. */
  mine: number;
  /** The committee's agreed level, when the exercise has one. */
  reference: number | null;
  /** Number of sheets per level, lowest level first; null while fewer than MIN_SHEETS_FOR_DISTRIBUTION. */
  distribution: { level: number; count: number }[] | null;
  /** Mean of the other assessors' levels; null while the distribution is held back. */
  othersMean: number | null;
  /** mine - othersMean. */
  deviation: number | null;
}

export interface ExerciseComparison {
  sheets: number;
  criteria: CriterionComparison[];
  /** Mean deviation over the criteria; null while held back. */
  severity: number | null;
  /** Criteria where the viewer's level equals the reference. */
  matchesReference: number | null;
}

const mean = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0) / values.length;
const round = (value: number): number => Math.round(value * 1000) / 1000;

/** How `mine` compares, criterion by criterion; what needs the others' sheets only from MIN_SHEETS_FOR_DISTRIBUTION. */
export function compareSheet(rubric: Rubric, reference: Scores | null, sheets: readonly ExerciseSheet[], mine: ExerciseSheet): ExerciseComparison {
  const shown = sheets.length >= MIN_SHEETS_FOR_DISTRIBUTION;
  const others = sheets.filter((s) => s.assessorId !== mine.assessorId);
  const criteria = rubric.criteria.map((criterion): CriterionComparison => {
    const level = mine.scores[criterion.key]!;
    const levels = sheets.map((s) => s.scores[criterion.key]!);
    const othersMean = shown && others.length > 0 ? round(mean(others.map((s) => s.scores[criterion.key]!))) : null;
    const distribution = shown
      ? Array.from({ length: rubric.levels.max - rubric.levels.min + 1 }, (_, i) => rubric.levels.min + i).map((l) => ({ level: l, count: levels.filter((v) => v === l).length }))
      : null;
    return {
      criterion: criterion.key,
      title: criterion.title,
      mine: level,
      reference: reference?.[criterion.key] ?? null,
      distribution,
      othersMean,
      deviation: othersMean === null ? null : round(level - othersMean),
    };
  });
  const deviations = criteria.flatMap((c) => (c.deviation === null ? [] : [c.deviation]));
  return {
    sheets: sheets.length,
    criteria,
    severity: deviations.length ? round(mean(deviations)) : null,
    matchesReference: reference ? criteria.filter((c) => c.reference !== null && c.reference === c.mine).length : null,
  };
}

export interface ExerciseSummary {
  sheets: number;
  /** Per criterion: mean level, lowest and highest, and the reference. */
  criteria: { criterion: string; title: string; mean: number | null; min: number | null; max: number | null; reference: number | null }[];
  /**
   * Krippendorff's alpha (ordinal) over the exercise, the criteria as units and the assessors' levels as
   * the values: how far the assessors agree on this one submission. Null below two sheets or with no
   * variation at all.
   */
  alpha: number | null;
  /** Each assessor's severity against the others, for the committee. */
  assessors: { assessorId: string; scores: Scores; comment: string; severity: number | null; matchesReference: number | null }[];
}

/** The committee's view: every sheet compared, the spread per criterion, and agreement over the exercise. */
export function summariseExercise(rubric: Rubric, reference: Scores | null, sheets: readonly ExerciseSheet[]): ExerciseSummary {
  const criteria = rubric.criteria.map((criterion) => {
    const levels = sheets.map((s) => s.scores[criterion.key]!);
    return {
      criterion: criterion.key,
      title: criterion.title,
      mean: levels.length ? round(mean(levels)) : null,
      min: levels.length ? Math.min(...levels) : null,
      max: levels.length ? Math.max(...levels) : null,
      reference: reference?.[criterion.key] ?? null,
    };
  });
  const units = rubric.criteria.map((criterion) => sheets.map((s) => s.scores[criterion.key]!));
  const alpha = sheets.length >= 2 ? krippendorffAlpha(units, 'ordinal') : null;
  // The committee sees every figure, whatever the number of sheets (it sees the sheets themselves too).
  const assessors = sheets.map((sheet) => {
    const compared = compareSheet(rubric, reference, sheets, sheet);
    const others = sheets.filter((s) => s.assessorId !== sheet.assessorId);
    const deviations = others.length ? rubric.criteria.map((c) => sheet.scores[c.key]! - mean(others.map((o) => o.scores[c.key]!))) : [];
    return { assessorId: sheet.assessorId, scores: sheet.scores, comment: sheet.comment ?? '', severity: deviations.length ? round(mean(deviations)) : null, matchesReference: compared.matchesReference };
  });
  return { sheets: sheets.length, criteria, alpha: alpha === null ? null : round(alpha), assessors };
}
