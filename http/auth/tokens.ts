import { createRemoteJWKSet, errors as joseErrors, type JWTPayload, jwtVerify, SignJWT } from 'jose';
import { GraphQLError } from 'graphql';
import type { Config } from '../../config/index.js';
import { Prisma, type PrismaClient } from '../../prisma/client.js';
import type { Role, Viewer } from '../../domain/viewer.js';

const ISSUER = 'certiflow';
const AUDIENCE = 'certiflow-api';

const key = (secret: string) => new TextEncoder().encode(secret);
/** Development tokens last a working day, not weeks: a leaked one stops working soon. */
export const DEV_TOKEN_TTL = '12h';

/** Development tokens for the demo people; production tokens come from the company's identity provider. */
export async function mintDevToken(secret: string, personId: string, ttl = DEV_TOKEN_TTL): Promise<string> {
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
 * How bearer tokens are checked. Development: HS256 tokens signed with `secret` (npm run token), the
 * person named by `sub`. With the company's identity provider: its JWKS, and tokens must carry its
 * issuer, Certiflow's audience, an allowed algorithm and an expiry; the person is found by one
 * configured claim (a verified email by default), never by `sub`, which another tenant of a shared
 * provider controls.
 */
export interface AuthOptions {
  secret: string;
  jwksUrl?: string | undefined;
  issuer?: string | undefined;
  audience?: string | undefined;
  /** JWS algorithms accepted from the provider; RS256 and ES256 unless configured. */
  algorithms?: string[] | undefined;
  /** The claim that names the person (default `email`) and the person field it matches (default `email`). */
  personClaim?: string | undefined;
  personField?: 'email' | 'id' | undefined;
}

/** The identity-provider settings of a loaded configuration (absent JWKS: development tokens). */
export function identityProviderOptions(config: Config): Omit<AuthOptions, 'secret'> {
  return {
    jwksUrl: config.AUTH_JWKS_URL,
    issuer: config.AUTH_ISSUER,
    audience: config.AUTH_AUDIENCE,
    algorithms: config.AUTH_ALGORITHMS,
    personClaim: config.AUTH_PERSON_CLAIM,
    personField: config.AUTH_PERSON_FIELD,
  };
}

const DEFAULT_PROVIDER_ALGORITHMS = ['RS256', 'ES256'];
/** Provider and Certiflow clocks drift a little; more than this and the token is refused. */
const CLOCK_TOLERANCE_SECONDS = 30;

const keySets = new Map<string, ReturnType<typeof createRemoteJWKSet>>();

/** Checks options once, so a misconfigured server refuses every token instead of trusting too many. */
export function assertAuthOptions(auth: AuthOptions): void {
  if (auth.jwksUrl && (!auth.issuer || !auth.audience)) {
    throw new Error('Sign-in with an identity provider needs its issuer and audience (AUTH_ISSUER, AUTH_AUDIENCE) besides AUTH_JWKS_URL.');
  }
}

async function verifyToken(token: string, auth: AuthOptions): Promise<JWTPayload> {
  if (auth.jwksUrl) {
    assertAuthOptions(auth);
    let keySet = keySets.get(auth.jwksUrl);
    if (!keySet) {
      // jose caches the keys and refetches on an unknown key id, so key rotation needs no restart.
      keySet = createRemoteJWKSet(new URL(auth.jwksUrl));
      keySets.set(auth.jwksUrl, keySet);
    }
    const { payload } = await jwtVerify(token, keySet, {
      issuer: auth.issuer!,
      audience: auth.audience!,
      algorithms: auth.algorithms ?? DEFAULT_PROVIDER_ALGORITHMS,
      requiredClaims: ['exp'],
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
    });
    return payload;
  }
  const { payload } = await jwtVerify(token, await verificationKey(auth.secret), { issuer: ISSUER, audience: AUDIENCE, algorithms: ['HS256'], requiredClaims: ['exp'] });
  return payload;
}

// Given the secret's bytes, jose imports a key for every token it checks: imported once per secret instead.
const verificationKeys = new Map<string, Promise<CryptoKey>>();
function verificationKey(secret: string): Promise<CryptoKey> {
  let imported = verificationKeys.get(secret);
  if (!imported) {
    imported = crypto.subtle.importKey('raw', key(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
    verificationKeys.set(secret, imported);
  }
  return imported;
}

/** Providers send `email_verified` as a boolean; a few (Cognito among them) as the string "true". */
const isVerified = (value: unknown) => value === true || value === 'true';

/** Which person the verified token names: a where-clause, or why none. */
function personLookup(payload: JWTPayload, auth: AuthOptions): { where: { email: string } | { id: string } } | { refused: string } {
  if (!auth.jwksUrl) return payload.sub ? { where: { id: payload.sub } } : { refused: 'The token names no person.' };
  const claim = auth.personClaim ?? 'email';
  const value = payload[claim];
  if (typeof value !== 'string' || value === '') return { refused: `The token has no "${claim}" claim.` };
  // An unverified email is whatever the account holder typed: anyone could claim HR's address.
  if (claim === 'email' && !isVerified(payload.email_verified)) return { refused: 'The token\'s email address is not verified by the identity provider.' };
  return (auth.personField ?? 'email') === 'email' ? { where: { email: value.toLowerCase() } } : { where: { id: value } };
}

interface ViewerRow {
  id: string;
  roles: string[];
  leftAt: Date | null;
  reportIds: string[];
}

/**
 * The person and the ids of their direct reports, in one statement: it runs before every GraphQL
 * request, and a relation include costs two queries, each planned by the client first.
 */
async function findViewerRow(prisma: PrismaClient, where: { email: string } | { id: string }): Promise<ViewerRow | undefined> {
  const match = 'email' in where ? Prisma.sql`p."email" = ${where.email}` : Prisma.sql`p."id" = ${where.id}`;
  const rows = await prisma.$queryRaw<ViewerRow[]>`
    SELECT p."id", p."roles", p."leftAt", ARRAY(SELECT r."id" FROM "Person" r WHERE r."managerId" = p."id") AS "reportIds"
    FROM "Person" p WHERE ${match}`;
  return rows[0];
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
  const lookup = personLookup(payload, auth);
  if ('refused' in lookup) throw unauthenticated(lookup.refused);
  const person = await findViewerRow(prisma, lookup.where);
  if (!person || person.leftAt) throw unauthenticated('The token does not belong to an active person.');
  return { personId: person.id, roles: person.roles as Role[], reportIds: person.reportIds };
}
