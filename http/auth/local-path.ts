// Where the portal may send people back to after a sign-in or a form: only paths on this site.

/**
 * A reserved name (RFC 2606) standing in for this site: only whether a target stays on it matters, and
 * no real host can ever equal it.
 */
const SITE_ORIGIN = 'http://certiflow.invalid';

/**
 * Only paths on this site: a `next` or `_back` parameter must not send people elsewhere. The value is
 * parsed the way a browser parses a Location (WHATWG URL: tabs, CR and LF dropped, a backslash read as
 * a slash), so `/<tab>/evil.com` is seen as the other host it would reach; the answer is rebuilt from
 * the parsed URL, never the raw text.
 */
export function localPath(value: string | null | undefined, fallback = '/'): string {
  if (!value?.startsWith('/')) return fallback;
  let target: URL;
  try {
    target = new URL(value, SITE_ORIGIN);
  } catch {
    return fallback;
  }
  if (target.origin !== SITE_ORIGIN) return fallback;
  const path = `${target.pathname}${target.search}${target.hash}`;
  // `/.//evil.com` stays on the site when parsed, but its path `//evil.com` is another host in a Location.
  return path.startsWith('//') ? fallback : path;
}

/** The Referer's path and query when it is this site (a form posted without `_back`). */
export function refererPath(request: Request, url: URL): string | null {
  const referer = request.headers.get('referer');
  if (!referer) return null;
  try {
    const parsed = new URL(referer);
    return parsed.host === url.host ? `${parsed.pathname}${parsed.search}` : null;
  } catch {
    return null;
  }
}
