// Small figures used by the program analytics. Pure functions, no I/O. Median and percentile are the
// project's one definition (domain/statistics.ts), re-exported for the analytics modules.

export { median, percentile } from '../../domain/statistics.js';

/** A share rounded to four decimals, or null when there is nothing to divide by. */
export function rate(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000;
}

export const DAY_MS = 24 * 60 * 60 * 1000;

export const daysBetween = (from: Date, to: Date) => Math.round(((to.getTime() - from.getTime()) / DAY_MS) * 10) / 10;
