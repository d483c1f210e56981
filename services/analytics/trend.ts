import { inQuarter, type Quarter, shiftQuarter } from '../../domain/quarter.js';
import { rate } from './stats.js';

// Pass rate per calendar quarter, by the date each assessment was decided. A quarter with fewer
// decisions than the minimum group size is suppressed (no counts, no rate), like any small group.
// The program dashboard and the quarterly report share it.

export interface DecisionRecord {
  decidedAt: Date;
  outcome: string;
}

export interface TrendPoint {
  quarter: string;
  /** All null when fewer decisions than the minimum group size. */
  decided: number | null;
  passed: number | null;
  passRate: number | null;
  suppressed: boolean;
}

/** The `count` quarters ending with `last`, oldest first. */
export function passRateTrend(decisions: readonly DecisionRecord[], last: Quarter, count: number, minGroupSize: number): TrendPoint[] {
  return Array.from({ length: count }, (_, i) => shiftQuarter(last, i - count + 1)).map((quarter) => {
    const rows = decisions.filter((d) => inQuarter(d.decidedAt, quarter));
    if (rows.length < minGroupSize) return { quarter: quarter.name, decided: null, passed: null, passRate: null, suppressed: true };
    const passed = rows.filter((d) => d.outcome === 'passed').length;
    return { quarter: quarter.name, decided: rows.length, passed, passRate: rate(passed, rows.length), suppressed: false };
  });
}
