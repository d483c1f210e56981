
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mintDevToken } from '../../http/auth/tokens.js';
import { type ApiOnly, startApiOnly } from '../harness/api-only.js';
import { portalRoutes } from '../../http/portal/routes.js';

// The edge as a whole: every route answers through the same middleware, so every HTML page (portal,
// emailed links, errors, GraphiQL) carries the same security headers, and the router behaves the same
// for every page. The Temporal client points nowhere: pages that need a workflow answer with an error
// page, which must carry the headers too.

const SECRET = 'edge-test-portal-secret-1234';
const JWT_SECRET = 'edge-test-jwt-secret-1234';

let api: ApiOnly;
let base: string;
let hrCookie: string;

beforeAll(async () => {
  api = await startApiOnly({ jwtSecret: JWT_SECRET, portal: { secret: SECRET, publicUrl: 'http://127.0.0.1' }, linkRateLimit: false, services: { linkSecret: 'edge-test-link-secret-1234' } });
  base = api.baseUrl;
  hrCookie = `cf_session=${encodeURIComponent(await mintDevToken(JWT_SECRET, 'hana'))}`;
});

afterAll(() => api?.close());

/** Every GET page of the portal's route table, its parameters filled with ids that exist nowhere. */
function portalPages(): string[] {
  const options = { api: { request: async () => ({}) as never }, secret: SECRET, production: false, publicUrl: base, signIn: { dev: true, oidc: false }, secure: false };
  return portalRoutes(options).filter((route) => route.method === 'GET').map((route) => route.path.replace(/:[a-zA-Z]+/g, 'nowhere'));
}

function expectSecurityHeaders(response: Response, what: string) {
  const csp = response.headers.get('content-security-policy') ?? '';
  expect(csp, `${what}: CSP`).toMatch(/default-src 'none'/);
  expect(csp, `${what}: CSP frame-ancestors`).toContain("frame-ancestors 'none'");
  expect(response.headers.get('x-frame-options'), `${what}: X-Frame-Options`).toBe('DENY');
  expect(response.headers.get('x-content-type-options'), `${what}: nosniff`).toBe('nosniff');
  expect(response.headers.get('referrer-policy'), `${what}: Referrer-Policy`).toMatch(/^(same-origin|no-referrer)$/);
}

describe('the HTTP edge', () => {
  it('sends the security headers with every HTML response: each portal page signed in and out, link pages, errors and GraphiQL', async () => {
    const pages = portalPages();
    expect(pages.length).toBeGreaterThan(15);
    const requests: [string, RequestInit][] = [
      ...pages.flatMap((page): [string, RequestInit][] => [
        [page, { headers: { cookie: hrCookie } }],
        [page, {}],
      ]),
      ['/approvals/nowhere?token=x', {}],
      ['/surveys/nowhere?token=x', {}],
      ['/approvals/nowhere', { method: 'POST', body: new URLSearchParams({ decision: 'approve', token: 'x' }) }],
      ['/no-such-page', {}],
      ['/programs', { method: 'DELETE' }],
      ['/graphql', { headers: { accept: 'text/html' } }],
      // A cross-site form post, refused by the edge before any route.
      ['/sign-in', { method: 'POST', body: new URLSearchParams({ person: 'alex' }), headers: { origin: 'https://evil.example' } }],
    ];
    let html = 0;
    for (const [page, init] of requests) {
      const response = await fetch(`${base}${page}`, { redirect: 'manual', ...init });
      const what = `${init.method ?? 'GET'} ${page}${init.headers && 'cookie' in init.headers ? ' (signed in)' : ''} → ${response.status}`;
      if (response.headers.get('content-type')?.startsWith('text/html')) html++;
      expectSecurityHeaders(response, what);
      await response.arrayBuffer();
    }
    expect(html).toBeGreaterThan(pages.length);
  });

  it('refuses a form posted from another site before reading it, and takes one from this site', async () => {
    const crossSite = await fetch(`${base}/sign-in`, { method: 'POST', body: new URLSearchParams({ person: 'alex' }), headers: { origin: 'https://evil.example' }, redirect: 'manual' });
    expect(crossSite.status).toBe(403);
    expect(crossSite.headers.get('set-cookie')).toBeNull();
    const fetchSite = await fetch(`${base}/sign-in`, { method: 'POST', body: new URLSearchParams({ person: 'alex' }), headers: { 'sec-fetch-site': 'cross-site' }, redirect: 'manual' });
    expect(fetchSite.status).toBe(403);
    const sameSite = await fetch(`${base}/sign-in`, { method: 'POST', body: new URLSearchParams({ person: 'alex', next: '/' }), headers: { origin: base }, redirect: 'manual' });
    expect(sameSite.status).toBe(303);
    expect(sameSite.headers.get('set-cookie')).toContain('cf_session=');
  });

  it('routes every page the same way: HEAD as GET, a trailing slash, 405 with Allow for a wrong method, 404 for unknown paths and mangled ids', async () => {
    const head = await fetch(`${base}/celebrations`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    expect((await fetch(`${base}/celebrations/`)).status).toBe(200);
    const wrongMethod = await fetch(`${base}/celebrations`, { method: 'PUT' });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toContain('GET');
    expect((await fetch(`${base}/no-such-page`)).status).toBe(404);
    // A percent-encoding that decodes to nothing names no journey: not found, never a server error.
    const mangled = await fetch(`${base}/journeys/%E0%A4%A`, { headers: { cookie: hrCookie } });
    expect(mangled.status).toBeLessThan(500);
    expect(mangled.status).not.toBe(200);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  });
});
