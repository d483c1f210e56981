import { request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData } from '../../demo/seed.js';
import { ErrorCode } from '../../domain/errors.js';
import { pino } from 'pino';
import { loadConfig } from '../../config/index.js';
import { apiOptionsFrom } from '../../http/options.js';
import { mintDevToken } from '../../http/auth/tokens.js';
import type { Refusal } from '../../graphql/refusal-audit.js';
import { type ApiOptions, createApiServer } from '../../http/app.js';
import { type Database, openDatabase } from '../../prisma/client.js';
import { createServices } from '../../services/index.js';
import { clientAddressResolver } from '../../http/client-address.js';

// Audit and limits at the HTTP edge, over real sockets (the client address comes from the socket):
// refused calls are logged with the person, the link pages cannot flood the link audit, and nobody
// picks their own rate-limit bucket with a forwarded-for header they wrote themselves.

const SECRET = 'audit-and-limits-test-secret-0123456789';

let db: Database;
let services: ApiOptions['services'];
const servers: Server[] = [];

async function serve(options: Partial<ApiOptions>): Promise<string> {
  const server = createApiServer({ services, jwtSecret: SECRET, production: true, ...options });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function graphql(base: string, query: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query }) });
  return { status: response.status, body: (await response.json()) as { data?: unknown; errors?: { extensions?: { code?: string } }[] } };
}
/** A GET with its request target exactly as given (a path with dot segments, or an absolute URL). */
function rawGet(base: string, target: string): Promise<number> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path: target, method: 'GET' }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}
const bearer = async (personId: string) => ({ authorization: `Bearer ${await mintDevToken(SECRET, personId)}` });

beforeAll(async () => {
  db = await openDatabase({});
  await db.migrate();
  await seedDemoData(db.prisma, '2026-11-25T09:00:00.000Z');
  services = createServices({ prisma: db.prisma, client: undefined as never, taskQueue: 'x', linkSecret: SECRET });
});

afterAll(async () => {
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  await db?.close();
});

describe('refused GraphQL calls are audited with the person', () => {
  const refusals: Refusal[] = [];
  let base: string;
  beforeAll(async () => {
    base = await serve({ rateLimit: false, audit: (refusal) => refusals.push(refusal), clientAddress: clientAddressResolver(['loopback']) });
  });

  it('an employee reaching for the HR journey list is logged with their id, address and operation', async () => {
    refusals.length = 0;
    const answer = await graphql(base, 'query Probe { journeys(first: 5) { totalCount } }', { ...(await bearer('alex')), 'x-forwarded-for': '203.0.113.9' });
    expect(answer.body.errors?.map((e) => e.extensions?.code)).toEqual([ErrorCode.Forbidden]);
    expect(refusals).toEqual([{ personId: 'alex', address: '203.0.113.9', operation: 'Probe', path: 'journeys', code: ErrorCode.Forbidden, message: expect.any(String) }]);
  });

  it('an employee enrolling a colleague (a typed refusal, not an error) is logged too', async () => {
    refusals.length = 0;
    const mutation = `mutation EnrolOther { enroll(input: { programId: "cloud-architecture-practitioner", pathwayId: "cap-portfolio", candidateId: "sam" }) {
      __typename ... on CertiflowError { code } } }`;
    const answer = await graphql(base, mutation, await bearer('alex'));
    expect(answer.body.data).toEqual({ enroll: { __typename: 'CertiflowError', code: ErrorCode.Forbidden } });
    expect(refusals).toMatchObject([{ personId: 'alex', operation: 'EnrolOther', path: 'candidateId', code: ErrorCode.Forbidden }]);
  });

  it('a forged token is logged with the address it came from', async () => {
    refusals.length = 0;
    const forged = await mintDevToken('someone-elses-secret-0123456789abcdef', 'hana');
    const answer = await graphql(base, '{ me { id } }', { authorization: `Bearer ${forged}` });
    expect(answer.status).toBe(401);
    expect(refusals).toMatchObject([{ personId: null, address: '127.0.0.1', code: ErrorCode.Unauthenticated }]);
  });

  it('calls that are answered are not logged', async () => {
    refusals.length = 0;
    await graphql(base, '{ me { id } }', await bearer('hana'));
    expect(refusals).toEqual([]);
  });
});

describe('rate limits key on the real client address', () => {
  const limit = { capacity: 3, refillPerSecond: 0.001 };

  it('an anonymous client cannot pick a fresh bucket by sending its own X-Forwarded-For', async () => {
    const base = await serve({ rateLimit: limit });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await graphql(base, '{ __typename }', { 'x-forwarded-for': `198.51.100.${i}` })).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
  });

  it('behind a trusted proxy each client has its own bucket, and a forged address further left changes nothing', async () => {
    const base = await serve({ rateLimit: limit, clientAddress: clientAddressResolver(['loopback']) });
    const statuses: number[] = [];
    // The proxy appends the client it saw (198.51.100.7); the client wrote the other address itself.
    for (let i = 0; i < 4; i++) statuses.push((await graphql(base, '{ __typename }', { 'x-forwarded-for': `10.9.9.${i}, 198.51.100.7` })).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect((await graphql(base, '{ __typename }', { 'x-forwarded-for': '198.51.100.8' })).status).toBe(200);
  });
});

