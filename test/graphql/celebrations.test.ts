import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData } from '../../demo/seed.js';
import { mintDevToken } from '../../http/auth/tokens.js';
import { createGraphQLHandler } from '../../http/graphql.js';
import { type Database, openDatabase } from '../../prisma/client.js';
import { createServices } from '../../services/index.js';

// The celebration feed: alex (opted in, mentored by tom) and jordan (not opted in) are both certified;
// only alex appears, credited with his mentor, until jordan opts in himself. The feed is public.

const SECRET = 'celebrations-test-secret';
const PROGRAM = 'cloud-architecture-practitioner';
let db: Database;
let yoga: ReturnType<typeof createGraphQLHandler>;

async function certify(person: string, issuedAt: string, mentorId: string | null) {
  const journeyId = `journey:${PROGRAM}:${person}`;
  const at = new Date(issuedAt);
  await db.prisma.journey.create({ data: { id: journeyId, programId: PROGRAM, pathwayId: 'cap-portfolio', candidateId: person, stage: 'certified', mentorId, enrolledAt: at, updatedAt: at } });
  await db.prisma.credential.create({
    data: { id: `cred-${person}`, number: `CAP-${person}`, journeyId, cycle: 1, personId: person, programId: PROGRAM, issuedAt: at, expiresAt: new Date(at.getTime() + 730 * 86_400_000), status: 'active' },
  });
}

async function gql(personId: string | null, query: string, variables: Record<string, unknown> = {}) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (personId) headers.authorization = `Bearer ${await mintDevToken(SECRET, personId)}`;
  const response = await yoga.fetch('http://x/graphql', { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  return (await response.json()) as { data?: { celebrations?: { personName: string; mentorName: string | null }[] } | null; errors?: { extensions?: { code?: string } }[] };
}

const FEED = '{ celebrations(first: 10) { personName programName mentorName renewal } }';

beforeAll(async () => {
  db = await openDatabase({});
  await db.migrate();
  await seedDemoData(db.prisma, '2026-11-25T09:00:00.000Z');
  await certify('alex', '2026-10-01T09:00:00Z', 'tom');
  await certify('jordan', '2026-11-01T09:00:00Z', 'priya');
  await db.prisma.person.update({ where: { id: 'alex' }, data: { celebrationOptIn: true } });
  yoga = createGraphQLHandler({ services: createServices({ prisma: db.prisma, client: undefined as never, taskQueue: 'x' }), jwtSecret: SECRET, production: false, rateLimit: false });
});

afterAll(async () => {
  await db?.close();
});

describe('celebrations', () => {
  it('lists only opted-in people, crediting their mentor, for anyone signed in', async () => {
    for (const viewer of ['sam', 'hana', 'jordan']) {
      const body = await gql(viewer, FEED);
      expect(body.errors).toBeUndefined();
      expect(body.data?.celebrations).toEqual([{ personName: 'Alex Kim', programName: expect.any(String), mentorName: expect.stringMatching(/^Tom/), renewal: false }]);
    }
  });

  it('is public: anyone may read the feed without signing in, but only the person may opt in', async () => {
    const body = await gql(null, FEED);
    expect(body.errors).toBeUndefined();
    expect(body.data?.celebrations?.map((c) => c.personName)).toEqual(['Alex Kim']);
    // Its ids are its own: a credential id someone holds (without knowing whose) is not found in it.
    const ids = await gql(null, '{ celebrations { id } }');
    expect((ids.data as unknown as { celebrations: { id: string }[] }).celebrations).toEqual([{ id: expect.stringMatching(/^celebration:[0-9a-f]{20}$/) }]);
    expect(JSON.stringify(ids)).not.toContain('cred-alex');
    const optIn = await gql(null, 'mutation { setCelebrationOptIn(input: { optIn: true }) }');
    expect(optIn.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('shows a person their own opt-in choice, and nobody else (not even HR)', async () => {
    const choice = '{ me { celebrationOptIn } }';
    expect(((await gql('alex', choice)).data as unknown as { me: { celebrationOptIn: boolean } }).me.celebrationOptIn).toBe(true);
    const hr = await gql('hana', '{ journey(id: "journey:cloud-architecture-practitioner:alex") { candidate { celebrationOptIn } } }');
    expect(hr.errors).toBeUndefined();
    expect((hr.data as unknown as { journey: { candidate: { celebrationOptIn: boolean | null } } }).journey.candidate.celebrationOptIn).toBeNull();
  });

  it('adds a person only after they opt in themselves, and removes them when they opt out', async () => {
    const optIn = 'mutation ($v: Boolean!) { setCelebrationOptIn(input: { optIn: $v }) }';
    await gql('jordan', optIn, { v: true });
    expect((await gql('sam', FEED)).data?.celebrations?.map((c) => c.personName)).toEqual(['Jordan Lee', 'Alex Kim']);
    await gql('jordan', optIn, { v: false });
    expect((await gql('sam', FEED)).data?.celebrations?.map((c) => c.personName)).toEqual(['Alex Kim']);
  });
});
