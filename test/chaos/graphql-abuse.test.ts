import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignJWT } from 'jose';
import { seedDemoData } from '../../demo/seed.js';
import { ErrorCode } from '../../domain/errors.js';
import { JourneyStage } from '../../domain/journey.js';
import { mintDevToken } from '../../http/auth/tokens.js';
import { createGraphQLHandler } from '../../http/graphql.js';
import { type Database, openDatabase } from '../../prisma/client.js';
import { createServices } from '../../services/index.js';

// Hostile GraphQL requests through the real yoga handler in production mode: malformed, too deep, too
// costly, too large, unauthenticated, the wrong role, and a resolver that fails with someone's data in
// its message. Every answer carries a code and a plain message; none carries a stack trace, internals
// or anything of another person's (test/graphql/hardening.test.ts and permissions.test.ts check the
// limits and the permission matrix one by one; this checks what every refusal body leaks).

const SECRET = 'graphql-abuse-test-secret';
const PROGRAM = 'cloud-architecture-practitioner';
const JORDAN = `journey:${PROGRAM}:jordan`;
const AT = new Date('2026-06-01T09:00:00.000Z');
/** Jordan's, HR's and the panel's: none of it may reach alex, whatever alex sends. */
const OTHERS_DATA = ['jordan@example.com', 'Jordan Lee', 'JORDAN-PANEL-COMMENT', 'JORDAN-EVIDENCE', 'non-binary', 'hana@example.com', 'nadia@example.com'];
const INTERNALS = [/\n\s+at /, /\.ts:\d+/, /node_modules/, /prisma/i, /invocation/, /SELECT|INSERT|UPDATE "/, /postgres/i, /"stack"/];

let db: Database;
let yoga: ReturnType<typeof createGraphQLHandler>;
let failing: ReturnType<typeof createGraphQLHandler>;

interface Answer {
  status: number;
  text: string;
  body: { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: { code?: string } }[] } | null;
}

