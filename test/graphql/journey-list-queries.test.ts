import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData } from '../../demo/seed.js';
import { JourneyStage } from '../../domain/journey.js';
import { mintDevToken } from '../../http/auth/tokens.js';
import { createGraphQLHandler } from '../../http/graphql.js';
import { type Database, openDatabase, type PrismaClient } from '../../prisma/client.js';
import { createServices } from '../../services/index.js';
import { startPostgres, type TestPostgres } from '../harness/postgres.js';

// What one request of HR's journey list asks the database: the viewer, the page (with its candidates and
// pathways) and, when asked for, the total, started beside the page rather than after it. And that
// pages follow the order the list promises, newest enrolment first with the id breaking ties, cursor
// after cursor, on PGlite and on PostgreSQL.

const SECRET = 'journey-list-queries-test-secret';
const PROGRAM = 'cloud-architecture-practitioner';
const STAGES = [JourneyStage.AwaitingSubmission, JourneyStage.AwaitingAssessment, JourneyStage.Certified];
const JOURNEYS = 24;

// Enrolment dates repeat (three journeys a day), so the id must break ties in both directions.
const ROWS = Array.from({ length: JOURNEYS }, (_, i) => {
  const person = `list-${String(i).padStart(2, '0')}`;
  const enrolledAt = new Date(Date.UTC(2026, 0, 1 + Math.floor(((i * 7) % JOURNEYS) / 3)));
  return { id: `journey:${PROGRAM}:${person}`, person, stage: STAGES[i % 3]!, enrolledAt };
});

/** The list's promise, worked out here: by enrolment in the asked direction, then by id ascending. */
function listOrder(direction: 'ASC' | 'DESC', stages?: string[]): string[] {
  const sign = direction === 'ASC' ? 1 : -1;
  return ROWS.filter((r) => !stages || stages.includes(r.stage))
    .sort((a, b) => sign * (a.enrolledAt.getTime() - b.enrolledAt.getTime()) || (a.id < b.id ? -1 : 1))
    .map((r) => r.id);
}

let operations: { name: string; started: number; ended: number }[] = [];

interface Page {
  totalCount?: number;
  pageInfo?: { hasNextPage: boolean; endCursor: string | null };
  edges?: { node: { id: string; stage: string; candidate: { name: string } } }[];
}

const asked = () => operations.map((o) => o.name).sort();
const EDGES = 'edges { node { id stage candidate { name } } }';

async function seedList(db: Database): Promise<ReturnType<typeof createGraphQLHandler>> {
  await db.migrate();
  await seedDemoData(db.prisma, '2026-11-25T09:00:00.000Z');
  await db.prisma.person.createMany({
    data: ROWS.map(({ person: id }) => ({ id, email: `${id}@example.com`, name: `Person ${id}`, department: 'Engineering', title: 'Engineer', roles: ['candidate'] })),
  });
  await db.prisma.journey.createMany({
    data: ROWS.map(({ id, person, stage, enrolledAt }, i) => ({
      id,
      programId: PROGRAM,
      pathwayId: i % 2 ? 'cap-portfolio' : 'cap-coursework',
      candidateId: person,
      stage,
      enrolledAt,
      updatedAt: enrolledAt,
    })),
  });
  const counting = db.prisma.$extends({
    query: {
      async $allOperations({ model, operation, args, query }) {
        const entry = { name: `${model ?? ''}.${operation}`, started: performance.now(), ended: Number.NaN };
        operations.push(entry);
        try {
          return await query(args);
        } finally {
          entry.ended = performance.now();
        }
      },
    },
  }) as unknown as PrismaClient;
  const services = createServices({ prisma: counting, client: undefined as never, taskQueue: 'x' });
  return createGraphQLHandler({ services, jwtSecret: SECRET, production: true, rateLimit: false });
}

