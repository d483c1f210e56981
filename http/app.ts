import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createYoga, maskError } from 'graphql-yoga';
import type { GraphQLError } from 'graphql';
import { handleApprovalRequest } from './links/approvals.js';
import { handleUploadRequest } from './files/uploads.js';
import { handleReportRequest } from './files/reports.js';
import { handleEvidenceRequest } from './files/evidence.js';
import { handleSurveyRequest } from './links/surveys.js';
import { createApiClient } from './portal/api-client.js';
import { createOidcClient } from './auth/oidc.js';
import { createPortal, type PortalUploads } from './portal/server.js';
import type { PortalSettings } from './portal/settings.js';
import { type ClientAddress, socketAddress } from './client-address.js';
import { type AuthOptions, assertAuthOptions, mintDevToken, resolveViewer } from './auth/tokens.js';
import type { GraphQLContext, Services, Viewer } from '../graphql/context.js';
import { type HardeningOptions, hardeningPlugins, RATE_LIMIT_DEFAULTS, type RateLimitOptions, RateLimiter, rateLimitKey } from '../graphql/hardening.js';
import { type RefusalLog, refusalAuditPlugin } from '../graphql/refusal-audit.js';
import { schema } from '../graphql/schema.js';
import { RETRY_AFTER_SECONDS, unavailableError, unavailableService } from '../graphql/unavailable.js';

export interface ApiOptions {
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
  /** The web portal on the same port, calling this GraphQL API in-process; absent means API only. */
  portal?: PortalSettings;
  /** The caller's address (TRUST_PROXY); the socket's peer when absent. */
  clientAddress?: ClientAddress;
  /** Where refused calls are recorded (the audit log); absent means nowhere. */
  audit?: RefusalLog;
  /** Per-address token bucket for the emailed-link and verification pages; `false` turns it off. */
  linkRateLimit?: RateLimitOptions | false;
}

/**
 * Emailed links are opened a few times each (scanner, person, decision): a burst of 30 and one more
 * every two seconds serves a whole office behind one address, yet keeps a flood out of the link audit.
 */
export const LINK_RATE_LIMIT_DEFAULTS: RateLimitOptions = { capacity: 30, refillPerSecond: 0.5 };
const LINK_PATHS = ['/approvals/', '/surveys/', '/verify/'];

// By name, not instanceof: graphql ships CJS and ESM builds, and libraries may load the other one.
const isGraphQLError = (error: unknown): error is GraphQLError => error instanceof Error && error.name === 'GraphQLError';

export function createGraphQLHandler({ services, jwtSecret, identityProvider, production, log, limits, rateLimit, clientAddress = socketAddress, audit }: ApiOptions) {
  const auth: AuthOptions = { secret: jwtSecret, ...identityProvider };
  // A half-configured identity provider must stop the server, not accept every tenant's tokens.
  assertAuthOptions(auth);
  const limiter = rateLimit === false ? null : new RateLimiter(rateLimit ?? RATE_LIMIT_DEFAULTS);
  return createYoga<Record<string, unknown>, GraphQLContext>({
    schema,
    plugins: [...hardeningPlugins({ ...limits, production }), ...(audit ? [refusalAuditPlugin(audit)] : [])],
    graphqlEndpoint: '/graphql',
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
    context: async ({ request, ...serverContext }) => {
      const req = (serverContext as { req?: IncomingMessage }).req;
      const address = req ? clientAddress(req) : 'unknown';
      let viewer: Viewer | null;
      try {
        viewer = await resolveViewer(request, services.prisma, auth);
      } catch (error) {
        if (isGraphQLError(error)) audit?.({ personId: null, address, operation: null, path: null, code: String(error.extensions.code), message: error.message });
        // Rejected tokens count against the caller's address, so guessing tokens is limited too.
        limiter?.check(rateLimitKey(null, address));
        throw error;
      }
      limiter?.check(rateLimitKey(viewer?.personId ?? null, address));
      return { ...services, viewer, clientAddress: address };
    },
  });
}

/** Unused uploads wait out a grace period of hours, so sweeping hourly is soon enough. */
const UPLOAD_SWEEP_EVERY_MS = 60 * 60 * 1000;