async function send(init: { method?: string; body?: string; token?: string | null; contentType?: string; query?: string }, handler = yoga): Promise<Answer> {
  const token = init.token === undefined ? await mintDevToken(SECRET, 'alex') : init.token;
  const url = init.query ? `http://x/graphql?query=${encodeURIComponent(init.query)}` : 'http://x/graphql';
  const response = await handler.fetch(url, {
    method: init.method ?? 'POST',
    headers: {
      'content-type': init.contentType ?? 'application/json',
      accept: 'application/graphql-response+json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    ...(init.body !== undefined ? { body: init.body } : {}),
  });
  const text = await response.text();
  let body: Answer['body'] = null;
  try {
    body = JSON.parse(text) as Answer['body'];
  } catch {
    // Some refusals (405) need no body.
  }
  return { status: response.status, text, body };
}

const ask = (query: string, variables?: Record<string, unknown>, token?: string | null) => send({ body: JSON.stringify({ query, variables }), token });

/** What every refusal must be: coded, plain, and silent about internals and other people. */
function expectCleanRefusal(answer: Answer) {
  expect(answer.status).toBeGreaterThanOrEqual(200);
  for (const internal of INTERNALS) expect(answer.text).not.toMatch(internal);
  for (const secret of OTHERS_DATA) expect(answer.text).not.toContain(secret);
  if (!answer.body) return;
  expect(answer.body.errors?.length).toBeGreaterThan(0);
  for (const error of answer.body.errors ?? []) {
    expect(error.extensions?.code, error.message).toMatch(/^[A-Z_]+$/);
    expect(error.message.length).toBeGreaterThan(10);
    expect(error.message.length).toBeLessThan(300);
  }
}

beforeAll(async () => {
  db = await openDatabase({});
  await db.migrate();
  await seedDemoData(db.prisma, '2026-11-25T09:00:00.000Z');
  const p = db.prisma;
  await p.journey.create({ data: { id: JORDAN, programId: PROGRAM, pathwayId: 'cap-portfolio', candidateId: 'jordan', stage: JourneyStage.AwaitingAssessment, enrolledAt: AT, updatedAt: AT, panel: ['lars', 'nadia', 'owen'], panelRound: 1 } });
  await p.submission.create({ data: { id: 'sub-j', journeyId: JORDAN, cycle: 1, submittedBy: 'jordan', format: 'written_report', title: 'JORDAN-EVIDENCE', content: 'JORDAN-EVIDENCE body', reflection: 'note', contentHash: 'h', submittedAt: AT } });
  await p.panelScore.create({ data: { id: 'ps-j', journeyId: JORDAN, submissionId: 'sub-j', round: 1, assessorId: 'nadia', scores: { security: 2 }, comment: 'JORDAN-PANEL-COMMENT', submittedAt: AT } });
  const services = createServices({ prisma: db.prisma, client: undefined as never, taskQueue: 'x', linkSecret: 'graphql-abuse-link-secret' });
  yoga = createGraphQLHandler({ services, jwtSecret: SECRET, production: true, rateLimit: false });
  // A resolver that fails with someone else's data in the error: the message must stay on the server.
  const prisma = new Proxy(db.prisma, {
    get: (target, prop) => (prop === 'program' ? { findMany: () => Promise.reject(new Error('constraint failed for jordan@example.com (Jordan Lee)')) } : Reflect.get(target, prop)),
  });
  failing = createGraphQLHandler({ services: { ...services, prisma }, jwtSecret: SECRET, production: true, rateLimit: false, log: () => undefined });
});

afterAll(async () => {
  await db?.close();
});

describe('malformed requests', () => {
  it.each([
    ['a body that is not JSON', () => send({ body: '{"query": "{ me { id } }"' }), 400, 'BAD_REQUEST'],
    ['a query that does not parse', () => ask('{ me { id '), 400, ErrorCode.MalformedQuery],
    ['a field that does not exist (no "did you mean")', () => ask('{ me { emial } }'), 400, 'GRAPHQL_VALIDATION_FAILED'],
    ['a variable of the wrong type', () => ask('query($id: ID!) { journey(id: $id) { id } }', { id: { $ne: null } }), 400, ErrorCode.InvalidInput],
    ['a missing variable', () => ask('query($id: ID!) { journey(id: $id) { id } }'), 400, ErrorCode.InvalidInput],
    ['a batch of operations', () => send({ body: JSON.stringify([{ query: '{ me { id } }' }, { query: '{ me { id } }' }]) }), 400, 'BAD_REQUEST'],
    ['a mutation sent with GET', () => send({ method: 'GET', query: 'mutation { enroll(input: { programId: "x", pathwayId: "y" }) { __typename } }' }), 405, null],
  ])('refuses %s with a code and nothing else', async (_what, request, status, code) => {
    const answer = await request();
    expect(answer.status).toBe(status);
    expectCleanRefusal(answer);
    if (code) expect(answer.body?.errors?.map((e) => e.extensions?.code)).toEqual([code]);
    expect(answer.body?.data ?? null).toBeNull();
    expect(answer.text).not.toMatch(/did you mean/i);
  });
});

describe('requests over the limits', () => {
  it.each([
    ['too deep', () => ask(`{ me { ${'manager { '.repeat(12)}id${' }'.repeat(12)} } }`), ErrorCode.QueryTooDeep],
    ['too many aliases', () => ask(`{ ${Array.from({ length: 20 }, (_, i) => `a${i}: journey(id: "${JORDAN}") { id }`).join(' ')} }`), ErrorCode.TooManyAliases],
    ['too many tokens', () => ask(`{ me { ${Array.from({ length: 2100 }, () => 'id').join(' ')} } }`), ErrorCode.TooManyTokens],
    ['too large', () => ask(`{ me { id }${' '.repeat(120 * 1024)}}`), ErrorCode.RequestTooLarge],
    ['too costly', () => ask(`{ ${Array.from({ length: 14 }, (_, i) => `j${i}: journeys(first: 100) { edges { node { events { actor { manager { manager { id } } } } } } }`).join(' ')} }`), ErrorCode.QueryTooCostly],
  ])('refuses a query %s before any resolver runs', async (_what, request, code) => {
    const answer = await request();
    expectCleanRefusal(answer);
    expect(answer.body?.errors?.map((e) => e.extensions?.code)).toContain(code);
    expect(answer.body?.data ?? null).toBeNull();
  });
});

describe('the wrong person', () => {
  const expired = () => new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject('alex').setIssuedAt(1_700_000_000).setExpirationTime(1_700_000_060).sign(new TextEncoder().encode(SECRET));

  it.each([
    ['no token', () => ask('{ me { id } }', undefined, null), ErrorCode.Unauthenticated],
    ['a token signed with another secret', async () => ask('{ me { id } }', undefined, await mintDevToken('another-secret-entirely-0123', 'hana')), ErrorCode.Unauthenticated],
    ['an expired token', async () => ask('{ me { id } }', undefined, await expired()), ErrorCode.Unauthenticated],
    ['a candidate listing every journey', () => ask('{ journeys(first: 5) { edges { node { id candidate { name email } } } } }'), ErrorCode.Forbidden],
    ['a candidate asking for program analytics', () => ask(`{ programAnalytics(programId: "${PROGRAM}", groupBy: DEPARTMENT) { __typename } }`), ErrorCode.Forbidden],
    ['a candidate asking for the adverse-impact audit', () => ask(`{ adverseImpactAudit(programId: "${PROGRAM}", attribute: GENDER) { __typename } }`), ErrorCode.Forbidden],
  ])('refuses %s with a code and no data', async (_what, request, code) => {
    const answer = await request();
    expectCleanRefusal(answer);
    expect(answer.body?.errors?.map((e) => e.extensions?.code)).toContain(code);
    expect(answer.body?.data ?? null).toBeNull();
  });

  it("gives a candidate their own data and nothing of another candidate's journey in the same request", async () => {
    const answer = await ask(`{ me { name } journey(id: "${JORDAN}") { id candidate { email } submissions { title } panelScores { comment } } }`);
    expect(answer.body?.data).toEqual({ me: { name: 'Alex Kim' }, journey: null });
    for (const secret of OTHERS_DATA) expect(answer.text).not.toContain(secret);
  });

  it("masks a resolver's failure, whatever its message held", async () => {
    const answer = await send({ body: JSON.stringify({ query: '{ programs { id } }' }) }, failing);
    expectCleanRefusal(answer);
    expect(answer.body?.errors?.[0]?.message).toBe('Unexpected error.');
  });
});
