import type { MiddlewareHandler } from 'hono';
import { type RateLimitOptions, RateLimiter } from '../../graphql/hardening.js';
import type { EdgeEnv } from '../env.js';

/**
 * Emailed links are opened a few times each (scanner, person, decision): a burst of 30 and one more
 * every two seconds serves a whole office behind one address, yet keeps a flood out of the link audit.
 */
export const LINK_RATE_LIMIT_DEFAULTS: RateLimitOptions = { capacity: 30, refillPerSecond: 0.5 };

/**
 * Per-address limit on the link and verification pages, refused before any lookup so a flood writes
 * nothing to the link audit. Mounted on the paths as the router reads them (dot segments resolved, an
 * absolute-form target reduced to its path), so `/x/../approvals/…` cannot reach a link page unlimited.
 */
export function linkRateLimit(options: RateLimitOptions = LINK_RATE_LIMIT_DEFAULTS): MiddlewareHandler<EdgeEnv> {
  const limiter = new RateLimiter(options);
  return async (c, next) => {
    const retryAfter = limiter.take(`ip:${c.get('clientAddress')}`);
    if (retryAfter <= 0) return next();
    return c.text(`Too many requests from your address. Nothing was changed; try the link again in ${retryAfter} seconds.`, 429, {
      'retry-after': String(retryAfter),
    });
  };
}
