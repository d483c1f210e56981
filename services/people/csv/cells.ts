import { isEmailAddress } from '../../../domain/email.js';
import type { DateFormat } from './mapping.js';

// One cell's text as a value, or what is wrong with it: emails, dates in the declared format (an
// undeclared day/month order is ambiguous, so refused), statuses, undisclosed answers.

// --- Cell values ------------------------------------------------------------------------------------

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };
export const good = <T>(value: T): Parsed<T> => ({ ok: true, value });
export const bad = (message: string): Parsed<never> => ({ ok: false, message });

export function parseEmail(raw: string): Parsed<string> {
  const email = raw.trim().toLowerCase();
  return isEmailAddress(email) ? good(email) : bad(`"${raw}" is not an email address (expected name@example.com)`);
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const pad = (n: number, width = 2) => String(n).padStart(width, '0');

function calendarDate(raw: string, y: number, m: number, d: number, hint = ''): Parsed<string> {
  if (m < 1 || m > 12) return bad(`impossible date ${raw}: there is no month ${m}${hint}`);
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  if (d < 1 || d > days) return bad(`impossible date ${raw}: ${MONTHS[m - 1]} ${y} has ${days} days${hint}`);
  return good(`${pad(y, 4)}-${pad(m)}-${pad(d)}`);
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const LOCAL_DATE = /^(\d{1,2})([/.])(\d{1,2})\2(\d{4})$/;

/** ISO dates and timestamps always; local forms only as the mapping declares them (03/04 is ambiguous). */
export function parseDate(raw: string, format: DateFormat | undefined, keepTime: boolean): Parsed<string> {
  const iso = ISO_DATE.exec(raw);
  if (iso) return calendarDate(raw, Number(iso[1]), Number(iso[2]), Number(iso[3]));
  const ts = ISO_TIMESTAMP.exec(raw);
  if (ts) {
    const [, y, m, d, hh, mm, ss, , zone] = ts;
    const date = calendarDate(raw, Number(y), Number(m), Number(d));
    if (!date.ok) return date;
    if (Number(hh) > 23 || Number(mm) > 59 || Number(ss ?? 0) > 59) return bad(`impossible time in ${raw}`);
    if (!zone) return bad(`timestamp ${raw} has no time zone: add Z or an offset such as +01:00, or give the date alone (YYYY-MM-DD)`);
    if (!keepTime) return date;
    const withZone = raw.replace(' ', 'T').replace(/([+-]\d{2})(\d{2})$/, '$1:$2').replace(/([+-]\d{2})$/, '$1:00');
    return good(new Date(withZone).toISOString());
  }
  const local = LOCAL_DATE.exec(raw);
  const expected = `expected YYYY-MM-DD${format && format !== 'YYYY-MM-DD' ? ` or ${format}` : ''}`;
  if (!local) return bad(`"${raw}" is not a date: ${expected}`);
  const [, a, sep, b, y] = local;
  if (!format || format === 'YYYY-MM-DD') {
    return sep === '/'
      ? bad(`ambiguous date ${raw}: declare dateFormat in the mapping (DD/MM/YYYY or MM/DD/YYYY)`)
      : bad(`date ${raw} is not ISO (YYYY-MM-DD): declare dateFormat DD.MM.YYYY in the mapping`);
  }
  if ((format === 'DD.MM.YYYY') !== (sep === '.')) return bad(`date ${raw} does not match the declared dateFormat ${format}: ${expected}`);
  const [day, month] = format === 'MM/DD/YYYY' ? [b, a] : [a, b];
  return calendarDate(raw, Number(y), Number(month), Number(day), ` (declared dateFormat ${format})`);
}

export const ACTIVE: Record<string, boolean> = { active: true, inactive: false, terminated: false, true: true, false: false, yes: true, no: false, '1': true, '0': false };
export const UNDISCLOSED = new Set(['', 'prefer not to say', 'prefer not to answer', 'not disclosed']);
