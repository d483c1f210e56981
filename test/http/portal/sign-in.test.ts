import { createHash, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client, Connection } from '@temporalio/client';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData } from '../../../demo/seed.js';
import { createApiServer } from '../../../http/app.js';
import { type Database, openDatabase } from '../../../prisma/client.js';
import { createServices } from '../../../services/index.js';
import { signIn } from '../../harness/portal-client.js';

// Signing in to the portal: development tokens for demo people, and the company's identity provider
// through OpenID Connect (authorization code + PKCE). The provider here is a small local stand-in that
// behaves like a real one on the wire: discovery, authorize redirect, token endpoint, JWKS.
// Sign-in touches no workflow, so the Temporal connection is lazy and never used.

let db: Database;
let idp: Server;
let issuer: string;
const servers: Server[] = [];
const codes = new Map<string, { nonce: string; challenge: string; email: string }>();
let signingKey: CryptoKey;
/** A key the provider does not publish: an ID token signed with it is a forgery. */
let forgingKey: CryptoKey;
let forgeNextToken = false;

const SECRET = 'portal-test-secret-123456';
const JWT_SECRET = 'development-jwt-secret-1234';

async function startApi(options: { production: boolean; oidc: boolean }): Promise<string> {
  const client = new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) });
  const services = createServices({ prisma: db.prisma, client, taskQueue: 'unused', uploadsDir: `/tmp/certiflow-uploads-${randomUUID()}` });
  const server = createApiServer({
    services,
    jwtSecret: JWT_SECRET,
    production: options.production,
    ...(options.oidc ? { identityProvider: { jwksUrl: `${issuer}/jwks`, issuer, audience: 'certiflow-portal' } } : {}),
    portal: {
      secret: SECRET,
      publicUrl: 'http://127.0.0.1',
      ...(options.oidc ? { oidc: { issuer, clientId: 'certiflow-portal', clientSecret: 'client-secret', redirectUri: 'http://127.0.0.1/auth/callback' } } : {}),
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  db = await openDatabase({});
  await db.migrate();
  await seedDemoData(db.prisma);
  const pair = await generateKeyPair('RS256');
  signingKey = pair.privateKey as CryptoKey;
  forgingKey = (await generateKeyPair('RS256')).privateKey as CryptoKey;
  const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
  idp = createServer((req, res) => {
    const url = new URL(req.url ?? '/', issuer);
    const json = (status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (url.pathname === '/.well-known/openid-configuration') {
      return json(200, { issuer, authorization_endpoint: `${issuer}/authorize`, token_endpoint: `${issuer}/token`, jwks_uri: `${issuer}/jwks` });
    }
    if (url.pathname === '/jwks') return json(200, { keys: [jwk] });
    if (url.pathname === '/authorize') {
      // The person "signs in" as the login_hint; the provider sends the browser back with a code.
      const code = randomUUID();
      codes.set(code, { nonce: url.searchParams.get('nonce') ?? '', challenge: url.searchParams.get('code_challenge') ?? '', email: url.searchParams.get('login_hint') ?? 'hana@example.com' });
      const back = new URL(url.searchParams.get('redirect_uri') ?? '');
      back.search = new URLSearchParams({ code, state: url.searchParams.get('state') ?? '' }).toString();
      return res.writeHead(302, { location: back.toString() }).end();
    }
    if (url.pathname === '/token') {
      let body = '';
      req.on('data', (chunk) => {
        body += chunk;
      });
      req.on('end', async () => {
        const form = new URLSearchParams(body);
        const grant = codes.get(form.get('code') ?? '');
        codes.delete(form.get('code') ?? '');
        const verifier = form.get('code_verifier') ?? '';
        if (!grant || createHash('sha256').update(verifier).digest('base64url') !== grant.challenge) return json(400, { error: 'invalid_grant' });
        // RFC 6749 2.3.1: id and secret are form-urlencoded before they are joined and base64-encoded.
        const basic = Buffer.from((req.headers.authorization ?? '').replace(/^Basic /, ''), 'base64').toString().split(':').map((part) => decodeURIComponent(part.replace(/\+/g, ' ')));
        if (basic[0] !== 'certiflow-portal' || basic[1] !== 'client-secret') return json(401, { error: 'invalid_client' });
        const idToken = await new SignJWT({ email: grant.email, email_verified: true, nonce: grant.nonce })
          .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
          .setIssuer(issuer)
          .setAudience('certiflow-portal')
          .setSubject(`idp|${grant.email}`)
          .setIssuedAt()
          .setExpirationTime('10m')
          .sign(forgeNextToken ? forgingKey : signingKey);
        forgeNextToken = false;
        json(200, { access_token: randomUUID(), id_token: idToken, token_type: 'Bearer', expires_in: 600 });
      });
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => idp.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(idp.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const server of [...servers, idp]) await new Promise((resolve) => server?.close(resolve));
  await db?.close();
});

const cookieOf = (response: Response, name: string): string | undefined =>
  response.headers
    .getSetCookie()
    .find((c) => c.startsWith(`${name}=`))
    ?.split(';')[0];

describe('development sign-in', () => {
  it('signs a demo person in, shows their name, and signs them out', async () => {
    const base = await startApi({ production: false, oidc: false });
    const form = await fetch(`${base}/sign-in?next=/programs`);
    expect(form.status).toBe(200);
    const page = await form.text();
    expect(page).toContain('<label for="person">Person</label>');
    expect(page).toContain('name="next" value="/programs"');

    const signedIn = await fetch(`${base}/sign-in`, { method: 'POST', body: new URLSearchParams({ person: 'hana', next: '/programs' }), redirect: 'manual' });
    expect(signedIn.status).toBe(303);
    expect(signedIn.headers.get('location')).toBe('/programs');
    const session = cookieOf(signedIn, 'cf_session');
    expect(signedIn.headers.getSetCookie().join()).toMatch(/cf_session=[^;]+; Path=\/; HttpOnly; SameSite=Lax/);

    const signInAgain = await fetch(`${base}/sign-in`, { headers: { cookie: session ?? '' }, redirect: 'manual' });
    expect(signInAgain.status).toBe(303);

    // Sign-out is a form post with the session's CSRF token; without it, nothing happens.
    const refused = await fetch(`${base}/sign-out`, { method: 'POST', headers: { cookie: session ?? '' }, body: new URLSearchParams({}), redirect: 'manual' });
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain('nothing was changed');
  });

  it('refuses unknown people, foreign redirects and cross-site posts', async () => {
    const base = await startApi({ production: false, oidc: false });
    const unknown = await fetch(`${base}/sign-in`, { method: 'POST', body: new URLSearchParams({ person: 'nobody' }) });
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toContain('No active person');

    const foreign = await fetch(`${base}/sign-in`, { method: 'POST', body: new URLSearchParams({ person: 'alex', next: '//evil.example.com/x' }), redirect: 'manual' });
    expect(foreign.headers.get('location')).toBe('/');

    const crossSite = await fetch(`${base}/sign-in`, {
      method: 'POST',
      headers: { origin: 'https://evil.example.com' },
      body: new URLSearchParams({ person: 'alex' }),
      redirect: 'manual',
    });
    expect(crossSite.status).toBe(403);
    expect(cookieOf(crossSite, 'cf_session')).toBeUndefined();
  });

  it('a sign-in next of /\t/evil.com stays on the site, on every route that redirects to a next or _back', async () => {
    const base = await startApi({ production: false, oidc: false });
    // Browsers drop the tab (or CR, LF) from a Location and read a backslash as a slash: each of these is //evil.com.
    const hostile = ['/\t/evil.com', '/\n/evil.com', '/\r/evil.com', '/\\/evil.com', '/\t\\evil.com', 'https:evil.com', '/..//evil.com'];
    for (const next of hostile) {
      const posted = await fetch(`${base}/sign-in`, { method: 'POST', body: new URLSearchParams({ person: 'alex', next }), redirect: 'manual' });
      expect(posted.status).toBe(303);
      expect(posted.headers.get('location')).toBe('/');

      // The form carries the cleaned value, and a signed-in visitor is sent on to it.
      const form = await (await fetch(`${base}/sign-in?next=${encodeURIComponent(next)}`)).text();
      expect(form).toContain('name="next" value="/"');
      const session = cookieOf(posted, 'cf_session') ?? '';
      const signedIn = await fetch(`${base}/sign-in?next=${encodeURIComponent(next)}`, { headers: { cookie: session }, redirect: 'manual' });
      expect(signedIn.status).toBe(303);
      expect(signedIn.headers.get('location')).toBe('/');
    }

    // `_back` after a refused form post: enrolling on a pathway that does not exist sends the person back.
    const alex = await signIn(base, 'alex');
    for (const back of hostile) {
      const refused = await alex.post('/programs/cloud-architecture-practitioner/enrol', { pathwayId: 'no-such-pathway', _back: back }, { csrfFrom: '/programs' });
      expect(refused.status).toBe(303);
      expect(refused.headers.get('location')).toBe('/');
    }
    const local = await alex.post('/programs/cloud-architecture-practitioner/enrol', { pathwayId: 'no-such-pathway', _back: '/programs?x=1' }, { csrfFrom: '/programs' });
    expect(local.headers.get('location')).toBe('/programs?x=1');
  });

  it('treats a forged session cookie as signed out and clears it', async () => {
    const base = await startApi({ production: false, oidc: false });
    const response = await fetch(`${base}/sign-in`, { headers: { cookie: 'cf_session=eyJhbGciOiJub25lIn0.eyJzdWIiOiJoYW5hIn0.' } });
    expect(response.status).toBe(200);
    expect(response.headers.getSetCookie().join()).toContain('cf_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0');
  });

  it('offers no development sign-in in production', async () => {
    const base = await startApi({ production: true, oidc: false });
    const page = await (await fetch(`${base}/sign-in`)).text();
    expect(page).not.toContain('name="person"');
    expect(page).toContain('No sign-in method is configured');
    const post = await fetch(`${base}/sign-in`, { method: 'POST', body: new URLSearchParams({ person: 'ari' }), redirect: 'manual' });
    expect(cookieOf(post, 'cf_session')).toBeUndefined();
  });
});

describe('sign-in with the identity provider (OIDC)', () => {
  async function signInThroughProvider(base: string, email: string) {
    const start = await fetch(`${base}/sign-in/oidc?next=/programs`, { redirect: 'manual' });
    expect(start.status).toBe(303);
    const authorize = new URL(start.headers.get('location') ?? '');
    expect(authorize.origin).toBe(issuer);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    const pending = cookieOf(start, 'cf_oidc') ?? '';
    authorize.searchParams.set('login_hint', email);
    const provider = await fetch(authorize, { redirect: 'manual' });
    const callback = new URL(provider.headers.get('location') ?? '');
    return { pending, callback: `${base}${callback.pathname}${callback.search}` };
  }

  it('signs a person in with the ID token, which the API then accepts', async () => {
    const base = await startApi({ production: true, oidc: true });
    const { pending, callback } = await signInThroughProvider(base, 'ines@example.com');
    const done = await fetch(callback, { headers: { cookie: pending }, redirect: 'manual' });
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe('/programs');
    const session = cookieOf(done, 'cf_session') ?? '';
    const token = decodeURIComponent(session.split('=')[1] ?? '');
    const me = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: '{ me { id } }' }),
    });
    expect(await me.json()).toEqual({ data: { me: { id: 'ines' } } });
  });

  it('an OIDC next of /\t/evil.com stays on the site after the provider sends the person back', async () => {
    const base = await startApi({ production: true, oidc: true });
    for (const next of ['/\t/evil.com', '/\\/evil.com', '/\r\n/evil.com']) {
      const start = await fetch(`${base}/sign-in/oidc?next=${encodeURIComponent(next)}`, { redirect: 'manual' });
      const authorize = new URL(start.headers.get('location') ?? '');
      authorize.searchParams.set('login_hint', 'ines@example.com');
      const callback = new URL((await fetch(authorize, { redirect: 'manual' })).headers.get('location') ?? '');
      const done = await fetch(`${base}${callback.pathname}${callback.search}`, { headers: { cookie: cookieOf(start, 'cf_oidc') ?? '' }, redirect: 'manual' });
      expect(done.status).toBe(303);
      expect(done.headers.get('location')).toBe('/');
    }
  });

  it('a forged ID token (signed with a key the provider does not publish) signs nobody in', async () => {
    const base = await startApi({ production: true, oidc: true });
    const { pending, callback } = await signInThroughProvider(base, 'hana@example.com');
    forgeNextToken = true;
    const done = await fetch(callback, { headers: { cookie: pending }, redirect: 'manual' });
    expect(done.status).toBe(400);
    expect(await done.text()).toContain('could not be verified');
    expect(cookieOf(done, 'cf_session')).toBeUndefined();
  });

  it('a callback whose state was tampered with signs nobody in', async () => {
    const base = await startApi({ production: true, oidc: true });
    const { pending, callback } = await signInThroughProvider(base, 'hana@example.com');
    const tampered = new URL(callback);
    tampered.searchParams.set('state', 'attacker-state');
    const done = await fetch(tampered, { headers: { cookie: pending }, redirect: 'manual' });
    expect(done.status).toBe(400);
    expect(cookieOf(done, 'cf_session')).toBeUndefined();
  });

  it('refuses a callback that was not started here, and people the directory does not know', async () => {
    const base = await startApi({ production: true, oidc: true });
    const { callback } = await signInThroughProvider(base, 'hana@example.com');
    const noCookie = await fetch(callback, { redirect: 'manual' });
    expect(noCookie.status).toBe(400);
    expect(await noCookie.text()).toContain('does not match a sign-in started here');
    expect(cookieOf(noCookie, 'cf_session')).toBeUndefined();

    const stranger = await signInThroughProvider(base, 'stranger@example.com');
    const refused = await fetch(stranger.callback, { headers: { cookie: stranger.pending }, redirect: 'manual' });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('Certiflow does not know this account');
  });
});
