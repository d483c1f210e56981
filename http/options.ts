import type { Logger } from 'pino';
import type { Config } from '../config/index.js';
import { portalSettings } from './portal/settings.js';
import { clientAddressResolver } from './client-address.js';
import { identityProviderOptions } from './auth/tokens.js';
import type { Services } from '../services/index.js';
import type { ApiOptions } from './app.js';

/**
 * The API server's options from a loaded configuration, the same for `npm run api` and `npm run dev`.
 * Only DEV_MODE turns on GraphiQL, introspection and demo sign-in: forgetting NODE_ENV changes nothing.
 */
export function apiOptionsFrom(config: Config, services: Services, log: Logger): ApiOptions {
  return {
    services,
    jwtSecret: config.AUTH_JWT_SECRET,
    identityProvider: identityProviderOptions(config),
    production: !config.devMode,
    log: (message, error) => log.error({ err: error }, message),
    portal: portalSettings(config),
    clientAddress: clientAddressResolver(config.TRUST_PROXY),
    audit: (refusal) => log.info({ audit: 'graphql_refused', ...refusal }, 'refused GraphQL call'),
  };
}
