import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData } from '../../demo/seed.js';
import { mintDevToken } from '../../http/auth/tokens.js';
import { createGraphQLHandler } from '../../http/graphql.js';
import { type Database, openDatabase } from '../../prisma/client.js';
import { createServices } from '../../services/index.js';

// Journey.forecast through the API: jordan's journey (manager maya, mentor tom) awaiting submission.
// The candidate, their manager and HR see it; the mentor sees the journey but not the forecast.

const SECRET = 'forecast-test-secret';
const JOURNEY = 'journey:cloud-architecture-practitioner:jordan';
let db: Database;
let yoga: ReturnType<typeof createGraphQLHandler>;

beforeAll(async () => {
  db = await openDatabase({});
  await db.migrate();
  await seedDemoData(db.prisma, '2026-11-25T09:00:00.000Z');
  const enrolledAt = new Date('2026-10-01T09:00:00Z');
  await db.prisma.journey.create({
    data: { id: JOURNEY, programId: 'cloud-architecture-practitioner', pathwayId: 'cap-portfolio', candidateId: 'jordan', stage: 'awaiting_submission', mentorId: 'tom', enrolledAt, updatedAt: enrolledAt },
  });
  const services = createServices({ prisma: db.prisma, client: undefined as never, taskQueue: 'x' });
  yoga = createGraphQLHandler({ services, jwtSecret: SECRET, production: false, rateLimit: false });
});

afterAll(async () => {
  await db?.close();
});

async function forecastAs(personId: string) {
  const query = `query ($id: ID!) { journey(id: $id) { id forecast { status stepsDone stepsTotal remaining basis expected } } }`;
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${await mintDevToken(SECRET, personId)}` };
  const response = await yoga.fetch('http://x/graphql', { method: 'POST', headers, body: JSON.stringify({ query, variables: { id: JOURNEY } }) });
  return (await response.json()) as { data?: { journey: { forecast: { stepsDone: number; remaining: string[]; basis: string } | null } | null }; errors?: { extensions?: { code?: string } }[] };
}

describe('Journey.forecast', () => {
  it.each(['jordan', 'maya', 'hana'])('is visible to %s', async (personId) => {
    const body = await forecastAs(personId);
    expect(body.errors).toBeUndefined();
    const forecast = body.data?.journey?.forecast;
    expect(forecast).toMatchObject({ status: 'IN_PROGRESS', stepsDone: 2, basis: 'OWN_PACE' });
    expect(forecast?.remaining[0]).toMatch(/learning plan/i);
  });

  it('is hidden from the mentor', async () => {
    const body = await forecastAs('tom');
    expect(body.data?.journey?.forecast).toBeNull();
    expect(body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
