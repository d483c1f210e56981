import type { Server } from 'node:http';
import { createAdaptorServer } from '@hono/node-server';
import { Hono } from 'hono';
import type { Services } from '../services/index.js';
import type { RateLimitOptions } from '../graphql/hardening.js';
import { type AuthOptions, mintDevToken, } from './auth/tokens.js';
import { createOidcClient } from './auth/oidc.js';
import { viewerMiddleware } from './auth/viewer.js';
import { type ClientAddress, socketAddress } from './client-address.js';
import type { EdgeEnv } from './env.js';
import { evidenceRoutes } from './files/evidence.js';
import { importRoutes } from './files/imports.js';
import { reportRoutes } from './files/reports.js';
import { uploadRoutes } from './files/uploads.js';
import { createGraphQLHandler, type GraphQLOptions } from './graphql.js';
import { approvalRoutes } from './links/approvals.js';
import { surveyRoutes } from './links/surveys.js';
import { errorResponder } from './middleware/errors.js';
import { LINK_RATE_LIMIT_DEFAULTS, linkRateLimit } from './middleware/link-rate-limit.js';
import { sameOriginForms } from './middleware/same-origin.js';
import { securityHeaders } from './middleware/security-headers.js';
import { type EdgeTelemetry, requestTelemetry } from './middleware/telemetry.js';
import { scimRoutes } from './scim/routes.js';
import { xapiRoutes } from './xapi/statements.js';
import { createApiClient } from './portal/api-client.js';
import { crossSiteFormRefusal, type PortalImports, portalApp, type PortalUploads } from './portal/app.js';
import type { PortalSettings } from './portal/settings.js';

// The one HTTP edge of the API process: every route Certiflow serves, on one Hono app. Requests pass
// the same middleware in the same order (caller's address, security headers, errors, CSRF for forms,
// who is asking), then reach GraphQL, the portal's pages, the emailed links or the file routes.

export interface ApiOptions extends GraphQLOptions {
  /** The web portal on the same port, calling this GraphQL API in-process; absent means API only. */
  portal?: PortalSettings;
  /** The caller's address (TRUST_PROXY); the socket's peer when absent. */
  clientAddress?: ClientAddress;
  /** Per-address token bucket for the emailed-link and verification pages; `false` turns it off. */
  linkRateLimit?: RateLimitOptions | false;
  /** Spans, metrics and request lines (http/middleware/telemetry.ts); absent means none of them. */
  telemetry?: EdgeTelemetry;
}

/** GraphiQL (development only) is a page of unpkg's scripts and styles: its own policy, still unframeable. */
const GRAPHIQL_CSP =
  "default-src 'none'; script-src 'self' 'unsafe-inline' https://unpkg.com; style-src 'self' 'unsafe-inline' https://unpkg.com; worker-src blob: https://unpkg.com; font-src data: https://unpkg.com; img-src 'self' data: https:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/** The import page runs imports as POST /imports/:kind does, for HR and admins only. */
function portalImports(services: Services): PortalImports {
  return {
    async run(personId, request) {
      const person = await services.prisma.person.findUnique({ where: { id: personId }, select: { roles: true, leftAt: true } });
      if (!person || person.leftAt || !person.roles.some((r) => r === 'hr' || r === 'admin')) return { ok: false, code: 'FORBIDDEN', message: 'Imports are for HR and admins.' };
      const summary = await services.imports.run({ ...request, actor: { id: personId, source: 'csv' } });
      return { ok: true, summary };
    },
  };
}

/** Evidence files from portal forms go through the upload service exactly as POST /uploads does. */
function portalUploads(services: Services): PortalUploads {
  return {
    maxBytes: services.uploads.maxBytes,
    admit: (personId) => services.uploads.admit(personId),
    async store(personId, { body, fileName, mimeType }) {
      const stored = await services.uploads.store({ body, fileName, mimeType, uploadedBy: personId });
      return stored.ok ? { ok: true, file: stored.value } : { ok: false, code: stored.error.code, message: stored.error.message };
    },
  };
}

