import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData } from '../../demo/seed.js';
import { mintDevToken } from '../../http/auth/tokens.js';
import { createGraphQLHandler } from '../../http/graphql.js';
import { type Database, openDatabase } from '../../prisma/client.js';
import { createServices } from '../../services/index.js';
import { B, C, seedPermissionWorld } from './permission-fixture.js';

// Scores come as a list of { criterion, level }. A criterion given twice is refused, naming it, before
// anything reaches a journey: keeping one of the two levels would record a score nobody meant. No
// workflow is needed (the refusal comes first), so the journey service has no Temporal client here.

const SECRET = 'score-lists-test-secret';
let db: Database;
let yoga: ReturnType<typeof createGraphQLHandler>;

async function ask(personId: string, query: string, variables: Record<string, unknown>) {
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${await mintDevToken(SECRET, personId)}` };
  const response = await yoga.fetch('http://x/graphql', { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  return (await response.json()) as { data?: Record<string, { __typename: string; code?: string; path?: string; message?: string }>; errors?: unknown };
}

const ERROR = '... on CertiflowError { code path message }';
const TWICE = [
  { criterion: 'architecture-design', level: 3 },
  { criterion: 'security', level: 3 },
  { criterion: 'cost-optimisation', level: 2 },
  { criterion: 'communication', level: 3 },
  { criterion: 'security', level: 1 },
];

beforeAll(async () => {
  db = await openDatabase({});
  await db.migrate();
  await seedDemoData(db.prisma, '2026-11-25T09:00:00.000Z');
  await seedPermissionWorld(db.prisma);
  const services = createServices({ prisma: db.prisma, client: undefined as never, taskQueue: 'x', linkSecret: SECRET });
  yoga = createGraphQLHandler({ services, jwtSecret: SECRET, production: true, rateLimit: false });
});

afterAll(async () => {
  await db?.close();
});

describe('a criterion scored twice', () => {
  it("is refused in a panel member's scores, naming it", async () => {
    const answer = await ask('owen', `mutation($input: ScoreSubmissionInput!) { scoreSubmission(input: $input) { __typename ${ERROR} } }`, {
      input: { journeyId: B, scores: TWICE, comment: 'Solid design.' },
    });
    expect(answer.errors).toBeUndefined();
    expect(answer.data?.scoreSubmission).toMatchObject({ code: 'INVALID_INPUT', path: 'scores.security', message: '"security" is given twice (items 2 and 5); give each criterion once.' });
    expect(await db.prisma.panelScore.count({ where: { journeyId: B, assessorId: 'owen' } })).toBe(0);
  });

  it("is refused in a moderator's scores, naming it", async () => {
    const answer = await ask('mira', `mutation($input: ModerateAssessmentInput!) { moderateAssessment(input: $input) { __typename ${ERROR} } }`, {
      input: { journeyId: C, scores: TWICE, rationale: 'The panel split on security.' },
    });
    expect(answer.errors).toBeUndefined();
    expect(answer.data?.moderateAssessment).toMatchObject({ code: 'INVALID_INPUT', path: 'scores.security' });
  });
});
