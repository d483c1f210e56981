import type { Tracer } from '@opentelemetry/api';
import { createYoga, maskError } from 'graphql-yoga';
import type { GraphQLError } from 'graphql';
import type { GraphQLContext } from '../graphql/context.js';
import type { Viewer } from '../domain/viewer.js';
import type { Services } from '../services/index.js';
import { type HardeningOptions, hardeningPlugins, RATE_LIMIT_DEFAULTS, type RateLimitOptions, RateLimiter, rateLimitKey } from '../graphql/hardening.js';
import { readAuditPlugin } from '../graphql/read-audit.js';
import { type RefusalLog, refusalAuditPlugin } from '../graphql/refusal-audit.js';
import { schema } from '../graphql/schema.js';
import { operationSpans } from '../graphql/tracing.js';
import { unavailableError } from '../graphql/unavailable.js';
import { type AuthOptions, assertAuthOptions, resolveViewer } from './auth/tokens.js';

// GraphQL as the edge mounts it: the Pothos schema behind graphql-yoga, with the hardening plugins, the
// audit of refused calls, a per-caller token bucket, and errors a caller caused told apart from bugs.

export interface GraphQLOptions {
  services: Services;
  jwtSecret: string;
  /** The identity provider's JWKS, issuer and audience (production); absent means dev HS256 tokens. */
  identityProvider?: Omit<AuthOptions, 'secret'>;
  production: boolean;
  log?: (message: string, error?: unknown) => void;
  /** Request limits; the defaults suit the portal (graphql/hardening.ts). */
  limits?: Omit<HardeningOptions, 'production'>;
  /** Per-caller token bucket; `false` turns it off (load tests). */
  rateLimit?: RateLimitOptions | false;
  /** Where refused calls are recorded (the audit log); absent means nowhere. */
  audit?: RefusalLog;
  /** Tracing on: a span per executed operation (graphql/tracing.ts). */
  tracer?: Tracer;
}

/** What the edge hands yoga with each request: the caller's address, already resolved. */
export interface GraphQLServerContext {
  clientAddress?: string;
  /** Set by the portal's in-process client (never from a request), so the read audit names the portal. */
  readChannel?: 'portal';
}

// By name, not instanceof: graphql ships CJS and ESM builds, and libraries may load the other one.
const isGraphQLError = (error: unknown): error is GraphQLError => error instanceof Error && error.name === 'GraphQLError';

export function createGraphQLHandler({ services, jwtSecret, identityProvider, production, log, limits, rateLimit, audit, tracer }: GraphQLOptions) {
  const auth: AuthOptions = { secret: jwtSecret, ...identityProvider };
  // A half-configured identity provider must stop the server, not accept every tenant's tokens.
  assertAuthOptions(auth);
  const limiter = rateLimit === false ? null : new RateLimiter(rateLimit ?? RATE_LIMIT_DEFAULTS);
  return createYoga<GraphQLServerContext, GraphQLContext>({
    schema,
    plugins: [
      ...hardeningPlugins({ ...limits, production }),
      ...(audit ? [refusalAuditPlugin(audit)] : []),
      // Always on: reads of other people's journey data are recorded for HR (graphql/read-audit.ts).
      readAuditPlugin({ record: services.readAudit.record, log }),
      ...(tracer ? [operationSpans(tracer)] : []),
    ],
    graphqlEndpoint: '/graphql',
    // The hardening plugins read every body with their own, smaller limit (413 REQUEST_TOO_LARGE);
    // yoga's 25 MB limit would stream each body through a second counting transform.
    maxRequestBodySize: false,
    graphiql: !production && { title: 'Certiflow GraphiQL', defaultQuery: '{ me { id name } }' },
    landingPage: false,
    // Errors a caller caused (with a code) are answers, not incidents: log only the rest.
    logging: {
      debug: () => undefined,
      info: () => undefined,
      warn: (...args: unknown[]) => log?.('graphql warning', args),
      error: (...args: unknown[]) => {
        if (!args.some((arg) => isGraphQLError(arg) && arg.extensions.code)) log?.('graphql error', args);
      },
    },
    // Expected errors are typed results or GraphQLErrors with a code; everything else is masked and logged.
    maskedErrors: {
      maskError: (error: unknown, message: string, isDev?: boolean): Error => {
        const original = isGraphQLError(error) ? error.originalError : undefined;
        // A database or Temporal server that cannot be reached is answered as such (503), not masked.
        const unavailable = unavailableError(original ?? error);
        if (unavailable) return unavailable;
        if (isGraphQLError(error) && !original) return error;
        if (isGraphQLError(original) && original.extensions.code) return original;
        log?.('unexpected GraphQL error', original ?? error);
        return maskError(error, message, isDev);
      },
    },
    context: async ({ request, clientAddress, readChannel }) => {
      const address = clientAddress ?? 'unknown';
      let viewer: Viewer | null;
      try {
        // The bearer token only: a cookie would let another site's form act as the person.
        viewer = await resolveViewer(request, services.prisma, auth);
      } catch (error) {
        if (isGraphQLError(error)) audit?.({ personId: null, address, operation: null, path: null, code: String(error.extensions.code), message: error.message });
        // Rejected tokens count against the caller's address, so guessing tokens is limited too.
        limiter?.check(rateLimitKey(null, address));
        throw error;
      }
      limiter?.check(rateLimitKey(viewer?.personId ?? null, address));
      return { ...services, viewer, clientAddress: address, ...(readChannel ? { readChannel } : {}) };
    },
  });
}

export type GraphQLHandler = ReturnType<typeof createGraphQLHandler>;
