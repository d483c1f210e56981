import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData } from '../../demo/seed.js';
import { resolveViewer } from '../../graphql/auth.js';
import { type Database, openDatabase } from '../../prisma/client.js';

// Production sign-in through the company's identity provider: tokens signed with its keys, published
// as a JWKS, mapped to people by their email claim.

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

const auth = () => ({ secret: 'unused-development-secret', jwksUrl, issuer: 'https://idp.example.com', audience: 'certiflow' });
const request = (token: string) => ({ headers: new Headers({ authorization: `Bearer ${token}` }) }) as Request;
const sign = (claims: Record<string, unknown>, issuer = 'https://idp.example.com', key: CryptoKey = privateKey) =>
  new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'idp-key-1' }).setIssuer(issuer).setAudience('certiflow').setSubject('idp|12345').setExpirationTime('5m').sign(key);

describe('sign-in with an identity provider (JWKS)', () => {
  it('maps a valid token to the person with that email', async () => {
    const viewer = await resolveViewer(request(await sign({ email: 'Hana@example.com' })), db.prisma, auth());
    expect(viewer).toMatchObject({ personId: 'hana', roles: ['hr'] });
  });

  it('refuses a token from another issuer or signed with another key', async () => {
    await expect(resolveViewer(request(await sign({ email: 'hana@example.com' }, 'https://evil.example.com')), db.prisma, auth())).rejects.toMatchObject({
      extensions: { code: 'UNAUTHENTICATED' },
    });
    const other = await generateKeyPair('RS256');
    await expect(resolveViewer(request(await sign({ email: 'hana@example.com' }, undefined, other.privateKey as CryptoKey)), db.prisma, auth())).rejects.toMatchObject({
      extensions: { code: 'UNAUTHENTICATED' },
    });
  });

  it('refuses a valid token for someone who is not in the directory', async () => {
    await expect(resolveViewer(request(await sign({ email: 'stranger@example.com' })), db.prisma, auth())).rejects.toMatchObject({
      extensions: { code: 'UNAUTHENTICATED' },
    });
  });
});
