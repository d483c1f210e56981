import { inQuarter, type Quarter, quarterOf, shiftQuarter } from '../../domain/quarter.js';
import { rate } from './stats.js';
import { hiddenCells, peopleIn, type SuppressionRule } from './suppression.js';

// Pass rate per calendar quarter, by the date each assessment was decided. The program dashboard and
// the quarterly report share it. The quarters of a program's history add up to its total, published
// elsewhere, so they are one breakdown for suppression.ts: a quarter with fewer people decided than the
// minimum group size is suppressed, and so is a complement. Suppression is decided over the whole
// history, never over the window asked for, so two windows cannot be subtracted from each other.

export interface DecisionRecord {
  /** The journey decided: people are counted once however many decisions they had. */
  journeyId: string;
  decidedAt: Date;
  outcome: string;
}

export interface TrendPoint {
  quarter: string;
  /** All null when suppressed. */
  decided: number | null;
  passed: number | null;
  passRate: number | null;
  suppressed: boolean;
}

export interface QuarterCell<T> {
  rows: T[];
  hidden: boolean;
}

/**
 * Events per quarter from the first event's quarter to `through`, each marked hidden or not. A quarter
 * missing from the map had no event (and is shown as suppressed, like any empty group).
 */
export function quarterlyCells<T>(
  events: readonly T[],
  at: (event: T) => Date,
  personOf: (event: T) => string,
  through: Quarter,
  rule: SuppressionRule,
): Map<string, QuarterCell<T>> {
  const end = Date.parse(through.end);
  const inRange = events.filter((e) => at(e).getTime() < end);
  if (inRange.length === 0) return new Map();
  let quarter = quarterOf(new Date(Math.min(...inRange.map((e) => at(e).getTime()))));
  const series: { quarter: string; rows: T[] }[] = [];
  for (; Date.parse(quarter.start) < end; quarter = shiftQuarter(quarter, 1)) {
    const q = quarter;
    series.push({ quarter: q.name, rows: inRange.filter((e) => inQuarter(at(e), q)) });
  }
  const hidden = hiddenCells(
    series.map((s) => ({ key: s.quarter, people: peopleIn(s.rows, personOf) })),
    rule,
  );
  return new Map(series.map((s) => [s.quarter, { rows: s.rows, hidden: hidden.has(s.quarter) }]));
}

/**
 * The `count` quarters ending with `last`, oldest first; suppression is decided over the history up to
 * `through` (the current quarter), the same for every window and for the dashboard and the report.
 */
export function passRateTrend(decisions: readonly DecisionRecord[], last: Quarter, count: number, rule: SuppressionRule, through: Quarter = last): TrendPoint[] {
  const end = Date.parse(through.end) > Date.parse(last.end) ? through : last;
  const cells = quarterlyCells(decisions, (d) => d.decidedAt, (d) => d.journeyId, end, rule);
  return Array.from({ length: count }, (_, i) => shiftQuarter(last, i - count + 1)).map((quarter) => {
    const cell = cells.get(quarter.name);
    if (!cell || cell.rows.length === 0 || cell.hidden) return { quarter: quarter.name, decided: null, passed: null, passRate: null, suppressed: true };
    const passed = cell.rows.filter((d) => d.outcome === 'passed').length;
    return { quarter: quarter.name, decided: cell.rows.length, passed, passRate: rate(passed, cell.rows.length), suppressed: false };
  });
}
