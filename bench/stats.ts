// Percentiles and summaries of timing samples. Nearest-rank percentiles: every reported figure is a
// sample that was actually observed, never an interpolation between two.

import { median as domainMedian, percentile } from '../domain/statistics.js';

export interface Summary {
  count: number;
  mean: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

/** Nearest-rank percentile (domain/statistics.ts, as the analytics report it); NaN when there are no samples. */
const at = (samples: readonly number[], p: number): number => percentile(samples, p) ?? Number.NaN;

export function summarize(samples: readonly number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  const mean = sorted.reduce((sum, x) => sum + x, 0) / (sorted.length || 1);
  return {
    count: sorted.length,
    mean,
    p50: at(sorted, 50),
    p90: at(sorted, 90),
    p99: at(sorted, 99),
    max: sorted.at(-1) ?? Number.NaN,
  };
}

/** The median as the analytics define it (mean of the two middle samples for an even count); NaN when none. */
export function median(samples: readonly number[]): number {
  return domainMedian(samples) ?? Number.NaN;
}

/** certiflow ÷ baseline, or null when the baseline is zero or missing. */
export function ratio(certiflow: number, baseline: number | null | undefined): number | null {
  return baseline === null || baseline === undefined || baseline === 0 || !Number.isFinite(baseline) ? null : certiflow / baseline;
}

/** Milliseconds since `start` (a performance.now() reading). */
export const elapsedMs = (start: number): number => performance.now() - start;
