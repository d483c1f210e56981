import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { seedDemoData } from '../../demo/seed.js';
import { ErrorCode } from '../../domain/errors.js';
import { mintDevToken } from '../../http/auth/tokens.js';
import { createGraphQLHandler } from '../../http/graphql.js';
import { type Database, openDatabase } from '../../prisma/client.js';
import { createServices, type Services } from '../../services/index.js';
import { A, C, seedPermissionWorld } from './permission-fixture.js';

// The read audit: reads of someone else's journey data recorded once per request, kind, journey and
// subject, and HR's to query. On the permission world (permission-fixture.ts): alex's journey A was
// decided by the panel lars/grace/kenji and appealed to dana and felix; hana is HR. No workflow needed.

const SECRET = 'read-audit-test-secret';

let db: Database;
let services: Services;
let yoga: ReturnType<typeof createGraphQLHandler>;

type Errors = { message: string; extensions?: { code?: string } }[];
async function graphql<T>(personId: string | null, query: string, variables?: Record<string, unknown>, handler = yoga, serverContext: Record<string, unknown> = {}) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (personId) headers.authorization = `Bearer ${await mintDevToken(SECRET, personId)}`;
  const response = await handler.fetch(new Request('http://x/graphql', { method: 'POST', headers, body: JSON.stringify({ query, variables }) }), serverContext);
  return { status: response.status, ...((await response.json()) as { data?: T | null; errors?: Errors }) };
}

interface Entry {
  viewerId: string;
  subjectId: string | null;
  journeyId: string | null;
  kind: string;
  channel: string;
  operation: string | null;
  at: string;
}

const AUDIT = `query ReadAuditPage($subjectId: ID, $viewerId: ID, $kind: [ReadKind!], $from: DateTime, $first: Int, $after: String) {
  readAudit(subjectId: $subjectId, viewerId: $viewerId, kind: $kind, from: $from, first: $first, after: $after) {
    pageInfo { hasNextPage endCursor }
    edges { node { viewerId viewer { name } subjectId subject { name } journeyId kind channel operation at } }
  }
}`;

/** What HR's query answers, as hana. */
async function audit(variables: Record<string, unknown>): Promise<Entry[]> {
  const result = await graphql<{ readAudit: { edges: { node: Entry }[] } }>('hana', AUDIT, variables);
  expect(result.errors).toBeUndefined();
  return result.data!.readAudit.edges.map((e) => e.node);
}

beforeAll(async () => {
  db = await openDatabase({});
  await db.migrate();
  await seedDemoData(db.prisma, '2026-11-25T09:00:00.000Z');
  await seedPermissionWorld(db.prisma);
  services = createServices({ prisma: db.prisma, client: undefined as never, taskQueue: 'x' });
  yoga = createGraphQLHandler({ services, jwtSecret: SECRET, production: true, rateLimit: false });
});

afterAll(async () => {
  await db?.close();
});

beforeEach(async () => {
  await db.prisma.readAudit.deleteMany({});
});

const SCORES = `query PanelScores($id: ID!) { journey(id: $id) { id stage assessments { outcome average scores rationale } panelScores { scores comment } } }`;

describe('reads of another person\'s data are recorded', () => {
  it('an assessor reading a candidate\'s scores appears in HR\'s read audit with viewer, subject, kind and time', async () => {
    const before = new Date();
    const read = await graphql<{ journey: { assessments: { scores: unknown }[]; panelScores: { scores: unknown }[] } }>('lars', SCORES, { id: A });
    expect(read.data?.journey?.assessments[0]?.scores).not.toBeNull();

    const entries = await audit({ subjectId: 'alex' });
    const byLars = entries.filter((e) => e.viewerId === 'lars');
    // Once per kind for the request, not per field (average, scores, rationale) nor per row (three panel scores).
    expect(byLars.map((e) => e.kind).sort()).toEqual(['JOURNEY', 'SCORES']);
    for (const entry of byLars) {
      expect(entry).toMatchObject({ viewer: { name: 'Lars Berg' }, subjectId: 'alex', subject: { name: 'Alex Kim' }, journeyId: A, channel: 'GRAPHQL', operation: 'PanelScores' });
      expect(new Date(entry.at).getTime()).toBeGreaterThanOrEqual(before.getTime() - 1000);
    }
  });

  it('records what a committee member reads of an appeal they sit on, and HR\'s reads too', async () => {
    await graphql('dana', `query AppealRead($id: ID!) { journey(id: $id) { appeals { grounds } } }`, { id: A });
    await graphql('hana', `query HrRead($id: ID!) { journey(id: $id) { endReason learningPlan checkIns { blockers } events { type data } } }`, { id: A });
    const entries = await audit({ subjectId: 'alex' });
    expect(entries.filter((e) => e.viewerId === 'dana').map((e) => e.kind).sort()).toEqual(['APPEAL', 'JOURNEY']);
    // A's journey has no end reason yet: nothing shown, nothing recorded of it.
    expect(entries.filter((e) => e.viewerId === 'hana').map((e) => e.kind).sort()).toEqual(['AUDIT_TRAIL', 'DEVELOPMENT', 'JOURNEY']);
  });

  it('leaves no entry when a candidate reads their own journey, scores and appeal', async () => {
    const own = await graphql<{ journey: { assessments: { scores: unknown }[] } }>('alex', `query Own($id: ID!) { journey(id: $id) { assessments { scores rationale } panelScores { scores } appeals { grounds } events { data } } }`, { id: A });
    expect(own.data?.journey?.assessments[0]?.scores).not.toBeNull();
    expect(await db.prisma.readAudit.count()).toBe(0);
  });

  it('records nothing for what was not shown: a manager sees the journey, not the scores', async () => {
    await graphql('maya', SCORES, { id: A });
    const rows = await db.prisma.readAudit.findMany({ where: { viewerId: 'maya' } });
    expect(rows.map((r) => r.kind)).toEqual(['journey']);
  });

  it('records a list by the sensitive rows it returned, not by every stage shown', async () => {
    await graphql('hana', `query JourneyStages { journeys(first: 50) { edges { node { id stage } } } }`);
    expect(await db.prisma.readAudit.count()).toBe(0);
    await graphql('hana', `query JourneyScores { journeys(first: 50) { edges { node { id stage assessments { scores } } } } }`);
    const rows = await db.prisma.readAudit.findMany({ where: { viewerId: 'hana' }, orderBy: { journeyId: 'asc' } });
    // Decided assessments exist on A, C and D: one scores entry each, for their candidates.
    expect(rows.map((r) => [r.kind, r.journeyId, r.subjectId])).toEqual([
      ['scores', A, 'alex'],
      ['scores', C, 'owen'],
      ['scores', rows[2]!.journeyId, 'sam'],
    ]);
  });

  it('names the portal as the channel of its in-process calls', async () => {
    await graphql('lars', SCORES, { id: A }, yoga, { readChannel: 'portal' });
    const rows = await db.prisma.readAudit.findMany({ where: { viewerId: 'lars' } });
    expect(new Set(rows.map((r) => r.channel))).toEqual(new Set(['portal']));
  });
});

