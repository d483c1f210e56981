import { percentile } from './stats.js';
import type { Random } from '../../domain/seeded-random.js';

// Krippendorff's alpha: how far independent assessors agree beyond what their scores' spread alone
// would give. Pure, no I/O. Written here rather than taken from a library: the npm packages for it are
// unmaintained or nominal-only, and the computation is a few sums over the coincidence matrix
// (Krippendorff, "Computing Krippendorff's Alpha-Reliability", 2011), checked in
// test/services/analytics/reliability.test.ts against that paper's worked example.
//
//   unit      one thing scored by several coders (here: one submission in one round, on one criterion)
//   values    the scores it got; a coder who did not score it is simply absent (missing values are allowed)
//   pairable  a unit with at least two values; a unit with one value says nothing about agreement
//
//   o[c][k]   coincidences: every ordered pair of values (c, k) from different coders in a unit u,
//             weighted 1 / (m_u - 1) where m_u is the unit's number of values, summed over units
//   n_c       Σ_k o[c][k], how often value c was given in pairable units; n = Σ_c n_c
//   alpha     1 - (n - 1) · Σ o[c][k] δ²(c,k) / Σ n_c n_k δ²(c,k)
//
// The distance δ² is what the level of measurement says a disagreement costs. Rubric levels are
// ordinal (Proficient is above Developing, but the step between them need not equal the next step),
// so the calibration report uses the ordinal metric; nominal and interval come from the same matrix.

export type MeasurementLevel = 'nominal' | 'ordinal' | 'interval';

/** One unit's values: one per coder who scored it, missing coders left out. */
export type UnitValues = readonly number[];

export interface Coincidences {
  /** The distinct values, ascending: the rows and columns of `matrix`. */
  values: number[];
  matrix: number[][];
}

const isPairable = (unit: UnitValues) => unit.length >= 2;

/** A unit's contribution to the coincidence matrix, as [row, column, weight] over `index`. */
function unitPairs(unit: UnitValues, index: ReadonlyMap<number, number>): [number, number, number][] {
  if (!isPairable(unit)) return [];
  const weight = 1 / (unit.length - 1);
  const pairs: [number, number, number][] = [];
  for (let i = 0; i < unit.length; i++) {
    for (let j = 0; j < unit.length; j++) if (i !== j) pairs.push([index.get(unit[i]!)!, index.get(unit[j]!)!, weight]);
  }
  return pairs;
}

const valueIndex = (units: readonly UnitValues[]) => {
  const values = [...new Set(units.filter(isPairable).flat())].sort((a, b) => a - b);
  return { values, index: new Map(values.map((v, i) => [v, i])) };
};

export function coincidences(units: readonly UnitValues[]): Coincidences {
  const { values, index } = valueIndex(units);
  const matrix = values.map(() => values.map(() => 0));
  for (const unit of units) for (const [c, k, w] of unitPairs(unit, index)) matrix[c]![k]! += w;
  return { values, matrix };
}

/** δ²(c, k) for the values at indices c and k, given the marginals n (ordinal needs them). */
function distance(level: MeasurementLevel, values: readonly number[], marginals: readonly number[]): (c: number, k: number) => number {
  switch (level) {
    case 'nominal':
      return (c, k) => (c === k ? 0 : 1);
    case 'interval':
      return (c, k) => (values[c]! - values[k]!) ** 2;
    case 'ordinal': {
      // (Σ_{g=c..k} n_g - (n_c + n_k) / 2)²: the distance between two ranks is how many values were
      // given between them, half of each end included, so it follows how the scale is actually used.
      const cumulative = [0];
      for (const n of marginals) cumulative.push(cumulative.at(-1)! + n);
      return (c, k) => {
        const [lo, hi] = c <= k ? [c, k] : [k, c];
        return (cumulative[hi + 1]! - cumulative[lo]! - (marginals[lo]! + marginals[hi]!) / 2) ** 2;
      };
    }
  }
}

/**
 * Alpha from a coincidence matrix; null when it is undefined: fewer than two pairable values, or no
 * variation at all (every value the same), where expected disagreement is zero.
 */
