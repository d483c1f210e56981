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
  const totalMonths = date.getUTCMonth() + sign * (d.years * 12 + d.months);
  const year = date.getUTCFullYear() + Math.floor(totalMonths / 12);
  const month = ((totalMonths % 12) + 12) % 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const shifted = Date.UTC(
    year,
    month,
    Math.min(date.getUTCDate(), lastDay),
    date.getUTCHours(),
    date.getUTCMinutes(),
    date.getUTCSeconds(),
    date.getUTCMilliseconds(),
  );
  const fixedMs = (((d.weeks * 7 + d.days) * 24 + d.hours) * 60 + d.minutes) * 60_000 + d.seconds * 1000;
  return new Date(shifted + sign * fixedMs).toISOString();
}

/**
 * Whole months between two instants, as HR counts tenure: n months are complete once `from + PnM`
 * (with the same month-end clamping as addIsoDuration) is not after `to`.
 */
export function wholeMonthsBetween(from: string | Date, to: string | Date): number {
  // Arithmetic on the fields of `from`, read once, rather than a Date per candidate month: this runs at
  // every eligibility evaluation (bench/suites/rules.ts).
  const start = typeof from === 'string' ? new Date(from) : from;
  const end = typeof to === 'string' ? Date.parse(to) : to.getTime();
  const endDate = new Date(end);
  const year = start.getUTCFullYear();
  const month = start.getUTCMonth();
  const day = start.getUTCDate();
  const timeOfDay = start.getTime() - Date.UTC(year, month, day);
  let months = (endDate.getUTCFullYear() - year) * 12 + (endDate.getUTCMonth() - month);
  while (months > 0 && plusMonths(year, month, day, timeOfDay, months) > end) months -= 1;
  return Math.max(0, months);
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const isLeapYear = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

/** That date + PnM in epoch ms, the day clamped to the month's last as addIsoDuration clamps it. */
function plusMonths(year: number, month: number, day: number, timeOfDay: number, months: number): number {
  const totalMonths = month + months;
  const toYear = year + Math.floor(totalMonths / 12);
  const toMonth = ((totalMonths % 12) + 12) % 12;
  const lastDay = toMonth === 1 && isLeapYear(toYear) ? 29 : DAYS_IN_MONTH[toMonth]!;
  return Date.UTC(toYear, toMonth, Math.min(day, lastDay)) + timeOfDay;
}
