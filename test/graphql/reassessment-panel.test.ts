import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData } from '../../demo/seed.js';
import { JourneyStage } from '../../domain/journey.js';
import { mintDevToken } from '../../http/auth/tokens.js';
import { createGraphQLHandler } from '../../http/graphql.js';
import { type Database, openDatabase } from '../../prisma/client.js';
import { createServices } from '../../services/index.js';
import { A, seedPermissionWorld } from './permission-fixture.js';

// An appeal that orders a reassessment draws a new panel for a new round of the same submission. The
// new panel must score independently: the first panel's scores and comments (which the first decision's
// rationale quotes) are not theirs to read, as Assessment.scores and .rationale already are not.

const SECRET = 'reassessment-panel-test-secret';

let db: Database;
let yoga: ReturnType<typeof createGraphQLHandler>;

async function panelScores(personId: string) {
  const query = 'query($id: ID!) { journey(id: $id) { panelScores { round assessor { id } scores comment } assessments { scores rationale } } }';
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${await mintDevToken(SECRET, personId)}` };
  const response = await yoga.fetch('http://x/graphql', { method: 'POST', headers, body: JSON.stringify({ query, variables: { id: A } }) });
  type Score = { round: number; assessor: { id: string }; scores: unknown; comment: string | null };
  const body = (await response.json()) as { data?: { journey: { panelScores: Score[]; assessments: { scores: unknown; rationale: string | null }[] } | null } };
  return body.data?.journey ?? null;
}

beforeAll(async () => {
  db = await openDatabase({});
  await db.migrate();
  await seedDemoData(db.prisma, '2026-11-25T09:00:00.000Z');
  await seedPermissionWorld(db.prisma);
  // Journey A's appeal ordered a reassessment: round 2, a new panel, nobody has scored it yet.
  await db.prisma.journey.update({ where: { id: A }, data: { stage: JourneyStage.AwaitingAssessment, panel: ['rosa', 'victor', 'priya'], panelRound: 2 } });
  const services = createServices({ prisma: db.prisma, client: undefined as never, taskQueue: 'x' });
  yoga = createGraphQLHandler({ services, jwtSecret: SECRET, production: true, rateLimit: false });
});

afterAll(async () => {
  await db?.close();
});

describe('a reassessment panel scores independently', () => {
  it('a new panel member cannot read the first panel\'s scores and comments before scoring the reassessment', async () => {
    const seen = await panelScores('rosa');
    expect(seen?.assessments).toEqual([{ scores: null, rationale: null }]);
    expect(seen?.panelScores.map((s) => [s.assessor.id, s.scores, s.comment])).toEqual([
      ['lars', null, null],
      ['grace', null, null],
      ['kenji', null, null],
    ]);
    expect(JSON.stringify(seen)).not.toContain('comment by');
  });

  it('the candidate and HR still read the decided first round', async () => {
    for (const personId of ['alex', 'hana']) {
      const seen = await panelScores(personId);
      expect(seen?.panelScores.every((s) => s.scores !== null && s.comment !== null)).toBe(true);
    }
  });
});