export function alphaFromCoincidences({ values, matrix }: Coincidences, level: MeasurementLevel): number | null {
  const marginals = matrix.map((row) => row.reduce((sum, o) => sum + o, 0));
  const n = marginals.reduce((sum, m) => sum + m, 0);
  if (n < 2) return null;
  const delta = distance(level, values, marginals);
  let observed = 0;
  let expected = 0;
  for (let c = 0; c < values.length; c++) {
    for (let k = 0; k < values.length; k++) {
      const d = delta(c, k);
      observed += matrix[c]![k]! * d;
      expected += marginals[c]! * marginals[k]! * d;
    }
  }
  if (expected === 0) return null;
  return 1 - ((n - 1) * observed) / expected;
}

/** Krippendorff's alpha over units that may have missing values; null when undefined (see above). */
export const krippendorffAlpha = (units: readonly UnitValues[], level: MeasurementLevel = 'ordinal') => alphaFromCoincidences(coincidences(units), level);

/** Units with at least two values, and the number of values they hold (Krippendorff's n). */
export function pairable(units: readonly UnitValues[]): { units: number; values: number } {
  const kept = units.filter(isPairable);
  return { units: kept.length, values: kept.reduce((sum, u) => sum + u.length, 0) };
}

export interface BootstrapOptions {
  level?: MeasurementLevel;
  /** Resamples drawn (1,000 by default). */
  resamples?: number;
  /** Two-sided coverage of the interval (0.95 by default). */
  confidence?: number;
  /** The random source; pass a seeded one (domain/seeded-random.ts) so the interval is reproducible. */
  random: Random;
}

export interface AlphaInterval {
  alpha: number | null;
  lower: number | null;
  upper: number | null;
  /** Resamples where alpha was defined: one with no variation at all has none and is left out. */
  resamples: number;
}

export const DEFAULT_RESAMPLES = 1000;
export const DEFAULT_CONFIDENCE = 0.95;

/**
 * Alpha with a percentile bootstrap interval: draw as many pairable units as there are, with
 * replacement, compute alpha, repeat; the interval is the (1 - confidence) / 2 and (1 + confidence) / 2
 * percentiles of those alphas (nearest rank, the project's one percentile). Units, not single values,
 * are resampled because a unit's scores were given together and are not independent of each other.
 */
export const bootstrapAlpha = (units: readonly UnitValues[], options: BootstrapOptions): AlphaInterval =>
  bootstrapAlphaByCluster(
    units.map((unit) => [unit]),
    options,
  );

/**
 * The same, resampling whole clusters of units: units that are not independent of each other (one
 * panel's scores of one submission on every criterion) go together, or the interval comes out too narrow.
 */
export function bootstrapAlphaByCluster(clusters: readonly (readonly UnitValues[])[], options: BootstrapOptions): AlphaInterval {
  const level = options.level ?? 'ordinal';
  const kept = clusters.map((cluster) => cluster.filter(isPairable)).filter((cluster) => cluster.length > 0);
  const alpha = krippendorffAlpha(kept.flat(), level);
  if (alpha === null) return { alpha, lower: null, upper: null, resamples: 0 };
  // Each cluster's pairs are worked out once; a resample only adds them up.
  const { values, index } = valueIndex(kept.flat());
  const contributions = kept.map((cluster) => cluster.flatMap((unit) => unitPairs(unit, index)));
  const alphas: number[] = [];
  for (let r = 0; r < (options.resamples ?? DEFAULT_RESAMPLES); r++) {
    const matrix = values.map(() => values.map(() => 0));
    for (let i = 0; i < kept.length; i++) {
      for (const [c, k, w] of contributions[Math.floor(options.random() * kept.length)]!) matrix[c]![k]! += w;
    }
    const resampled = alphaFromCoincidences({ values, matrix }, level);
    if (resampled !== null) alphas.push(resampled);
  }
  const tail = ((1 - (options.confidence ?? DEFAULT_CONFIDENCE)) / 2) * 100;
  return { alpha, lower: percentile(alphas, tail), upper: percentile(alphas, 100 - tail), resamples: alphas.length };
}
