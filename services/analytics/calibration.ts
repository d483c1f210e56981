import { inQuarter, type Quarter } from '../../domain/quarter.js';
import { type BootstrapOptions, bootstrapAlphaByCluster, DEFAULT_CONFIDENCE, DEFAULT_RESAMPLES, pairable, type UnitValues } from './reliability.js';
import { seededRandom } from '../../domain/seeded-random.js';
import { type SuppressionRule, suppressionRule } from './suppression.js';

// Assessor calibration for the committee: how far a program's panels agree on each rubric criterion
// (Krippendorff's alpha, ordinal, with a bootstrap interval) and how each assessor scores against the
// rest of their panels (severity, agreement). Pure: the rows come from panel-scores.ts.
//
//   unit          one submission in one assessment round, on one criterion; its values are the panel's
//                 independent scores (PanelScore), so a reassessment by a new panel is a unit of its own
//   quarter       a unit belongs to the quarter of its last panel score: when its panel finished scoring
//   consensus     for one assessor's score, the mean of the *other* panel members' scores on the same
//                 unit (leave-one-out: with the assessor in it, the mean would lean toward them and hide
//                 a third of the deviation on a panel of three); no other score, no consensus
//   severity      the mean of (score - consensus) over the assessor's scores with a consensus, in rubric
//                 levels: negative means harsher than their panels, positive more lenient
//   agreement     the share of those scores within one level of the consensus (|score - consensus| <= 1),
//                 equal scores included
//
// Thin data (see thresholds()) is suppressed: figures null, `suppressed: true`, as in the rest of
// analytics. An assessor's figures are never summed into a published total, so hiding the thin ones
// needs no complements; the thin ones share one unnamed row, as suppressed groups do elsewhere.

export interface PanelScoreRecord {
  submissionId: string;
  round: number;
  assessorId: string;
  submittedAt: Date;
  /** Criterion key -> level. */
  scores: Readonly<Record<string, number>>;
}

export interface CriterionRef {
  key: string;
  title: string;
}

export interface CalibrationDataset {
  /** The program's rubric criteria, in rubric order (every pathway's, each key once). */
  criteria: CriterionRef[];
  scores: PanelScoreRecord[];
  /** Assessors' names by id, for the committee's table. */
  assessorNames: ReadonlyMap<string, string>;
}

export interface CriterionReliability {
  /** Null for the row pooling every criterion. */
  criterion: string | null;
  title: string;
  suppressed: boolean;
  /** Pairable units (submissions in a round with two or more scores on this criterion); null when suppressed. */
  units: number | null;
  /** Scores in those units (Krippendorff's n); null when suppressed. */
  values: number | null;
  /** Ordinal alpha; null when suppressed or undefined (no variation in the scores at all). */
  alpha: number | null;
  lower: number | null;
  upper: number | null;
}

export interface AssessorCalibration {
  /** Null for the one row standing for every assessor with too few submissions. */
  assessorId: string | null;
  name: string | null;
  suppressed: boolean;
  /** Submissions (in a round) the assessor scored alongside at least one other panel member. */
  submissions: number | null;
  /** Criterion scores compared with a consensus. */
  comparisons: number | null;
  severity: number | null;
  agreement: number | null;
}

export interface CalibrationThresholds {
  minGroupSize: number;
  /** Pairable units a criterion's alpha needs. */
  minUnits: number;
  /** Submissions an assessor's figures need. */
  minSubmissions: number;
}

export interface CalibrationReport extends CalibrationThresholds {
  programId: string;
  /** "2026-Q3", or null for the program's whole history. */
  quarter: string | null;
  level: 'ordinal';
  resamples: number;
  confidence: number;
  criteria: CriterionReliability[];
  /** Every criterion's units together: one reading for the whole rubric. */
  overall: CriterionReliability;
  assessors: AssessorCalibration[];
}

/** Severity beyond this many levels is worth the committee's attention (the report counts them). */
export const NOTABLE_SEVERITY = 0.5;
/** The bootstrap's seed: fixed, so the same data always gives the same interval. */
export const CALIBRATION_SEED = 17;

/**
 * Thresholds tied to the deployment's minimum group size (5 unless configured):
 *   - a criterion's alpha needs at least twice that many pairable units (10): alpha from fewer has an
 *     interval too wide to read (on Krippendorff's example of 11 pairable units it spans 0.44 to 0.99);
 *   - an assessor's figures need at least that many submissions scored alongside others (5), the same
 *     floor as any group's figures, so one or two unusual submissions do not label a person.
 */
export function thresholds(rule: SuppressionRule): CalibrationThresholds {
  return { minGroupSize: rule.minGroupSize, minUnits: 2 * rule.minGroupSize, minSubmissions: rule.minGroupSize };
}

/** The panel's scores grouped by submission and round, kept to the quarter when one is given. */
export function panels(scores: readonly PanelScoreRecord[], quarter?: Quarter): PanelScoreRecord[][] {
  const byUnit = new Map<string, PanelScoreRecord[]>();
  for (const s of scores) {
    const key = `${s.submissionId}\u0000${s.round}`;
    byUnit.set(key, [...(byUnit.get(key) ?? []), s]);
  }
  const last = (panel: PanelScoreRecord[]) => new Date(Math.max(...panel.map((s) => s.submittedAt.getTime())));
  return [...byUnit.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([, panel]) => [...panel].sort((a, b) => a.assessorId.localeCompare(b.assessorId)))
    .filter((panel) => !quarter || inQuarter(last(panel), quarter));
}

const scoreOn = (s: PanelScoreRecord, criterion: string): number | undefined => {
  const level = s.scores[criterion];
  return typeof level === 'number' && Number.isFinite(level) ? level : undefined;
};