describe('HR\'s read audit', () => {
  it('refuses anyone but HR', async () => {
    for (const personId of ['lars', 'alex', 'dana', 'maya']) {
      const result = await graphql<{ readAudit: unknown }>(personId, AUDIT, {});
      expect(result.data?.readAudit ?? null, personId).toBeNull();
      expect(result.errors?.[0]?.extensions?.code, personId).toBe(ErrorCode.Forbidden);
    }
    expect((await graphql(null, AUDIT, {})).errors?.[0]?.extensions?.code).toBe(ErrorCode.Unauthenticated);
  });

  it('records reading the read audit itself, filters by viewer, kind and time, and pages by cursor', async () => {
    await graphql('lars', SCORES, { id: A });
    await graphql('grace', SCORES, { id: A });
    expect((await audit({ viewerId: 'grace', kind: ['SCORES'] })).map((e) => [e.viewerId, e.kind])).toEqual([['grace', 'SCORES']]);
    expect(await audit({ viewerId: 'grace', from: new Date(Date.now() + 60_000).toISOString() })).toEqual([]);
    const first = await graphql<{ readAudit: { pageInfo: { hasNextPage: boolean; endCursor: string }; edges: { node: Entry }[] } }>('hana', AUDIT, { subjectId: 'alex', first: 2 });
    expect(first.data!.readAudit.edges).toHaveLength(2);
    expect(first.data!.readAudit.pageInfo.hasNextPage).toBe(true);
    const rest = await audit({ subjectId: 'alex', first: 10, after: first.data!.readAudit.pageInfo.endCursor });
    expect(rest).toHaveLength(2);
    // Each of hana's questions above left an entry of its own.
    const asked = await db.prisma.readAudit.findMany({ where: { viewerId: 'hana', kind: 'read_audit' } });
    expect(asked.length).toBe(4);
    expect(asked.filter((r) => r.subjectId === 'alex')).toHaveLength(2);
  });
});

describe('retention', () => {
  it('prunes entries older than READ_AUDIT_RETENTION and keeps the rest', async () => {
    const now = new Date('2026-12-01T00:00:00.000Z');
    const entry = { viewerId: 'lars', subjectId: 'alex', journeyId: A, kind: 'scores', channel: 'graphql' };
    await db.prisma.readAudit.createMany({ data: [{ ...entry, at: new Date('2024-11-30T23:59:59.000Z') }, { ...entry, at: new Date('2024-12-01T00:00:01.000Z') }] });
    // The default retention, P2Y.
    expect(await services.readAudit.prune(now)).toBe(1);
    expect((await db.prisma.readAudit.findMany()).map((r) => r.at.toISOString())).toEqual(['2024-12-01T00:00:01.000Z']);
  });
});

describe('when the read audit cannot be written', () => {
  it('withholds a query\'s answer rather than show an unrecorded read, and logs the entries', async () => {
    const logged: unknown[] = [];
    const failing = createGraphQLHandler({
      services: { ...services, readAudit: { ...services.readAudit, record: () => Promise.reject(new Error('disk full')) } },
      jwtSecret: SECRET,
      production: true,
      rateLimit: false,
      log: (_message, detail) => logged.push(detail),
    });
    const result = await graphql<{ journey: unknown }>('lars', SCORES, { id: A }, failing);
    expect(result.status).toBe(503);
    expect(result.data ?? null).toBeNull();
    expect(result.errors?.[0]?.extensions?.code).toBe(ErrorCode.ServiceUnavailable);
    expect(logged).toEqual([expect.objectContaining({ audit: 'read_audit_unwritten', entries: expect.arrayContaining([expect.objectContaining({ viewerId: 'lars', subjectId: 'alex', kind: 'scores' })]) })]);
    // Own data is never audited, so a failing audit never stands between a candidate and their journey.
    const own = await graphql<{ journey: { id: string } }>('alex', SCORES, { id: A }, failing);
    expect(own.data?.journey?.id).toBe(A);
  });
});
