import type { MiddlewareHandler } from 'hono';
import type { EdgeEnv } from '../env.js';

// CSRF for every form on the edge: a form post (urlencoded, multipart, text/plain: what another site's
// page can send without asking) must come from this site. Browsers say where a post comes from in
// Sec-Fetch-Site, or failing that Origin; a post carrying neither was not sent by a browser on another
// site's behalf (curl, tests, server-to-server), so it cannot be a forgery. Hono's own csrf() refuses
// those as well, which would shut out the link pages' non-browser clients for no gain. The portal adds
// its per-session HMAC token on top (http/auth/session.ts); the link pages need their link's token.

const FORM_TYPES = /^\s*(application\/x-www-form-urlencoded|multipart\/form-data|text\/plain)\b/i;
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function fromThisSite(request: Request): boolean {
  const fetchSite = request.headers.get('sec-fetch-site');
  if (fetchSite) return fetchSite === 'same-origin' || fetchSite === 'none';
  const origin = request.headers.get('origin');
  if (!origin) return true;
  try {
    return new URL(origin).host === (request.headers.get('host') ?? new URL(request.url).host);
  } catch {
    return false;
  }
}

/** Refuses cross-site form posts with `refusal` (answered from the headers; the body is never read). */
export function sameOriginForms(refusal: (request: Request) => Response): MiddlewareHandler<EdgeEnv> {
  return async (c, next) => {
    const request = c.req.raw;
    if (SAFE_METHODS.has(request.method) || !FORM_TYPES.test(request.headers.get('content-type') ?? 'text/plain')) return next();
    if (!fromThisSite(request)) return refusal(request);
    return next();
  };
}