describe.each(['PGlite', 'PostgreSQL'])('the HR journey list on %s', (backend) => {
  let postgres: TestPostgres | undefined;
  let db: Database;
  let yoga: ReturnType<typeof createGraphQLHandler>;

  beforeAll(async () => {
    if (backend === 'PostgreSQL') postgres = await startPostgres();
    db = await openDatabase(postgres ? { url: postgres.url } : {});
    yoga = await seedList(db);
  });

  afterAll(async () => {
    await db?.close();
    await postgres?.stop();
  });

  async function ask(query: string): Promise<Page> {
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${await mintDevToken(SECRET, 'hana')}` };
    operations = [];
    const response = await yoga.fetch('http://x/graphql', { method: 'POST', headers, body: JSON.stringify({ query }) });
    const body = (await response.json()) as { data?: { journeys: Page }; errors?: unknown[] };
    expect(body.errors).toBeUndefined();
    return body.data!.journeys;
  }

  describe('the database work of one journey list request', () => {
    it('asks for the viewer, the page and the total, the total started before the page is back', async () => {
      const page = await ask(`{ journeys(first: 5, filter: { programId: "${PROGRAM}" }) { totalCount ${EDGES} } }`);
      expect(page.totalCount).toBe(JOURNEYS);
      expect(page.edges).toHaveLength(5);
      expect(asked()).toEqual(['.$queryRaw', 'Journey.count', 'Journey.findMany']);
      const total = operations.find((o) => o.name === 'Journey.count')!;
      const rows = operations.find((o) => o.name === 'Journey.findMany')!;
      expect(total.started).toBeLessThan(rows.ended);
    });

    it('starts the total from a fragment too, and only once', async () => {
      const inline = await ask(`{ journeys(first: 2) { ... on QueryJourneysConnection { totalCount } ${EDGES} } }`);
      expect(inline.totalCount).toBe(JOURNEYS);
      expect(asked()).toEqual(['.$queryRaw', 'Journey.count', 'Journey.findMany']);
      const named = await ask(`{ journeys(first: 2) { ...total ${EDGES} } } fragment total on QueryJourneysConnection { totalCount }`);
      expect(named.totalCount).toBe(JOURNEYS);
      expect(asked()).toEqual(['.$queryRaw', 'Journey.count', 'Journey.findMany']);
    });

    it('counts nothing when the total is not asked for, and reads no page for the total alone', async () => {
      await ask(`{ journeys(first: 2) { ${EDGES} } }`);
      expect(asked()).toEqual(['.$queryRaw', 'Journey.findMany']);
      const alone = await ask(`{ journeys(filter: { stage: [CERTIFIED] }) { totalCount } }`);
      expect(alone.totalCount).toBe(JOURNEYS / 3);
      expect(asked()).toEqual(['.$queryRaw', 'Journey.count']);
    });
  });

  describe('the order of the journey list, page by page', () => {
    const all = async (order: 'ASC' | 'DESC', filter: string) => {
      const expected = listOrder(order, filter ? [JourneyStage.AwaitingSubmission, JourneyStage.Certified] : undefined);
      const args = `orderBy: { field: ENROLLED_AT, direction: ${order} }, filter: { programId: "${PROGRAM}"${filter} }`;
      const seen: string[] = [];
      let after: string | null = null;
      for (;;) {
        const page: Page = await ask(`{ journeys(first: 4, ${args}${after ? `, after: "${after}"` : ''}) { totalCount pageInfo { hasNextPage endCursor } ${EDGES} } }`);
        expect(page.totalCount).toBe(expected.length);
        seen.push(...page.edges!.map((e) => e.node.id));
        if (!page.pageInfo!.hasNextPage) break;
        after = page.pageInfo!.endCursor;
      }
      return { seen, expected };
    };

    it.each([
      ['DESC', ''],
      ['ASC', ''],
      ['DESC', ', stage: [AWAITING_SUBMISSION, CERTIFIED]'],
      ['ASC', ', stage: [AWAITING_SUBMISSION, CERTIFIED]'],
    ] as const)('enrolment %s%s: every journey once, ties by id', async (order, filter) => {
      const { seen, expected } = await all(order, filter);
      expect(seen).toEqual(expected);
      expect(new Set(seen).size).toBe(seen.length);
    });
  });
});
