import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { RETRY_AFTER_SECONDS, unavailableService } from '../../graphql/unavailable.js';
import type { EdgeEnv } from '../env.js';

// The edge's one error responder: whatever a route failed with, the caller hears that nothing was
// changed, and whether waiting helps. An unreachable database or Temporal server is a 503 with
// Retry-After (as GraphQL answers it); anything else is a 500 that is logged, never shown.

export function errorResponder(log?: (message: string, error?: unknown) => void) {
  return (error: Error, c: Context<EdgeEnv>): Response => {
    if (error instanceof HTTPException) return error.getResponse();
    log?.('request failed', error);
    if (unavailableService(error) !== null) {
      return c.text(`Certiflow is briefly unavailable; nothing was changed. Please try again in ${RETRY_AFTER_SECONDS} seconds.`, 503, {
        'retry-after': String(RETRY_AFTER_SECONDS),
      });
    }
    return c.text('Something went wrong; nothing was changed. Please try again.', 500);
  };
}