describe('link pages', () => {
  it('flooding approval links is refused before anything reaches the link audit', async () => {
    const base = await serve({ rateLimit: false, linkRateLimit: { capacity: 10, refillPerSecond: 0.001 } });
    const before = await db.prisma.linkAudit.count();
    const statuses: number[] = [];
    for (let i = 0; i < 15; i++) statuses.push((await fetch(`${base}/approvals/flood-${i}?token=guess`)).status);
    expect(statuses.filter((s) => s === 429)).toHaveLength(5);
    expect(statuses.slice(0, 10).every((s) => s !== 429)).toBe(true);
    expect((await db.prisma.linkAudit.count()) - before).toBe(10);
    const limited = await fetch(`${base}/approvals/flood-x?token=guess`);
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
  });

  it('a link flood through a dot-segment or absolute-form path is limited like the plain path', async () => {
    const base = await serve({ rateLimit: false, linkRateLimit: { capacity: 4, refillPerSecond: 0.001 } });
    const before = await db.prisma.linkAudit.count();
    // Sent as written (fetch would tidy the path); the routes resolve both to /approvals/<id>.
    const targets = Array.from({ length: 8 }, (_, i) => (i % 2 === 0 ? `/x/../approvals/dot-${i}?token=guess` : `${base}/approvals/absolute-${i}?token=guess`));
    const statuses: number[] = [];
    for (const target of targets) statuses.push(await rawGet(base, target));
    expect(statuses.filter((s) => s === 429)).toHaveLength(4);
    expect((await db.prisma.linkAudit.count()) - before).toBe(4);
  });
});

describe('forgetting NODE_ENV=production', () => {
  const configured = {
    NODE_ENV: 'development',
    AUTH_JWT_SECRET: 'j'.repeat(40),
    APPROVAL_LINK_SECRET: 'l'.repeat(40),
    PORTAL_SECRET: 'p'.repeat(40),
    PUBLIC_URL: 'https://certiflow.example.com',
  };
  const quiet = pino({ level: 'silent' });

  it('a configured server without DEV_MODE offers neither GraphiQL, introspection nor demo sign-in, whatever NODE_ENV says', async () => {
    const base = await serve(apiOptionsFrom(loadConfig(configured as unknown as NodeJS.ProcessEnv), services, quiet));
    const graphiql = await fetch(`${base}/graphql`, { headers: { accept: 'text/html' } });
    expect(await graphiql.text()).not.toContain('GraphiQL');
    const introspection = await graphql(base, '{ __schema { types { name } } }');
    expect(introspection.body.errors?.map((e) => e.extensions?.code)).toEqual([ErrorCode.IntrospectionDisabled]);
    const signIn = await (await fetch(`${base}/sign-in`)).text();
    expect(signIn).not.toContain('choose a demo person');
    const posted = await fetch(`${base}/sign-in`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'person=hana' });
    expect(posted.headers.get('set-cookie') ?? '').not.toContain('cf_session=ey');
  });

  it('DEV_MODE on loopback turns them on, for a developer', async () => {
    const base = await serve(apiOptionsFrom(loadConfig({ DEV_MODE: 'true' } as unknown as NodeJS.ProcessEnv), services, quiet));
    expect(await (await fetch(`${base}/graphql`, { headers: { accept: 'text/html' } })).text()).toContain('GraphiQL');
    expect(await (await fetch(`${base}/sign-in`)).text()).toContain('choose a demo person');
    const posted = await fetch(`${base}/sign-in`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'person=hana' });
    expect(posted.headers.get('set-cookie') ?? '').toContain('cf_session=ey');
  });

  it('a leaked development token stops working within hours, not after 30 days', async () => {
    const token = await mintDevToken(SECRET, 'hana');
    const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { iat: number; exp: number };
    expect(claims.exp - claims.iat).toBeLessThanOrEqual(12 * 3600);
  });
});

describe('analytics cost', () => {
  it('a huge minGroupSize is refused instead of spinning the API through every size up to it', async () => {
    const base = await serve({ rateLimit: false });
    const hr = await bearer('hana');
    for (const query of [
      '{ programAnalytics(programId: "cloud-architecture-practitioner", groupBy: DEPARTMENT, minGroupSize: 1000000) { minGroupSize } }',
      '{ adverseImpactAudit(programId: "cloud-architecture-practitioner", attribute: GENDER, minGroupSize: 101) { minGroupSize } }',
      '{ satisfactionResults(programId: "cloud-architecture-practitioner", minGroupSize: 5000) { minGroupSize } }',
    ]) {
      const answer = await graphql(base, query, hr);
      expect(answer.body.errors?.map((e) => e.extensions?.code)).toEqual([ErrorCode.InvalidInput]);
    }
    const allowed = await graphql(base, '{ programAnalytics(programId: "cloud-architecture-practitioner", groupBy: DEPARTMENT, minGroupSize: 100) { minGroupSize } }', hr);
    expect(allowed.body.errors).toBeUndefined();
  });
});
