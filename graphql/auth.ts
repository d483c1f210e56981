import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import { GraphQLError } from 'graphql';
import type { PrismaClient } from '../prisma/client.js';
import type { Role, Viewer } from './context.js';

const ISSUER = 'certiflow';
const AUDIENCE = 'certiflow-api';

const key = (secret: string) => new TextEncoder().encode(secret);

/** Development tokens for the demo people; production tokens come from the company's identity provider. */
export async function mintDevToken(secret: string, personId: string, ttl = '30d'): Promise<string> {
  return new SignJWT({})
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(personId)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(ttl)
    .sign(key(secret));
}

function unauthenticated(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
}

/** Resolves the bearer token into a viewer once per request; no token means an anonymous viewer. */
export async function resolveViewer(request: Request, prisma: PrismaClient, secret: string): Promise<Viewer | null> {
  const header = request.headers.get('authorization');
  if (!header) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) throw unauthenticated('The Authorization header must be "Bearer <token>".');
  let subject: string | undefined;
  try {
    const { payload } = await jwtVerify(match[1]!, key(secret), { issuer: ISSUER, audience: AUDIENCE, algorithms: ['HS256'] });
    subject = payload.sub;
  } catch (error) {
    if (error instanceof joseErrors.JWTExpired) throw unauthenticated('The token has expired.');
    throw unauthenticated('The token is not valid.');
  }
  const person = subject
    ? await prisma.person.findUnique({ where: { id: subject }, include: { reports: { select: { id: true } } } })
    : null;
  if (!person || person.leftAt) throw unauthenticated('The token does not belong to an active person.');
  return { personId: person.id, roles: person.roles as Role[], reportIds: person.reports.map((r) => r.id) };
}
