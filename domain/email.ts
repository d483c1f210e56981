// An email address as people directories hold them: one "@", something before it, a dotted domain after
// it, no spaces or list punctuation, at most 254 characters. Checked by hand in linear time: the usual
// regular expression backtracks badly on a long run of dots, and imports check thousands of addresses.

const FORBIDDEN = /[\s"<>,;]/;

export function isEmailAddress(value: string): boolean {
  if (value.length > 254 || FORBIDDEN.test(value)) return false;
  const at = value.indexOf('@');
  if (at <= 0 || at !== value.lastIndexOf('@')) return false;
  const domain = value.slice(at + 1);
  const dot = domain.indexOf('.');
  return dot > 0 && !domain.endsWith('.');
}
