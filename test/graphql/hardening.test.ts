import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData } from '../../demo/seed.js';
import { ErrorCode } from '../../domain/errors.js';
import { mintDevToken } from '../../http/auth/tokens.js';
import type { ApiOptions } from '../../http/app.js';
import { createGraphQLHandler } from '../../http/graphql.js';
import { type Database, openDatabase } from '../../prisma/client.js';
import { createServices } from '../../services/index.js';

// Request limits through the real yoga handler: every rejection carries a code and no data.

const SECRET = 'hardening-test-secret';

let db: Database;
let services: ApiOptions['services'];
let yoga: ReturnType<typeof createGraphQLHandler>;
let token: string;

interface Answer {
  status: number;
  body: { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] };
  headers: Headers;
}

async function post(handler: typeof yoga, body: string, headers: Record<string, string> = {}): Promise<Answer> {
  const response = await handler.fetch('http://x/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', authorization: `Bearer ${token}`, ...headers },
    body,
  });
  return { status: response.status, body: (await response.json()) as Answer['body'], headers: response.headers };
}

const ask = (query: string, handler = yoga) => post(handler, JSON.stringify({ query }));

// Shape rejections are 400 for GraphQL-over-HTTP clients (and 200 with the same errors for legacy JSON ones).
function expectRejected(answer: Answer, code: ErrorCode, status = 400) {
  expect(answer.body.errors?.map((e) => e.extensions?.code)).toEqual([code]);
  expect(answer.body.data ?? null).toBeNull();
  expect(answer.status).toBe(status);
}

beforeAll(async () => {
  db = await openDatabase({});
  await db.migrate();
  await seedDemoData(db.prisma, '2026-11-25T09:00:00.000Z');
  services = createServices({ prisma: db.prisma, client: undefined as never, taskQueue: 'x' });
  yoga = createGraphQLHandler({ services, jwtSecret: SECRET, production: true, rateLimit: false });
  token = await mintDevToken(SECRET, 'hana');
});

afterAll(async () => {
  await db?.close();
});

describe('GraphQL request limits', () => {
  it('answers an ordinary query', async () => {
    const answer = await ask('{ me { id name manager { id } } }');
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ data: { me: { id: 'hana', name: 'Hana Reyes', manager: null } } });
  });

  it('rejects a query nested too deeply', async () => {
    const deep = `{ me { ${'manager { '.repeat(12)}id${' }'.repeat(12)} } }`;
    expectRejected(await ask(deep), ErrorCode.QueryTooDeep);
  });

  it('rejects a query that would cost too much', async () => {
    const costly = createGraphQLHandler({ services, jwtSecret: SECRET, production: true, rateLimit: false, limits: { maxCost: 20 } });
    const query = '{ me { id name department title email roles manager { id name department title email roles } } }';
    expectRejected(await ask(query, costly), ErrorCode.QueryTooCostly);
  });

  it('rejects too many aliases', async () => {
    const aliases = Array.from({ length: 20 }, (_, i) => `a${i}: me { id }`).join(' ');
    expectRejected(await ask(`{ ${aliases} }`), ErrorCode.TooManyAliases);
  });

  it('rejects too many directives', async () => {
    const directives = Array.from({ length: 12 }, () => '__typename @include(if: true)').join(' ');
    expectRejected(await ask(`{ me { id ${directives} } }`), ErrorCode.TooManyDirectives);
  });

  it('rejects a query with too many tokens before validating it', async () => {
    const fields = Array.from({ length: 2100 }, () => 'id').join(' ');
    expectRejected(await ask(`{ me { ${fields} } }`), ErrorCode.TooManyTokens);
  });

  it('rejects a request body over the size limit, declared or not', async () => {
    const padding = ' '.repeat(120 * 1024);
    const answer = await ask(`{ me { id }${padding}}`);
    expectRejected(answer, ErrorCode.RequestTooLarge, 413);
    const small = createGraphQLHandler({ services, jwtSecret: SECRET, production: true, rateLimit: false, limits: { maxBodyBytes: 200 } });
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(JSON.stringify({ query: `{ me { id }${' '.repeat(500)}}` })));
        controller.close();
      },
    });
    const response = await small.fetch('http://x/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(413);
    expect(((await response.json()) as Answer['body']).errors?.[0]?.extensions?.code).toBe(ErrorCode.RequestTooLarge);
  });

  it('rejects a malformed query with a code', async () => {
    expectRejected(await ask('{ me { id '), ErrorCode.MalformedQuery);
  });

  it('refuses introspection in production and allows it in development', async () => {
    expectRejected(await ask('{ __schema { queryType { name } } }'), ErrorCode.IntrospectionDisabled);
    const dev = createGraphQLHandler({ services, jwtSecret: SECRET, production: false, rateLimit: false });
    const answer = await ask('{ __schema { queryType { name } } }', dev);
    expect(answer.body).toEqual({ data: { __schema: { queryType: { name: 'Query' } } } });
  });

  it('masks unexpected errors', async () => {
    const broken = createServices({ prisma: db.prisma, client: undefined as never, taskQueue: 'x' });
    // A closed-over database failure stands for any bug: the caller sees a generic message, no details.
    const failing = { ...broken, prisma: new Proxy(db.prisma, { get: (target, prop) => (prop === 'person' ? { findUniqueOrThrow: () => Promise.reject(new Error('secret detail')), findUnique: target.person.findUnique.bind(target.person) } : Reflect.get(target, prop)) }) };
    const handler = createGraphQLHandler({ services: failing, jwtSecret: SECRET, production: true, rateLimit: false, log: () => undefined });
    const answer = await ask('{ me { id } }', handler);
    expect(answer.body.errors?.[0]?.message).toBe('Unexpected error.');
    expect(JSON.stringify(answer.body)).not.toContain('secret detail');
  });

  it('limits each caller with a token bucket and answers 429 with Retry-After', async () => {
    let now = 0;
    const limited = createGraphQLHandler({ services, jwtSecret: SECRET, production: true, rateLimit: { capacity: 3, refillPerSecond: 1, now: () => now } });
    for (let i = 0; i < 3; i++) expect((await ask('{ me { id } }', limited)).status).toBe(200);
    const refused = await ask('{ me { id } }', limited);
    expectRejected(refused, ErrorCode.RateLimited, 429);
    expect(refused.headers.get('retry-after')).toBe('1');
    // Another person has their own bucket.
    const other = await post(limited, JSON.stringify({ query: '{ me { id } }' }), { authorization: `Bearer ${await mintDevToken(SECRET, 'alex')}` });
    expect(other.status).toBe(200);
    now += 1000;
    expect((await ask('{ me { id } }', limited)).status).toBe(200);
  });
});
