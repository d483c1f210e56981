import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData } from '../../demo/seed.js';
import { ErrorCode } from '../../domain/errors.js';
import { mintDevToken } from '../../http/auth/tokens.js';
import { createGraphQLHandler } from '../../http/graphql.js';
import { type Database, openDatabase } from '../../prisma/client.js';
import { createServices } from '../../services/index.js';
import { freePort } from '../harness/child-process.js';

// A database or Temporal server that cannot be reached is answered with a code, HTTP 503 and a
// Retry-After, through the real yoga handler with real Prisma and Temporal client errors: nothing is
// masked as "Unexpected error", and nothing internal (hosts, ports, stack traces) leaks.

const SECRET = 'unavailable-test-secret';

let db: Database;
let unreachable: Database;
let deadTemporal: Connection;
let deadPort: number;

interface Answer {
  status: number;
  retryAfter: string | null;
  body: { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] };
}

async function ask(handler: ReturnType<typeof createGraphQLHandler>, personId: string, query: string): Promise<Answer> {
  const response = await handler.fetch('http://x/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await mintDevToken(SECRET, personId)}` },
    body: JSON.stringify({ query }),
  });
  return { status: response.status, retryAfter: response.headers.get('retry-after'), body: (await response.json()) as Answer['body'] };
}

function expectUnavailable(answer: Answer, code: ErrorCode) {
  expect(answer.status).toBe(503);
  expect(answer.retryAfter).toBe('5');
  expect(answer.body.errors?.map((e) => e.extensions?.code)).toEqual([code]);
  expect(answer.body.errors?.[0]?.message).toMatch(/retry in 5 seconds/);
  const text = JSON.stringify(answer.body);
  for (const leak of [String(deadPort), '127.0.0.1', 'prisma', 'invocation', '    at ']) expect(text).not.toContain(leak);
}

beforeAll(async () => {
  db = await openDatabase({});
  await db.migrate();
  await seedDemoData(db.prisma, '2026-11-25T09:00:00.000Z');
  deadPort = await freePort();
  // Nothing listens on this port: every query fails the way it does while PostgreSQL restarts.
  unreachable = await openDatabase({ url: `postgresql://certiflow@127.0.0.1:${deadPort}/certiflow` });
  // No gRPC retries, so the refusal comes at once instead of after the client's back-off.
  deadTemporal = Connection.lazy({ address: `127.0.0.1:${deadPort}`, interceptors: [] });
});

afterAll(async () => {
  await deadTemporal?.close().catch(() => undefined);
  await unreachable?.close();
  await db?.close();
});

describe('an unreachable backing service', () => {
  it('answers SERVICE_UNAVAILABLE when the database cannot be reached while signing the caller in', async () => {
    const services = createServices({ prisma: unreachable.prisma, client: undefined as never, taskQueue: 'x', linkSecret: 'unavailable-link-secret' });
    const handler = createGraphQLHandler({ services, jwtSecret: SECRET, production: true, rateLimit: false, log: () => undefined });
    expectUnavailable(await ask(handler, 'hana', '{ me { id } }'), ErrorCode.ServiceUnavailable);
  });

  it('answers SERVICE_UNAVAILABLE when the database goes away inside a resolver', async () => {
    const failure = await unreachable.prisma.program.findMany().catch((error: unknown) => error);
    // The caller is known (the person table answers); the program table is where the outage bites.
    const prisma = new Proxy(db.prisma, {
      get: (target, prop) => (prop === 'program' ? { findMany: () => Promise.reject(failure) } : Reflect.get(target, prop)),
    });
    const services = createServices({ prisma, client: undefined as never, taskQueue: 'x', linkSecret: 'unavailable-link-secret' });
    const handler = createGraphQLHandler({ services, jwtSecret: SECRET, production: true, rateLimit: false, log: () => undefined });
    expectUnavailable(await ask(handler, 'alex', '{ programs { id } }'), ErrorCode.ServiceUnavailable);
  });

  it('answers WORKFLOW_UNAVAILABLE when the Temporal server cannot be reached', async () => {
    const client = new Client({ connection: deadTemporal });
    const services = createServices({ prisma: db.prisma, client, taskQueue: 'x', linkSecret: 'unavailable-link-secret' });
    const handler = createGraphQLHandler({ services, jwtSecret: SECRET, production: true, rateLimit: false, log: () => undefined });
    const enroll = 'mutation { enroll(input: { programId: "cloud-architecture-practitioner", pathwayId: "cap-portfolio" }) { __typename } }';
    expectUnavailable(await ask(handler, 'alex', enroll), ErrorCode.WorkflowUnavailable);
  });

  it('still masks any other failure', async () => {
    const prisma = new Proxy(db.prisma, {
      get: (target, prop) => (prop === 'program' ? { findMany: () => Promise.reject(new Error('secret detail')) } : Reflect.get(target, prop)),
    });
    const services = createServices({ prisma, client: undefined as never, taskQueue: 'x', linkSecret: 'unavailable-link-secret' });
    const handler = createGraphQLHandler({ services, jwtSecret: SECRET, production: true, rateLimit: false, log: () => undefined });
    const answer = await ask(handler, 'alex', '{ programs { id } }');
    expect(answer.body.errors?.[0]?.message).toBe('Unexpected error.');
    expect(JSON.stringify(answer.body)).not.toContain('secret detail');
  });
});
