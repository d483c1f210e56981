import type { IncomingMessage } from 'node:http';
import { type AuthOptions, resolveViewer } from './tokens.js';
import type { Viewer } from '../../graphql/context.js';
import { readCookies, SESSION_COOKIE } from './session.js';
import type { PrismaClient } from '../../prisma/client.js';

/**
 * The person behind a plain HTTP GET (report and evidence downloads): the bearer token, or without an
 * Authorization header the portal's session cookie, which holds the same token (HttpOnly, SameSite=Lax).
 * Only for requests that change nothing, so no CSRF token is needed: another site can make a browser
 * open a download for the person themselves, never read it. A rejected token counts as none.
 */
export async function viewerFromRequest(req: IncomingMessage, prisma: PrismaClient, auth: AuthOptions | string): Promise<Viewer | null> {
  const headers = new Headers();
  const session = readCookies(req).get(SESSION_COOKIE);
  if (typeof req.headers.authorization === 'string') headers.set('authorization', req.headers.authorization);
  else if (session) headers.set('authorization', `Bearer ${session}`);
  return resolveViewer({ headers } as Request, prisma, auth).catch(() => null);
}
