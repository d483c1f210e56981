import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import type { EdgeEnv } from '../env.js';

// One set of security headers on every response of the edge, whatever route made it. Routes that need
// a different policy set their own header first (a download runs sandboxed, a report needs its inline
// style, GraphiQL its script): those are kept, everything else gets the defaults below.

/** The portal's policy: its own stylesheet and scripts, no inline code, no framing, forms post here only. */
export const DEFAULT_CSP =
  "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

export function securityHeaders(): MiddlewareHandler<EdgeEnv> {
  const headers = secureHeaders({
    // Kept when a route chose its own value (see above).
    overwrite: false,
    xFrameOptions: 'DENY',
    xContentTypeOptions: 'nosniff',
    referrerPolicy: 'same-origin',
    // Cross-origin API clients are not a use case; the portal and emails are same-origin pages.
    crossOriginResourcePolicy: 'same-origin',
    crossOriginEmbedderPolicy: false,
  });
  return async (c, next) => {
    await headers(c, next);
    if (!c.res.headers.has('content-security-policy')) c.res.headers.set('content-security-policy', DEFAULT_CSP);
    // Pages carry personal data: nothing is cached unless a route (static assets) says otherwise.
    if (!c.res.headers.has('cache-control')) c.res.headers.set('cache-control', 'no-store');
  };
}