const valuesOn = (panel: readonly PanelScoreRecord[], criterion: string): UnitValues => panel.flatMap((s) => scoreOn(s, criterion) ?? []);

const round4 = (x: number | null) => (x === null ? null : Math.round(x * 10_000) / 10_000);

/**
 * One row of alpha. `clusters` are the units the bootstrap resamples together: one submission's units
 * (a single one for a criterion; one per criterion for the pooled row, whose units share a panel).
 */
export function criterionReliability(
  criterion: CriterionRef | null,
  clusters: readonly (readonly UnitValues[])[],
  minUnits: number,
  bootstrap: Omit<BootstrapOptions, 'random'>,
): CriterionReliability {
  const key = criterion?.key ?? null;
  const title = criterion?.title ?? 'All criteria';
  const size = pairable(clusters.flat());
  if (size.units < minUnits) return { criterion: key, title, suppressed: true, units: null, values: null, alpha: null, lower: null, upper: null };
  // A fresh generator per row: each interval depends on its own data only, not on the rows before it.
  const interval = bootstrapAlphaByCluster(clusters, { ...bootstrap, random: seededRandom(CALIBRATION_SEED) });
  return { criterion: key, title, suppressed: false, ...size, alpha: round4(interval.alpha), lower: round4(interval.lower), upper: round4(interval.upper) };
}

/** Each assessor's deviations from the leave-one-out consensus, over every criterion of every panel. */
export function deviations(groups: readonly (readonly PanelScoreRecord[])[], criteria: readonly string[]): Map<string, { submissions: number; deviations: number[] }> {
  const byAssessor = new Map<string, { submissions: number; deviations: number[] }>();
  for (const panel of groups) {
    for (const s of panel) {
      const own: number[] = [];
      for (const criterion of criteria) {
        const score = scoreOn(s, criterion);
        const others = panel.filter((o) => o !== s).flatMap((o) => scoreOn(o, criterion) ?? []);
        if (score === undefined || others.length === 0) continue;
        own.push(score - others.reduce((sum, v) => sum + v, 0) / others.length);
      }
      if (own.length === 0) continue;
      const entry = byAssessor.get(s.assessorId) ?? { submissions: 0, deviations: [] };
      entry.submissions += 1;
      entry.deviations.push(...own);
      byAssessor.set(s.assessorId, entry);
    }
  }
  return byAssessor;
}

const SUPPRESSED_ASSESSOR: AssessorCalibration = { assessorId: null, name: null, suppressed: true, submissions: null, comparisons: null, severity: null, agreement: null };

export function assessorCalibration(
  groups: readonly (readonly PanelScoreRecord[])[],
  criteria: readonly string[],
  names: ReadonlyMap<string, string>,
  minSubmissions: number,
): AssessorCalibration[] {
  const all = [...deviations(groups, criteria)].sort(([a], [b]) => a.localeCompare(b));
  const shown = all
    .filter(([, d]) => d.submissions >= minSubmissions)
    .map(([assessorId, d]): AssessorCalibration => ({
      assessorId,
      name: names.get(assessorId) ?? null,
      suppressed: false,
      submissions: d.submissions,
      comparisons: d.deviations.length,
      severity: round4(d.deviations.reduce((sum, x) => sum + x, 0) / d.deviations.length),
      agreement: round4(d.deviations.filter((x) => Math.abs(x) <= 1).length / d.deviations.length),
    }));
  return shown.length < all.length ? [...shown, SUPPRESSED_ASSESSOR] : shown;
}

export interface CalibrationOptions {
  minGroupSize?: number;
  floor?: number;
  resamples?: number;
  confidence?: number;
}

export function calibrationReport(programId: string, dataset: CalibrationDataset, quarter: Quarter | null, options: CalibrationOptions = {}): CalibrationReport {
  const limits = thresholds(suppressionRule(options.minGroupSize, options.floor));
  const bootstrap = { level: 'ordinal' as const, resamples: options.resamples ?? DEFAULT_RESAMPLES, confidence: options.confidence ?? DEFAULT_CONFIDENCE };
  const groups = panels(dataset.scores, quarter ?? undefined);
  const keys = dataset.criteria.map((c) => c.key);
  const unitsOf = (key: string) => groups.map((panel) => [valuesOn(panel, key)]);
  return {
    programId,
    quarter: quarter?.name ?? null,
    ...limits,
    level: bootstrap.level,
    resamples: bootstrap.resamples,
    confidence: bootstrap.confidence,
    criteria: dataset.criteria.map((c) => criterionReliability(c, unitsOf(c.key), limits.minUnits, bootstrap)),
    overall: criterionReliability(
      null,
      groups.map((panel) => keys.map((key) => valuesOn(panel, key))),
      limits.minUnits,
      bootstrap,
    ),
    assessors: assessorCalibration(groups, keys, dataset.assessorNames, limits.minSubmissions),
  };
}

/**
 * What the quarterly report may say about assessors, which goes to more people than the committee:
 * counts only, and only when at least the minimum group size of assessors have figures, so no count
 * can be pinned on one person. Null when too few.
 */
export function assessorCounts(report: CalibrationReport): { assessed: number | null; harsher: number | null; moreLenient: number | null } {
  const shown = report.assessors.filter((a) => !a.suppressed && a.severity !== null);
  if (shown.length < report.minGroupSize) return { assessed: null, harsher: null, moreLenient: null };
  return {
    assessed: shown.length,
    harsher: shown.filter((a) => a.severity! < -NOTABLE_SEVERITY).length,
    moreLenient: shown.filter((a) => a.severity! > NOTABLE_SEVERITY).length,
  };
}
