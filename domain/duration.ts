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
export function wholeMonthsBetween(fromIso: string, toIso: string): number {
  const from = new Date(fromIso);
  const to = new Date(toIso);
  let months = (to.getUTCFullYear() - from.getUTCFullYear()) * 12 + (to.getUTCMonth() - from.getUTCMonth());
  while (months > 0 && plusMonths(from, months) > to.getTime()) months -= 1;
  return Math.max(0, months);
}

/** `date` + PnM in epoch ms, the day clamped to the month's last as addIsoDuration clamps it, without strings. */
function plusMonths(date: Date, months: number): number {
  const totalMonths = date.getUTCMonth() + months;
  const year = date.getUTCFullYear() + Math.floor(totalMonths / 12);
  const month = ((totalMonths % 12) + 12) % 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const day = Math.min(date.getUTCDate(), lastDay);
  return Date.UTC(year, month, day, date.getUTCHours(), date.getUTCMinutes(), date.getUTCSeconds(), date.getUTCMilliseconds());
}