/** Evidence files from portal forms go through the upload service exactly as POST /uploads does. */
function portalUploads(services: Services, auth: AuthOptions): PortalUploads {
  return {
    maxBytes: services.uploads.maxBytes,
    admit: (personId) => services.uploads.admit(personId),
    async store(token, { body, fileName, mimeType }) {
      const viewer = await resolveViewer({ headers: new Headers({ authorization: `Bearer ${token}` }) } as Request, services.prisma, auth).catch(() => null);
      if (!viewer) return { ok: false, code: 'UNAUTHENTICATED', message: 'Sign in again to upload evidence.' };
      const chunks = async function* () {
        for await (const chunk of body) yield Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      };
      const stored = await services.uploads.store({ body: chunks(), fileName, mimeType, uploadedBy: viewer.personId });
      return stored.ok ? { ok: true, file: stored.value } : { ok: false, code: stored.error.code, message: stored.error.message };
    },
  };
}

/** The API process's HTTP server: GraphQL, approval-link pages, evidence uploads and a health check. */
export function createApiServer(options: ApiOptions): Server {
  const yoga = createGraphQLHandler(options);
  const { services, jwtSecret, identityProvider } = options;
  const auth: AuthOptions = { secret: jwtSecret, ...identityProvider };
  // Development tokens only where the API accepts them: not in production, not with an identity provider.
  const devTokens = !options.production && !identityProvider?.jwksUrl;
  const portal = options.portal
    ? createPortal({
        api: createApiClient((request, context) => Promise.resolve(yoga.fetch(request, context ?? {}))),
        secret: options.portal.secret,
        publicUrl: options.portal.publicUrl,
        production: options.production,
        mintDevToken: devTokens ? (personId) => mintDevToken(jwtSecret, personId, '8h') : undefined,
        oidc: options.portal.oidc ? createOidcClient(options.portal.oidc) : undefined,
        uploads: portalUploads(services, auth),
        ...(options.log ? { log: options.log } : {}),
      })
    : null;
  const clientAddress = options.clientAddress ?? socketAddress;
  const linkLimiter = options.linkRateLimit === false ? null : new RateLimiter(options.linkRateLimit ?? LINK_RATE_LIMIT_DEFAULTS);
  const route = async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    // The path as the routes below read it (dot segments resolved, an absolute-form target reduced to
    // its path): matching the raw text would let `/x/../approvals/…` reach a link page unlimited.
    const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (linkLimiter && LINK_PATHS.some((prefix) => pathname.startsWith(prefix))) {
      // Refused before any lookup, so a flood writes nothing to the link audit.
      const retryAfter = linkLimiter.take(`ip:${clientAddress(req)}`);
      if (retryAfter > 0) {
        res.writeHead(429, { 'content-type': 'text/plain; charset=utf-8', 'retry-after': String(retryAfter) });
        res.end(`Too many requests from your address. Nothing was changed; try the link again in ${retryAfter} seconds.`);
        return true;
      }
    }
    if (pathname.startsWith('/uploads')) {
      const headers = new Headers(Object.entries(req.headers).flatMap(([k, v]) => (typeof v === 'string' ? [[k, v]] : [])) as [string, string][]);
      const viewer = await resolveViewer({ headers } as Request, services.prisma, auth).catch(() => null);
      return handleUploadRequest(services.uploads, req, res, viewer?.personId ?? null);
    }
    if (pathname.startsWith('/reports/')) return handleReportRequest({ prisma: services.prisma, auth }, req, res);
    if (pathname.startsWith('/evidence/')) return handleEvidenceRequest({ prisma: services.prisma, uploads: services.uploads, auth }, req, res);
    if (pathname.startsWith('/surveys/') && services.surveys) return handleSurveyRequest(services.surveys, req, res);
    if (await handleApprovalRequest(services.approvals, req, res, clientAddress)) return true;
    return portal ? portal(req, res) : false;
  };
  const server = createServer((req, res) => {
    if (req.url === '/healthz') {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      return;
    }
    route(req, res)
      .then((handled) => {
        if (!handled) return yoga(req, res);
      })
      .catch((error: unknown) => {
        options.log?.('request failed', error);
        const unavailable = unavailableService(error) !== null;
        if (!res.headersSent) {
          res.writeHead(unavailable ? 503 : 500, { 'content-type': 'text/plain', ...(unavailable ? { 'retry-after': String(RETRY_AFTER_SECONDS) } : {}) });
        }
        res.end(unavailable ? `Certiflow is briefly unavailable; nothing was changed. Please try again in ${RETRY_AFTER_SECONDS} seconds.` : 'Something went wrong; nothing was changed. Please try again.');
      });
  });
  // The process that receives uploads owns their directory, so it also sweeps it (services/upload-sweeper.ts).
  let sweeping: { stop(): void } | undefined;
  server.on('listening', () => {
    sweeping ??= services.uploads.sweeper.start({ everyMs: UPLOAD_SWEEP_EVERY_MS, onError: (error) => options.log?.('upload sweep failed', error) });
  });
  server.on('close', () => sweeping?.stop());
  return server;
}
