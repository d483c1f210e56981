import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData } from '../../demo/seed.js';
import { JourneyStage } from '../../domain/journey.js';
import { mintDevToken } from '../../http/auth/tokens.js';
import { createGraphQLHandler } from '../../http/graphql.js';
import { type Database, openDatabase } from '../../prisma/client.js';
import { createServices } from '../../services/index.js';

// HR's journey list: a Relay connection with filters, sorting and cursors, on read-model rows written
// directly. alex: certified (credential expiring 2027-03-01), pilot cohort; jordan: awaiting submission,
// an overdue check-in; sam: enrolled on the coursework pathway; priya (Platform, manager omar): enrolled.

const SECRET = 'journey-list-test-secret';
const PROGRAM = 'cloud-architecture-practitioner';
const id = (person: string) => `journey:${PROGRAM}:${person}`;

let db: Database;
let yoga: ReturnType<typeof createGraphQLHandler>;

interface Page {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: { node: { id: string } }[];
}

async function list(args: string): Promise<Page> {
  const query = `{ journeys(${args}) { totalCount pageInfo { hasNextPage endCursor } edges { node { id } } } }`;
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${await mintDevToken(SECRET, 'hana')}` };
  const response = await yoga.fetch('http://x/graphql', { method: 'POST', headers, body: JSON.stringify({ query }) });
  const body = (await response.json()) as { data?: { journeys: Page }; errors?: unknown[] };
  expect(body.errors).toBeUndefined();
  return body.data!.journeys;
}

const ids = (page: Page) => page.edges.map((e) => e.node.id.split(':')[2]);

beforeAll(async () => {
  db = await openDatabase({});
  await db.migrate();
  await seedDemoData(db.prisma, '2026-11-25T09:00:00.000Z');
  const p = db.prisma;
  const row = (person: string, enrolled: string, stage: string, extra: Record<string, unknown> = {}) => {
    const at = new Date(enrolled);
    return p.journey.create({ data: { id: id(person), programId: PROGRAM, pathwayId: 'cap-portfolio', candidateId: person, stage, enrolledAt: at, updatedAt: at, ...extra } });
  };
  await row('alex', '2026-03-02T09:00:00Z', JourneyStage.Certified, { cohortId: 'cap-2026-pilot' });
  await row('jordan', '2026-04-01T09:00:00Z', JourneyStage.AwaitingSubmission, { mentorId: 'tom' });
  await row('sam', '2026-05-01T09:00:00Z', JourneyStage.Enrolled, { pathwayId: 'cap-coursework' });
  await row('priya', '2026-06-01T09:00:00Z', JourneyStage.Enrolled);
  await p.credential.create({
    data: { id: 'c1', number: 'CAP-1', journeyId: id('alex'), cycle: 1, personId: 'alex', programId: PROGRAM, issuedAt: new Date('2025-03-01'), expiresAt: new Date('2027-03-01'), status: 'active' },
  });
  await p.checkIn.create({ data: { id: 'ci1', journeyId: id('jordan'), mentorId: 'tom', dueAt: new Date('2026-04-15T09:00:00Z') } });
  await p.checkIn.create({ data: { id: 'ci2', journeyId: id('alex'), mentorId: 'tom', dueAt: new Date('2026-04-15T09:00:00Z'), recordedAt: new Date('2026-04-15T10:00:00Z') } });
  const services = createServices({ prisma: db.prisma, client: undefined as never, taskQueue: 'x' });
  yoga = createGraphQLHandler({ services, jwtSecret: SECRET, production: true, rateLimit: false });
});

afterAll(async () => {
  await db?.close();
});

describe('the HR journey list', () => {
  it('lists newest enrolment first by default, with a total', async () => {
    const page = await list('first: 10');
    expect(ids(page)).toEqual(['priya', 'sam', 'jordan', 'alex']);
    expect(page.totalCount).toBe(4);
  });

  it('pages by cursor', async () => {
    const first = await list('first: 3, orderBy: { field: ENROLLED_AT, direction: ASC }');
    expect(ids(first)).toEqual(['alex', 'jordan', 'sam']);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const rest = await list(`first: 3, after: "${first.pageInfo.endCursor}", orderBy: { field: ENROLLED_AT, direction: ASC }`);
    expect(ids(rest)).toEqual(['priya']);
    expect(rest.pageInfo.hasNextPage).toBe(false);
  });

  it.each([
    ['filter: { pathwayId: "cap-coursework" }', ['sam']],
    ['filter: { stage: [CERTIFIED, AWAITING_SUBMISSION] }', ['jordan', 'alex']],
    ['filter: { cohortId: "cap-2026-pilot" }', ['alex']],
    ['filter: { department: "Platform" }', ['priya']],
    ['filter: { managerId: "maya" }', ['sam', 'jordan', 'alex']],
    ['filter: { managerId: "maya", department: "Platform" }', []],
    ['filter: { credentialExpiringBefore: "2027-06-01T00:00:00Z" }', ['alex']],
    ['filter: { credentialExpiringBefore: "2027-01-01T00:00:00Z" }', []],
    ['filter: { overdueCheckIns: true }', ['jordan']],
    ['filter: { overdueCheckIns: false, programId: "cloud-architecture-practitioner" }', ['priya', 'sam', 'alex']],
    ['orderBy: { field: STAGE, direction: ASC }', ['jordan', 'alex', 'priya', 'sam']],
  ])('%s', async (args, expected) => {
    const page = await list(`first: 10, ${args}`);
    expect(ids(page)).toEqual(expected);
    expect(page.totalCount).toBe(expected.length);
  });
});
