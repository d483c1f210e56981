import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createAdaptorServer } from '@hono/node-server';
import { Hono, type MiddlewareHandler } from 'hono';
import type { EdgeEnv } from '../../http/env.js';

// One group of the edge's routes on a port of its own, for tests that exercise a route without the
// whole API: the caller's address is the socket's and nobody is signed in unless `mount` adds the
// viewer middleware (or a stand-in for it) before the routes.

export interface ServedRoutes {
  server: Server;
  baseUrl: string;
  close(): Promise<void>;
}

export async function serveRoutes(mount: (app: Hono<EdgeEnv>) => void): Promise<ServedRoutes> {
  const app = new Hono<EdgeEnv>();
  app.use(async (c, next) => {
    c.set('clientAddress', c.env.incoming.socket.remoteAddress ?? 'unknown');
    c.set('viewer', async () => null);
    await next();
  });
  mount(app);
  app.onError((error, c) => c.text(String(error), 500));
  const server = createAdaptorServer({ fetch: app.fetch }) as Server;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    server,
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The person named by an `x-test-viewer` header, standing in for the API's token check. */
export const viewerFromTestHeader: MiddlewareHandler<EdgeEnv> = async (c, next) => {
  const personId = c.req.header('x-test-viewer');
  c.set('viewer', async () => (personId ? { personId, roles: [], reportIds: [] } : null));
  await next();
};
