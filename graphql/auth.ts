import { createRemoteJWKSet, errors as joseErrors, type JWTPayload, jwtVerify, SignJWT } from 'jose';
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

/**
 * How bearer tokens are checked. Development: HS256 tokens signed with `secret` (npm run token).
 * Production with the company's identity provider: its JWKS URL, issuer and audience; the person is
 * found by the token's `email` claim, or by `sub` when that is a Certiflow person id.
 */
export interface AuthOptions {
  secret: string;
  jwksUrl?: string | undefined;
  issuer?: string | undefined;
  audience?: string | undefined;
}

const keySets = new Map<string, ReturnType<typeof createRemoteJWKSet>>();

async function verifyToken(token: string, auth: AuthOptions): Promise<JWTPayload> {
  if (auth.jwksUrl) {
    let keySet = keySets.get(auth.jwksUrl);
    if (!keySet) {
      // jose caches the keys and refetches on an unknown key id, so key rotation needs no restart.
      keySet = createRemoteJWKSet(new URL(auth.jwksUrl));
      keySets.set(auth.jwksUrl, keySet);
    }
    const { payload } = await jwtVerify(token, keySet, {
      ...(auth.issuer ? { issuer: auth.issuer } : {}),
      ...(auth.audience ? { audience: auth.audience } : {}),
    });
    return payload;
  }
  const { payload } = await jwtVerify(token, key(auth.secret), { issuer: ISSUER, audience: AUDIENCE, algorithms: ['HS256'] });
  return payload;
}

/** Resolves the bearer token into a viewer once per request; no token means an anonymous viewer. */
export async function resolveViewer(request: Request, prisma: PrismaClient, authOrSecret: AuthOptions | string): Promise<Viewer | null> {
  const auth = typeof authOrSecret === 'string' ? { secret: authOrSecret } : authOrSecret;
  const header = request.headers.get('authorization');
  if (!header) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) throw unauthenticated('The Authorization header must be "Bearer <token>".');
  let payload: JWTPayload;
  try {
    payload = await verifyToken(match[1]!, auth);
  } catch (error) {
    if (error instanceof joseErrors.JWTExpired) throw unauthenticated('The token has expired.');
    throw unauthenticated('The token is not valid.');
  }
  const include = { reports: { select: { id: true } } } as const;
  const email = typeof payload.email === 'string' ? payload.email.toLowerCase() : undefined;
  const person = email
    ? await prisma.person.findUnique({ where: { email }, include })
    : payload.sub
      ? await prisma.person.findUnique({ where: { id: payload.sub }, include })
      : null;
  if (!person || person.leftAt) throw unauthenticated('The token does not belong to an active person.');
  return { personId: person.id, roles: person.roles as Role[], reportIds: person.reports.map((r) => r.id) };
}
