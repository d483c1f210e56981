import type { Rubric, Scores } from '../domain/rubric.js';
import { coincidences, krippendorffAlpha } from './analytics/reliability.js';

// A calibration exercise's figures (services/calibration-exercises.ts): assessors score one shared
// benchmark submission, which belongs to no candidate, and each then sees how their levels compare with
// the others' and with the committee's reference. Pure, and deliberately outside services/analytics: the
// analytics read real panels only, and nothing there reads an exercise. Only the statistics are shared
// (reliability.ts). Severity is as in the calibration report (analytics/calibration.ts): the mean of
// (my level - the mean of the others' levels), negative is harsher.

/** Below this many sheets the others' levels are not shown to an assessor: with two, they would be the other's sheet. */
export const MIN_SHEETS_FOR_DISTRIBUTION = 3;

/**
 * Others' sheets reach an assessor's figures in whole batches of this many, in the order they came in.
 * Were each sheet counted as it arrived, an assessor who looked before and after one more sheet came in
 * would read that sheet's levels off the change in the distribution. Released in batches, any change
 * they can see covers at least two other assessors' sheets (three, or two when their own is in the batch),
 * as the smallest figure shown does. The committee's summary has every sheet at once.
 */
export const SHEET_BATCH = MIN_SHEETS_FOR_DISTRIBUTION;

/** The sheets released to assessors' figures: the first whole batches, in the order the sheets came in. */
export const releasedSheets = <S>(sheetsInOrder: readonly S[]): S[] => sheetsInOrder.slice(0, Math.floor(sheetsInOrder.length / SHEET_BATCH) * SHEET_BATCH);

export interface ExerciseSheet {
  assessorId: string;
  scores: Scores;
  comment?: string;
}

export interface LevelCount {
  level: number;
  count: number;
}

export interface CriterionComparison {
  criterion: string;
  title: string;
  /** The viewer's level. */
  mine: number;
  /** The committee's agreed level, when the exercise has one (shown whatever the number of sheets). */
  reference: number | null;
  /** Sheets per level, the viewer's included, lowest level first; null while held back. */
  distribution: LevelCount[] | null;
  /** Mean level over every sheet, the viewer's included; null while held back. */
  mean: number | null;
  /** Mean of the other assessors' levels; null while held back. */
  othersMean: number | null;
  /** mine - othersMean: negative is harsher. */
  deviation: number | null;
}

export interface ExerciseComparison {
  /** The sheets compared: the viewer's and the others' released so far (releasedSheets). */
  sheets: number;
  /** True while fewer than MIN_SHEETS_FOR_DISTRIBUTION sheets are released: only the reference is compared. */
  heldBack: boolean;
  criteria: CriterionComparison[];
  /** Mean deviation over the criteria; null while held back. */
  severity: number | null;
  /** Criteria where the viewer's level equals the reference; null without a reference. */
  matchesReference: number | null;
}

const mean = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0) / values.length;
const round = (value: number): number => Math.round(value * 1000) / 1000;
const levelsOf = (sheets: readonly ExerciseSheet[], criterion: string) => sheets.map((s) => s.scores[criterion]!);

function distribution(rubric: Rubric, levels: readonly number[]): LevelCount[] {
  const scale = Array.from({ length: rubric.levels.max - rubric.levels.min + 1 }, (_, i) => rubric.levels.min + i);
  return scale.map((level) => ({ level, count: levels.filter((v) => v === level).length }));
}

/** Share of pairs of assessors who gave the same level: the diagonal of the coincidence matrix over n. */
function pairwiseAgreement(levels: readonly number[]): number | null {
  if (levels.length < 2) return null;
  const { matrix } = coincidences([levels]);
  const total = matrix.flat().reduce((a, b) => a + b, 0);
  return round(matrix.reduce((sum, row, i) => sum + row[i]!, 0) / total);
}

/**
 * How `mine` compares, criterion by criterion, against the released sheets (`sheetsInOrder` is every sheet
 * in the order it came in): what needs the others' sheets only from MIN_SHEETS_FOR_DISTRIBUTION.
 */
