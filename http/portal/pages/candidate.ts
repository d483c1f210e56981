import type { PageHandler } from '../page.js';
import type { Route } from '../page.js';
import type { RouteOptions } from '../routes.js';
import { credentialRoutes } from './credentials.js';
import { homeRoutes } from './home.js';
import { journeyRoutes } from './journey.js';
import { programRoutes } from './programs.js';

/** The candidate's pages: home, programs and enrolment, the journey dashboard, credentials and their public check. */
export function candidateRoutes(options: RouteOptions): Route<PageHandler>[] {
  return [...homeRoutes(options), ...programRoutes(options), ...journeyRoutes(options), ...credentialRoutes(options)];
}
