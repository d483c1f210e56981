// A date typed in a portal form (yyyy-mm-dd, as <input type="date"> sends it), read as the start of that
// day in UTC. Only days of the calendar: 2026-02-31 is refused, where Date would roll it to 3 March.

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The instant the day starts (UTC), or null for anything that is not a day of the calendar. */
export function dayStart(value: string): Date | null {
  const match = DAY.exec(value);
  if (!match) return null;
  const date = new Date(`${value}T00:00:00.000Z`);
  return Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value ? null : date;
}

/** The instant the day ends: the start of the next one (UTC). */
export function dayEnd(value: string): Date | null {
  const start = dayStart(value);
  return start && new Date(start.getTime() + 86_400_000);
}
