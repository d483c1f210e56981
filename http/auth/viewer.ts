import type { MiddlewareHandler } from 'hono';
import type { Viewer } from '../../domain/viewer.js';
import type { PrismaClient } from '../../prisma/client.js';
import type { EdgeEnv } from '../env.js';
import { readCookies, SESSION_COOKIE } from './session.js';
import { type AuthOptions, resolveViewer } from './tokens.js';

// The one place the edge works out who is asking. GraphQL takes the bearer token only (its context
// calls resolveViewer with the same settings, so a bad token is an UNAUTHENTICATED answer there); every
// other route may also present the portal's session cookie, which holds the same token (HttpOnly,
// SameSite=Lax). Routes that change something with the cookie check a CSRF token as well (the portal);
// downloads change nothing, so another site can make a browser open one for the person, never read it.

/** The bearer header, or the session cookie's token as one; a rejected token counts as none. */
export function viewerOf(request: Request, prisma: PrismaClient, auth: AuthOptions): Promise<Viewer | null> {
  const headers = new Headers();
  const bearer = request.headers.get('authorization');
  const session = readCookies(request.headers.get('cookie')).get(SESSION_COOKIE);
  if (bearer) headers.set('authorization', bearer);
  else if (session) headers.set('authorization', `Bearer ${session}`);
  return resolveViewer(new Request(request.url, { headers }), prisma, auth).catch(() => null);
}

/** Sets `viewer` on the context: asked at most once per request, and only by routes that need it. */
export function viewerMiddleware(prisma: PrismaClient, auth: AuthOptions): MiddlewareHandler<EdgeEnv> {
  return async (c, next) => {
    let viewer: Promise<Viewer | null> | undefined;
    c.set('viewer', () => {
      viewer ??= viewerOf(c.req.raw, prisma, auth);
      return viewer;
    });
    await next();
  };
}
