const weekdays = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

// Formatted by hand rather than with Intl so the output does not depend on the ICU data Node ships with.
/** e.g. "Tuesday 14 July 2026, 09:30 UTC" */
export function formatDateTime(iso: string): string {
  const d = new Date(iso);
  const time = `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
  return `${weekdays[d.getUTCDay()]} ${formatDate(iso)}, ${time} UTC`;
}

/** e.g. "14 July 2026" (the UTC calendar date) */
export function formatDate(iso: string): string {
  const d = new Date(iso);
  return `${d.getUTCDate()} ${months[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

/** Scores and spreads to at most two decimals: 3.6666 → "3.67", 2 → "2". */
export function formatScore(value: number): string {
  return String(Math.round(value * 100) / 100);
}

/** "1 day", "3 days" */
export function plural(n: number, singular: string, pluralForm = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : pluralForm}`;
}

/** Stored keys such as "written_report" as words: "written report". */
export function humanize(key: string): string {
  return key.replace(/[_-]+/g, ' ').trim();
}
