import { createHmac, timingSafeEqual } from 'node:crypto';

// The session is the person's own API token in an HttpOnly cookie: the portal holds no state of its
// own, so it can restart or run several copies. Forms carry a CSRF token derived from the session.

export const SESSION_COOKIE = 'cf_session';
export const FLASH_COOKIE = 'cf_flash';

/** The Cookie header's values by name. */
export function readCookies(header: string | null | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    try {
      cookies.set(name, decodeURIComponent(part.slice(eq + 1).trim()));
    } catch {
      // A mangled cookie is ignored, as if absent.
    }
  }
  return cookies;
}

export interface CookieOptions {
  secure: boolean;
  maxAgeSeconds?: number;
  path?: string;
}

export function setCookie(name: string, value: string, { secure, maxAgeSeconds, path = '/' }: CookieOptions): string {
  const parts = [`${name}=${encodeURIComponent(value)}`, `Path=${path}`, 'HttpOnly', 'SameSite=Lax'];
  if (maxAgeSeconds !== undefined) parts.push(`Max-Age=${maxAgeSeconds}`);
  if (secure) parts.push('Secure');
  return parts.join('; ');
}

export const clearCookie = (name: string, secure: boolean, path = '/'): string => setCookie(name, '', { secure, maxAgeSeconds: 0, path });

/** The CSRF token for a session: forms post it back, and a cross-site form cannot know it. */
export function csrfToken(secret: string, sessionToken: string): string {
  return createHmac('sha256', secret).update(`csrf:${sessionToken}`).digest('base64url');
}

export function csrfMatches(secret: string, sessionToken: string, given: string | null): boolean {
  if (!given) return false;
  const expected = Buffer.from(csrfToken(secret, sessionToken));
  const actual = Buffer.from(given);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/** Values signed by the portal (OIDC state, flash notes) so a visitor cannot forge them. */
export function sign(secret: string, value: string): string {
  const mac = createHmac('sha256', secret).update(value).digest('base64url');
  return `${Buffer.from(value).toString('base64url')}.${mac}`;
}

export function unsign(secret: string, signed: string | undefined): string | null {
  if (!signed) return null;
  const [body, mac] = signed.split('.');
  if (!body || !mac) return null;
  const value = Buffer.from(body, 'base64url').toString('utf8');
  const expected = Buffer.from(createHmac('sha256', secret).update(value).digest('base64url'));
  const actual = Buffer.from(mac);
  return expected.length === actual.length && timingSafeEqual(expected, actual) ? value : null;
}
