// ISO 8601 durations (P1Y2M10DT2H30M) added to ISO instants, in UTC, with calendar semantics for years
// and months (31 Jan + P1M = 28/29 Feb). Pure and deterministic: used by workflows and services alike.

export interface IsoDuration {
  years: number;
  months: number;
  weeks: number;
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
}

const PATTERN =
  /^P(?!$)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?!$)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

export function parseIsoDuration(text: string): IsoDuration {
  const match = PATTERN.exec(text);
  if (!match) throw new RangeError(`"${text}" is not an ISO 8601 duration such as P1Y, P30D or PT12H`);
  const n = (i: number) => Number(match[i] ?? 0);
  return { years: n(1), months: n(2), weeks: n(3), days: n(4), hours: n(5), minutes: n(6), seconds: n(7) };
}

export function isIsoDuration(text: string): boolean {
  return PATTERN.test(text);
}

export function addIsoDuration(instant: string, duration: string, sign: 1 | -1 = 1): string {
  const d = parseIsoDuration(duration);
  const date = new Date(instant);
  if (Number.isNaN(date.getTime())) throw new RangeError(`"${instant}" is not an ISO 8601 instant`);
  const shifted = plusMonths(fieldsOf(date), sign * (d.years * 12 + d.months));
  const fixedMs = (((d.weeks * 7 + d.days) * 24 + d.hours) * 60 + d.minutes) * 60_000 + d.seconds * 1000;
  return new Date(shifted + sign * fixedMs).toISOString();
}

/**
 * Whole months between two instants, as HR counts tenure: n months are complete once `from + PnM`
 * (with addIsoDuration's month-end clamping: both use plusMonths) is not after `to`.
 */
export function wholeMonthsBetween(from: string | Date, to: string | Date): number {
  // Arithmetic on the fields of `from`, read once, rather than a Date per candidate month: this runs at
  // every eligibility evaluation (bench/suites/rules.ts).
  const start = fieldsOf(typeof from === 'string' ? new Date(from) : from);
  const endDate = typeof to === 'string' ? new Date(to) : to;
  const end = endDate.getTime();
  let months = (endDate.getUTCFullYear() - start.year) * 12 + (endDate.getUTCMonth() - start.month);
  while (months > 0 && plusMonths(start, months) > end) months -= 1;
  return Math.max(0, months);
}

interface DateFields {
  year: number;
  month: number;
  day: number;
  /** Milliseconds since that day's midnight, UTC. */
  timeOfDay: number;
}

function fieldsOf(date: Date): DateFields {
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth();
  const day = date.getUTCDate();
  return { year, month, day, timeOfDay: date.getTime() - Date.UTC(year, month, day) };
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const isLeapYear = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

/** The date + PnM (n may be negative) in epoch ms, the day clamped to the month's last (31 Jan + P1M = 28/29 Feb). */
function plusMonths({ year, month, day, timeOfDay }: DateFields, months: number): number {
  const totalMonths = month + months;
  const toYear = year + Math.floor(totalMonths / 12);
  const toMonth = ((totalMonths % 12) + 12) % 12;
  const lastDay = toMonth === 1 && isLeapYear(toYear) ? 29 : DAYS_IN_MONTH[toMonth]!;
  return Date.UTC(toYear, toMonth, Math.min(day, lastDay)) + timeOfDay;
}
