import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createYoga, maskError } from 'graphql-yoga';
import type { GraphQLError } from 'graphql';
import { handleApprovalRequest } from '../approvals/routes.js';
import { handleUploadRequest } from '../uploads/routes.js';
import { resolveViewer } from './auth.js';
import type { GraphQLContext, Services } from './context.js';
import { schema } from './schema.js';

export interface ApiOptions {
  services: Services;
  jwtSecret: string;
  production: boolean;
  log?: (message: string, error?: unknown) => void;
}

// By name, not instanceof: graphql ships CJS and ESM builds, and libraries may load the other one.
const isGraphQLError = (error: unknown): error is GraphQLError => error instanceof Error && error.name === 'GraphQLError';

export function createGraphQLHandler({ services, jwtSecret, production, log }: ApiOptions) {
  return createYoga<Record<string, unknown>, GraphQLContext>({
    schema,
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
        if (isGraphQLError(error) && !original) return error;
        if (isGraphQLError(original) && original.extensions.code) return original;
        log?.('unexpected GraphQL error', original ?? error);
        return maskError(error, message, isDev);
      },
    },
    context: async ({ request }) => ({
      ...services,
      viewer: await resolveViewer(request, services.prisma, jwtSecret),
    }),
  });
}

/** The API process's HTTP server: GraphQL, approval-link pages, evidence uploads and a health check. */
export function createApiServer(options: ApiOptions): Server {
  const yoga = createGraphQLHandler(options);
  const { services, jwtSecret } = options;
  const route = async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    if (req.url?.startsWith('/uploads')) {
      const headers = new Headers(Object.entries(req.headers).flatMap(([k, v]) => (typeof v === 'string' ? [[k, v]] : [])) as [string, string][]);
      const viewer = await resolveViewer({ headers } as Request, services.prisma, jwtSecret).catch(() => null);
      return handleUploadRequest(services.uploads, req, res, viewer?.personId ?? null);
    }
    return handleApprovalRequest(services.approvals, req, res);
  };
  return createServer((req, res) => {
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
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end('Something went wrong; nothing was changed. Please try again.');
      });
  });
}
