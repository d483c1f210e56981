import { ErrorCode, fail, ok, type Result } from './errors.js';

// Calendar quarters in UTC, named "2026-Q3". Pure and free of Node APIs: workflows use it too.

export interface Quarter {
  /** "2026-Q3" */
  name: string;
  year: number;
  /** 1..4 */
  index: number;
  /** First instant of the quarter (inclusive), ISO-8601. */
  start: string;
  /** First instant of the next quarter (exclusive), ISO-8601. */
  end: string;
}

const QUARTER = /^(\d{4})-Q([1-4])$/;

function build(year: number, index: number): Quarter {
  return {
    name: `${year}-Q${index}`,
    year,
    index,
    start: new Date(Date.UTC(year, (index - 1) * 3, 1)).toISOString(),
    end: new Date(Date.UTC(year, index * 3, 1)).toISOString(),
  };
}

export function parseQuarter(name: string): Result<Quarter> {
  const match = QUARTER.exec(name.trim());
  if (!match) return fail(ErrorCode.InvalidInput, `"${name}" is not a quarter; write it as 2026-Q3.`, 'quarter');
  return ok(build(Number(match[1]), Number(match[2])));
}

export function quarterOf(instant: Date | string): Quarter {
  const date = new Date(instant);
  return build(date.getUTCFullYear(), Math.floor(date.getUTCMonth() / 3) + 1);
}

/** The quarter `steps` quarters before (negative) or after (positive) this one. */
export function shiftQuarter(quarter: Quarter, steps: number): Quarter {
  const ordinal = quarter.year * 4 + (quarter.index - 1) + steps;
  return build(Math.floor(ordinal / 4), (ordinal % 4) + 1);
}

/** The last complete quarter at this instant: what a report run on the first day of a quarter covers. */
export const previousQuarter = (instant: Date | string): Quarter => shiftQuarter(quarterOf(instant), -1);

export function inQuarter(instant: Date, quarter: Quarter): boolean {
  const t = instant.getTime();
  return t >= Date.parse(quarter.start) && t < Date.parse(quarter.end);
}