export function createApp(options: ApiOptions): Hono<EdgeEnv> {
  const { services, jwtSecret, identityProvider, telemetry = {} } = options;
  const yoga = createGraphQLHandler({ ...options, ...(telemetry.tracer ? { tracer: telemetry.tracer } : {}) });
  const auth: AuthOptions = { secret: jwtSecret, ...identityProvider };
  const clientAddress = options.clientAddress ?? socketAddress;
  const app = new Hono<EdgeEnv>({ strict: false });

  app.onError(errorResponder(options.log));
  app.notFound((c) => c.text('Not found', 404));
  // First, so the request's span and timing cover every other step.
  if (telemetry.tracer || telemetry.metrics || telemetry.accessLog) app.use(requestTelemetry(telemetry));
  app.use(async (c, next) => {
    c.set('clientAddress', c.env?.incoming ? clientAddress(c.env.incoming) : 'unknown');
    await next();
  });
  app.use(securityHeaders());
  app.get('/healthz', (c) => c.text('ok'));
  app.use(sameOriginForms(crossSiteFormRefusal));
  app.use(viewerMiddleware(services.prisma, auth));
  if (options.linkRateLimit !== false) {
    const limit = linkRateLimit(options.linkRateLimit ?? LINK_RATE_LIMIT_DEFAULTS);
    for (const path of ['/approvals/*', '/surveys/*', '/verify/*']) app.use(path, limit);
  }

  app.on(['GET', 'POST', 'OPTIONS'], '/graphql', async (c) => {
    const response = await yoga.fetch(c.req.raw, { clientAddress: c.get('clientAddress') });
    if (response.headers.get('content-type')?.startsWith('text/html')) response.headers.set('content-security-policy', GRAPHIQL_CSP);
    return response;
  });
  app.route('/', uploadRoutes(services.uploads));
  app.route('/', evidenceRoutes(services.prisma, services.uploads, services.readAudit));
  app.route('/', reportRoutes(services.prisma));
  app.route('/', importRoutes(services.imports));
  if (services.surveys) app.route('/', surveyRoutes(services.surveys));
  app.route('/', approvalRoutes(services.approvals, telemetry.metrics?.approvalLinkRefused));
  app.route(
    '/scim/v2',
    scimRoutes({
      scim: services.scim,
      clients: services.integrationClients,
      declaredAttributes: () => services.prisma.personAttribute.findMany({ where: { source: 'scim' }, orderBy: { name: 'asc' } }),
      ...(options.portal?.publicUrl ? { publicUrl: options.portal.publicUrl } : {}),
    }),
  );
  app.route('/xapi', xapiRoutes({ clients: services.integrationClients, records: services.learningRecords }));
  if (options.portal) {
    // Development tokens only where the API accepts them: not in production, not with an identity provider.
    const devTokens = !options.production && !identityProvider?.jwksUrl;
    app.route(
      '/',
      portalApp({
        api: createApiClient((request, context) => Promise.resolve(yoga.fetch(request, context ?? {}))),
        secret: options.portal.secret,
        publicUrl: options.portal.publicUrl,
        production: options.production,
        mintDevToken: devTokens ? (personId) => mintDevToken(jwtSecret, personId, '8h') : undefined,
        oidc: options.portal.oidc ? createOidcClient(options.portal.oidc) : undefined,
        uploads: portalUploads(services),
        imports: portalImports(services),
        ...(options.log ? { log: options.log } : {}),
      }),
    );
  }
  return app;
}

/** Unused uploads wait out a grace period of hours, so sweeping hourly is soon enough. */
const UPLOAD_SWEEP_EVERY_MS = 60 * 60 * 1000;

/** The API process's HTTP server: the edge above on Node's http server. */
export function createApiServer(options: ApiOptions): Server {
  const app = createApp(options);
  const server = createAdaptorServer({ fetch: app.fetch }) as Server;
  // The process that receives uploads owns their directory, so it also sweeps it (services/upload-sweeper.ts).
  let sweeping: { stop(): void } | undefined;
  // Read-audit entries past READ_AUDIT_RETENTION go on the same hourly beat; every API process may prune.
  let pruning: { stop(): void } | undefined;
  server.on('listening', () => {
    sweeping ??= options.services.uploads.sweeper.start({ everyMs: UPLOAD_SWEEP_EVERY_MS, onError: (error) => options.log?.('upload sweep failed', error) });
    pruning ??= options.services.readAudit.startPruning({ everyMs: UPLOAD_SWEEP_EVERY_MS, onError: (error) => options.log?.('read audit prune failed', error) });
  });
  server.on('close', () => {
    sweeping?.stop();
    pruning?.stop();
  });
  return server;
}
