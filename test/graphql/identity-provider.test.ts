import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData } from '../../demo/seed.js';
import { type AuthOptions, resolveViewer } from '../../http/auth/tokens.js';
import { createGraphQLHandler } from '../../http/graphql.js';
import { type Database, openDatabase } from '../../prisma/client.js';

// Production sign-in through the company's identity provider: tokens signed with its keys, published
// as a JWKS, mapped to people by one configured claim (a verified email by default). A multi-tenant
// provider publishes one JWKS for every tenant, so a signature alone proves nothing about who may
// sign in: issuer, audience, algorithm, expiry and the claim that names the person all count.

let db: Database;
let jwks: Server;
let jwksUrl: string;
let privateKey: CryptoKey;

beforeAll(async () => {
  db = await openDatabase({});
  await db.migrate();
  await seedDemoData(db.prisma);
  const pair = await generateKeyPair('RS256');
  privateKey = pair.privateKey as CryptoKey;
  const publicJwk = { ...(await exportJWK(pair.publicKey)), kid: 'idp-key-1', alg: 'RS256', use: 'sig' };
  jwks = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [publicJwk] })));
  await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
  jwksUrl = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/.well-known/jwks.json`;
});

afterAll(async () => {
  await new Promise((resolve) => jwks?.close(resolve));
  await db?.close();
});

const auth = (extra: Partial<AuthOptions> = {}): AuthOptions => ({ secret: 'unused-development-secret', jwksUrl, issuer: 'https://idp.example.com', audience: 'certiflow', ...extra });
const request = (token: string) => ({ headers: new Headers({ authorization: `Bearer ${token}` }) }) as Request;
const sign = (claims: Record<string, unknown>, issuer = 'https://idp.example.com', key: CryptoKey = privateKey) =>
  new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'idp-key-1' }).setIssuer(issuer).setAudience('certiflow').setSubject('idp|12345').setExpirationTime('5m').sign(key);
/** A token built claim by claim, for the cases `sign` always gets right. */
const build = (claims: Record<string, unknown>, { audience = 'certiflow', expires = true, subject = 'idp|12345' } = {}) => {
  const jwt = new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'idp-key-1' }).setIssuer('https://idp.example.com').setAudience(audience).setSubject(subject);
  return (expires ? jwt.setExpirationTime('5m') : jwt).sign(privateKey);
};
const refused = { extensions: { code: 'UNAUTHENTICATED' } };
const verified = { email_verified: true };

describe('sign-in with an identity provider (JWKS)', () => {
  it('maps a valid token to the person with that email', async () => {
    const viewer = await resolveViewer(request(await sign({ email: 'Hana@example.com', ...verified })), db.prisma, auth());
    expect(viewer).toMatchObject({ personId: 'hana', roles: ['hr'] });
  });

  it('refuses a token from another issuer or signed with another key', async () => {
    await expect(resolveViewer(request(await sign({ email: 'hana@example.com', ...verified }, 'https://evil.example.com')), db.prisma, auth())).rejects.toMatchObject({
      extensions: { code: 'UNAUTHENTICATED' },
    });
    const other = await generateKeyPair('RS256');
    await expect(resolveViewer(request(await sign({ email: 'hana@example.com', ...verified }, undefined, other.privateKey as CryptoKey)), db.prisma, auth())).rejects.toMatchObject({
      extensions: { code: 'UNAUTHENTICATED' },
    });
  });

  it('refuses a valid token for someone who is not in the directory', async () => {
    await expect(resolveViewer(request(await sign({ email: 'stranger@example.com', ...verified })), db.prisma, auth())).rejects.toMatchObject({
      extensions: { code: 'UNAUTHENTICATED' },
    });
  });
});

describe('tokens from the identity provider are trusted no wider than configured', () => {
  it('a token issued to another application (another audience) of the same provider is refused', async () => {
    await expect(resolveViewer(request(await build({ email: 'hana@example.com', ...verified }, { audience: 'another-app' })), db.prisma, auth())).rejects.toMatchObject(refused);
  });

  it('a token without an expiry is refused', async () => {
    await expect(resolveViewer(request(await build({ email: 'hana@example.com', ...verified }, { expires: false })), db.prisma, auth())).rejects.toMatchObject(refused);
  });

  it("a self-registered account claiming HR's email without the provider verifying it does not sign in as HR", async () => {
    for (const claims of [{ email: 'hana@example.com' }, { email: 'hana@example.com', email_verified: false }, { email: 'hana@example.com', email_verified: 'false' }]) {
      await expect(resolveViewer(request(await sign(claims)), db.prisma, auth())).rejects.toMatchObject(refused);
    }
    // Providers that send the flag as a string (Cognito) still sign in.
    await expect(resolveViewer(request(await sign({ email: 'hana@example.com', email_verified: 'true' })), db.prisma, auth())).resolves.toMatchObject({ personId: 'hana' });
  });

  it('a token whose sub is a Certiflow person id (another tenant chose it) does not sign in as that person', async () => {
    await expect(resolveViewer(request(await build({}, { subject: 'hana' })), db.prisma, auth())).rejects.toMatchObject(refused);
  });

  it('a token signed with an algorithm the deployment does not allow is refused', async () => {
    await expect(resolveViewer(request(await sign({ email: 'hana@example.com', ...verified })), db.prisma, auth({ algorithms: ['ES256'] }))).rejects.toMatchObject(refused);
  });

  it('people can be matched by another configured claim, against their email or their id', async () => {
    const byUsername = auth({ personClaim: 'preferred_username' });
    await expect(resolveViewer(request(await sign({ preferred_username: 'Hana@example.com' })), db.prisma, byUsername)).resolves.toMatchObject({ personId: 'hana' });
    // The configured claim only: a verified email beside a missing username does not fall back to it.
    await expect(resolveViewer(request(await sign({ email: 'hana@example.com', ...verified })), db.prisma, byUsername)).rejects.toMatchObject(refused);
    const byEmployeeId = auth({ personClaim: 'employee_id', personField: 'id' });
    await expect(resolveViewer(request(await sign({ employee_id: 'hana' })), db.prisma, byEmployeeId)).resolves.toMatchObject({ personId: 'hana' });
  });

  it('a server given a JWKS without issuer or audience refuses to start instead of accepting every tenant', () => {
    const services = { prisma: db.prisma } as never;
    expect(() => createGraphQLHandler({ services, jwtSecret: 'x'.repeat(32), identityProvider: { jwksUrl }, production: true })).toThrow(/issuer and audience/);
  });
});
