import type { HttpBindings } from '@hono/node-server';
import type { Viewer } from '../domain/viewer.js';

// What every route on the edge may read from its context: the Node request under the web-standard one
// (for the socket's address only), and the two facts the middleware works out once per request.

export interface EdgeEnv {
  Bindings: HttpBindings;
  Variables: {
    /** The caller's address as the trusted-proxy setting resolves it (http/client-address.ts). */
    clientAddress: string;
    /** The person behind the request: bearer token, or the portal session cookie; asked lazily, once. */
    viewer: () => Promise<Viewer | null>;
  };
}