export function compareSheet(rubric: Rubric, reference: Scores | null, sheetsInOrder: readonly ExerciseSheet[], mine: ExerciseSheet): ExerciseComparison {
  const others = releasedSheets(sheetsInOrder).filter((s) => s.assessorId !== mine.assessorId);
  const sheets = [...others, mine];
  const heldBack = others.length === 0 || sheets.length < MIN_SHEETS_FOR_DISTRIBUTION;
  const criteria = rubric.criteria.map((criterion): CriterionComparison => {
    const level = mine.scores[criterion.key]!;
    const othersMean = !heldBack && others.length > 0 ? round(mean(levelsOf(others, criterion.key))) : null;
    return {
      criterion: criterion.key,
      title: criterion.title,
      mine: level,
      reference: reference?.[criterion.key] ?? null,
      distribution: heldBack ? null : distribution(rubric, levelsOf(sheets, criterion.key)),
      mean: heldBack ? null : round(mean(levelsOf(sheets, criterion.key))),
      othersMean,
      deviation: othersMean === null ? null : round(level - othersMean),
    };
  });
  // From the unrounded deviations, so it equals the committee's figure for the same sheet.
  const severity = heldBack || others.length === 0 ? null : round(mean(rubric.criteria.map((c) => mine.scores[c.key]! - mean(levelsOf(others, c.key)))));
  return {
    sheets: sheets.length,
    heldBack,
    criteria,
    severity,
    matchesReference: reference ? criteria.filter((c) => c.reference !== null && c.reference === c.mine).length : null,
  };
}

export interface SummaryCriterion {
  criterion: string;
  title: string;
  reference: number | null;
  distribution: LevelCount[];
  mean: number | null;
  min: number | null;
  max: number | null;
  /** Share of pairs of assessors who gave the same level; null below two sheets. */
  agreement: number | null;
}

export interface SummaryAssessor {
  assessorId: string;
  scores: Scores;
  comment: string;
  /** Per criterion: their level minus the others' mean (null alone). */
  deviations: { criterion: string; level: number; deviation: number | null }[];
  severity: number | null;
  matchesReference: number | null;
}

export interface ExerciseSummary {
  sheets: number;
  criteria: SummaryCriterion[];
  /**
   * Krippendorff's alpha (ordinal) over the exercise, the criteria as units and the assessors' levels as
   * the values. One submission gives one unit per criterion, and alpha over a single unit says nothing,
   * so per criterion the summary gives the pairwise agreement instead. Null below two sheets or with no
   * variation at all.
   */
  alpha: number | null;
  assessors: SummaryAssessor[];
}

/** The committee's view: every sheet by assessor, the spread and agreement per criterion, and alpha over the exercise. */
export function summariseExercise(rubric: Rubric, reference: Scores | null, sheets: readonly ExerciseSheet[]): ExerciseSummary {
  const criteria = rubric.criteria.map((criterion): SummaryCriterion => {
    const levels = levelsOf(sheets, criterion.key);
    return {
      criterion: criterion.key,
      title: criterion.title,
      reference: reference?.[criterion.key] ?? null,
      distribution: distribution(rubric, levels),
      mean: levels.length ? round(mean(levels)) : null,
      min: levels.length ? Math.min(...levels) : null,
      max: levels.length ? Math.max(...levels) : null,
      agreement: pairwiseAgreement(levels),
    };
  });
  const alpha = sheets.length >= 2 ? krippendorffAlpha(rubric.criteria.map((c) => levelsOf(sheets, c.key)), 'ordinal') : null;
  // The committee sees every figure whatever the number of sheets: it reads the sheets themselves anyway.
  const assessors = sheets.map((sheet): SummaryAssessor => {
    const others = sheets.filter((s) => s.assessorId !== sheet.assessorId);
    const deviations = rubric.criteria.map((c) => {
      const level = sheet.scores[c.key]!;
      return { criterion: c.key, level, deviation: others.length ? round(level - mean(levelsOf(others, c.key))) : null };
    });
    return {
      assessorId: sheet.assessorId,
      scores: sheet.scores,
      comment: sheet.comment ?? '',
      deviations,
      severity: others.length ? round(mean(rubric.criteria.map((c) => sheet.scores[c.key]! - mean(levelsOf(others, c.key))))) : null,
      matchesReference: reference ? rubric.criteria.filter((c) => reference[c.key] === sheet.scores[c.key]).length : null,
    };
  });
  return { sheets: sheets.length, criteria, alpha: alpha === null ? null : round(alpha), assessors };
}
