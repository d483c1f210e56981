import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData } from '../../demo/seed.js';
import { ErrorCode } from '../../domain/errors.js';
import { mintDevToken } from '../../http/auth/tokens.js';
import { createGraphQLHandler } from '../../http/graphql.js';
import { type Database, openDatabase } from '../../prisma/client.js';
import { createServices } from '../../services/index.js';
import { type EventAudience, eventKeyAudience } from './permission-events.js';
import { A, ALL_JOURNEYS, APPROVAL_ID, B, C, CHECK_IN_NOTES, D, END_REASON, LEARNING_PLAN, PROGRAM, RATIONALE, seedPermissionWorld } from './permission-fixture.js';

// The permission matrix: every role against every sensitive field and query, through the real yoga
// handler on a seeded database (test/graphql/permission-fixture.ts describes the journeys A to E).
// permissions-walk.test.ts goes further: every field of every type a non-HR viewer can reach.
// Mutations are checked at the API gate (scopes); what the workflow then accepts is its validators'
// business (test/workflows), and a journey the caller may not see is NOT_FOUND (journey-gate.test.ts).

const SECRET = 'permissions-test-secret';

let db: Database;
let yoga: ReturnType<typeof createGraphQLHandler>;

type Errors = { message: string; extensions?: { code?: string } }[];
async function graphql<T>(personId: string | null, query: string, variables?: Record<string, unknown>) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (personId) headers.authorization = `Bearer ${await mintDevToken(SECRET, personId)}`;
  const response = await yoga.fetch('http://x/graphql', { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  return (await response.json()) as { data?: T | null; errors?: Errors };
}

beforeAll(async () => {
  db = await openDatabase({});
  await db.migrate();
  await seedDemoData(db.prisma, '2026-11-25T09:00:00.000Z');
  await seedPermissionWorld(db.prisma);
  const services = createServices({ prisma: db.prisma, client: undefined as never, taskQueue: 'x' });
  yoga = createGraphQLHandler({ services, jwtSecret: SECRET, production: true, rateLimit: false });
});

afterAll(async () => {
  await db?.close();
});

const JOURNEY = `query($id: ID!) { journey(id: $id) {
  id
  endReason
  learningPlan
  candidate { email roles }
  assessments { outcome average scores rationale }
  panelScores { assessor { id } scores comment }
  appeals { id grounds }
  checkIns { progress blockers nextSteps }
  events { type data }
} }`;

interface JourneyView {
  endReason: string | null;
  learningPlan: unknown;
  candidate: { email: string | null; roles: string[] | null };
  assessments: { outcome: string; average: number | null; scores: unknown; rationale: string | null }[];
  panelScores: { assessor: { id: string }; scores: unknown; comment: string | null }[];
  appeals: { id: string }[];
  checkIns: Record<'progress' | 'blockers' | 'nextSteps', string | null>[];
  events: { type: string; data: Record<string, unknown> }[];
}

/** Which audiences' event keys the viewer read (permission-events.ts): e.g. ['journey', 'private']. */
const eventAudiences = (events: JourneyView['events']): EventAudience[] =>
  [...new Set(events.flatMap((e) => Object.keys(e.data).map((key) => eventKeyAudience(e.type, key))))].sort();

/** What a viewer sees of a journey, reduced to the facts the rules are about. */
async function view(personId: string | null, id: string) {
  const result = await graphql<{ journey: JourneyView | null }>(personId, JOURNEY, { id });
  const journey = result.data?.journey ?? null;
  if (!journey) return { visible: false, code: result.errors?.[0]?.extensions?.code ?? null };
  return {
    visible: true,
    email: journey.candidate.email !== null,
    roles: journey.candidate.roles !== null,
    scores: journey.assessments.map((a) => a.scores !== null && a.average !== null),
    rationale: journey.assessments.map((a) => a.rationale !== null),
    endReason: journey.endReason !== null,
    development: journey.learningPlan !== null || journey.checkIns.some((c) => c.blockers !== null),
    panelScores: journey.panelScores.filter((s) => s.scores !== null && s.comment !== null).map((s) => s.assessor.id),
    appeals: journey.appeals.length,
    eventScores: journey.events.some((e) => 'scores' in e.data || 'grounds' in e.data),
    events: eventAudiences(journey.events),
  };
}

const hidden = { visible: false, code: null };
const EVERY_AUDIENCE: EventAudience[] = ['development', 'hr', 'journey', 'private'];
const CANDIDATE_SIDE: EventAudience[] = ['development', 'journey', 'private'];
const SUPPORT: EventAudience[] = ['development', 'journey'];
const JOURNEY_ONLY: EventAudience[] = ['journey'];
const full = { visible: true, email: true, roles: true, scores: [true], rationale: [true], endReason: false, development: true, panelScores: ['lars', 'grace', 'kenji'], appeals: 1, eventScores: true, events: EVERY_AUDIENCE };
const outsider = { email: false, roles: false, endReason: false, development: false, appeals: 0, eventScores: false, events: JOURNEY_ONLY };

// Journey A: decided, under appeal.
const matrixA: [string, string | null, unknown][] = [
  ['admin', 'ari', full],
  ['HR', 'hana', full],
  ['program owner (also committee chair)', 'ines', full],
  ['candidate: everything but approval ids', 'alex', { ...full, events: CANDIDATE_SIDE }],
  ['another candidate', 'jordan', hidden],
  ["candidate's manager: progress, outcome, contact and the learning plan; no scores or rationale", 'maya', { visible: true, ...outsider, email: true, scores: [false], rationale: [false], development: true, panelScores: [], events: SUPPORT }],
  ["candidate's mentor: progress and the learning plan; no scores or rationale", 'tom', { visible: true, ...outsider, scores: [false], rationale: [false], development: true, panelScores: [], events: SUPPORT }],
  ['another mentor (an assessor not on this panel)', 'priya', hidden],
  ['panel assessor after the decision', 'lars', { visible: true, ...outsider, scores: [true], rationale: [true], panelScores: ['lars', 'grace', 'kenji'] }],
  ['another panel assessor after the decision', 'kenji', { visible: true, ...outsider, scores: [true], rationale: [true], panelScores: ['lars', 'grace', 'kenji'] }],
  ['assessor on no panel of this journey', 'rosa', hidden],
  ['committee member sitting on the appeal', 'dana', { visible: true, ...outsider, appeals: 1, scores: [true], rationale: [true], panelScores: [] }],
  ['committee member not on the appeal', 'mira', hidden],
  ['anonymous', null, { visible: false, code: ErrorCode.Unauthenticated }],
];

// Journey B: the panel is still scoring (lars and nadia have, owen has not).
const noDecision = { scores: [], rationale: [], endReason: false, development: false, appeals: 0, eventScores: false, events: [] };
const matrixB: [string, string | null, unknown][] = [
  ['HR', 'hana', { visible: true, email: true, roles: true, ...noDecision, panelScores: ['lars', 'nadia'] }],
  ['candidate before the decision: no panel scores', 'jordan', { visible: true, email: true, roles: true, ...noDecision, panelScores: [] }],
  ['panel assessor who scored: only their own', 'lars', { visible: true, ...outsider, ...noDecision, panelScores: ['lars'] }],
  ['panel assessor yet to score: none', 'owen', { visible: true, ...outsider, ...noDecision, panelScores: [] }],
  ['mentor', 'priya', { visible: true, ...outsider, ...noDecision, panelScores: [] }],
  ['manager', 'maya', { visible: true, ...outsider, ...noDecision, email: true, panelScores: [] }],
  ['assessor of another journey', 'kenji', hidden],
  ["the other journey's mentor", 'tom', hidden],
  ['another candidate', 'alex', hidden],
  ['committee member with no appeal here', 'dana', hidden],
];

// Journey D: ended "not passed"; why it ended quotes the average, the failed criterion and a reviewer's reason.
const ended = { scores: [true], rationale: [true], endReason: true, development: true, panelScores: ['lars', 'grace', 'kenji'], appeals: 0, eventScores: false };
const matrixD: [string, string | null, unknown][] = [
  ['HR', 'hana', { visible: true, email: true, roles: true, ...ended, events: ['private'] }],
  ['candidate', 'sam', { visible: true, email: true, roles: true, ...ended, events: ['private'] }],
  ["candidate's manager: not why it ended", 'maya', { visible: true, ...outsider, email: true, scores: [false], rationale: [false], development: true, panelScores: [], events: [] }],
  ["candidate's mentor: not why it ended", 'tom', { visible: true, ...outsider, scores: [false], rationale: [false], development: true, panelScores: [], events: [] }],
  ['panel assessor: their decision, not the end reason or the check-ins', 'lars', { visible: true, ...outsider, scores: [true], rationale: [true], panelScores: ['lars', 'grace', 'kenji'], events: [] }],
  ['committee member with no appeal here', 'dana', hidden],
];

describe('permission matrix: a decided journey under appeal', () => {
  it.each(matrixA)('%s (%s)', async (_role, personId, expected) => {
    expect(await view(personId, A)).toEqual(expected);
  });
});

describe('permission matrix: a journey whose panel is still scoring', () => {
  it.each(matrixB)('%s (%s)', async (_role, personId, expected) => {
    expect(await view(personId, B)).toEqual(expected);
  });
});

describe('permission matrix: an ended journey whose end reason quotes scores', () => {
  it.each(matrixD)('%s (%s)', async (_role, personId, expected) => {
    expect(await view(personId, D)).toEqual(expected);
  });
});

/** Everything a viewer reads of a journey, as one string: a secret anywhere in it is found. */
async function everything(personId: string, id: string): Promise<string> {
  return JSON.stringify(await graphql(personId, JOURNEY, { id }));
}

describe('attacks on scores, rationales and reasons', () => {
  it('a manager cannot read the assessment rationale with failed criteria scores', async () => {
    const { data } = await graphql<{ journey: JourneyView }>('maya', JOURNEY, { id: A });
    expect(data?.journey.assessments).toEqual([{ outcome: 'not_passed', average: null, scores: null, rationale: null }]);
    expect(await everything('maya', A)).not.toContain('Security 2 is below');
  });

  it("a manager or mentor cannot read the candidate's evidence and reflective note, only that it was submitted", async () => {
    const SUBMISSIONS = 'query($id: ID!) { journey(id: $id) { submissions { title content reflection } } }';
    const read = async (personId: string) =>
      (await graphql<{ journey: { submissions: { title: string; content: string | null; reflection: string | null }[] } }>(personId, SUBMISSIONS, { id: A })).data?.journey.submissions;
    for (const personId of ['maya', 'tom']) expect(await read(personId)).toEqual([{ title: 'Landing zone', content: null, reflection: null }]);
    for (const personId of ['alex', 'lars', 'dana', 'hana']) expect(await read(personId)).toEqual([{ title: 'Landing zone', content: 'report', reflection: 'note' }]);
  });

  it('a mentor cannot read the assessment rationale with failed criteria scores', async () => {
    expect(await everything('tom', A)).not.toContain(RATIONALE);
  });

  it("a manager or mentor cannot read why a journey ended when the reason quotes scores and a reviewer's health note", async () => {
    for (const personId of ['maya', 'tom', 'lars']) {
      const { data } = await graphql<{ journey: JourneyView }>(personId, JOURNEY, { id: D });
      expect(data?.journey.endReason).toBeNull();
      expect(await everything(personId, D)).not.toContain('long illness');
    }
    expect((await graphql<{ journey: JourneyView }>('sam', JOURNEY, { id: D })).data?.journey.endReason).toBe(END_REASON);
  });

  it('a manager, mentor, panel member or appeal reviewer cannot read rationale, scores or reviewers from assessment, moderation and appeal events', async () => {
    const leaks = ['assessment_decided.rationale', 'assessment_decided.scores', 'assessment_decided.average', 'moderation_decided.rationale', 'moderation_decided.scores', 'appeal_decided.rationale', 'appeal_filed.reviewers', 'appeal_filed.grounds'];
    for (const personId of ['maya', 'tom', 'lars', 'dana']) {
      const { data } = await graphql<{ journey: JourneyView }>(personId, JOURNEY, { id: A });
      const trail = JSON.stringify(data?.journey.events);
      for (const leak of [...leaks, RATIONALE, 'dana', 'felix', 'misread']) expect(trail, `${personId} read ${leak}`).not.toContain(leak);
    }
  });

  it('a panel member or appeal reviewer cannot read check-in blockers or the learning-plan note (health matters)', async () => {
    for (const personId of ['lars', 'dana']) {
      const { data } = await graphql<{ journey: JourneyView }>(personId, JOURNEY, { id: A });
      expect(data?.journey.learningPlan).toBeNull();
      expect(data?.journey.checkIns).toEqual([{ progress: null, blockers: null, nextSteps: null }]);
      const seen = await everything(personId, A);
      for (const leak of [CHECK_IN_NOTES.blockers, LEARNING_PLAN.note, 'check_in_recorded.blockers', 'learning_plan_adjusted.note']) expect(seen).not.toContain(leak);
    }
    const { data } = await graphql<{ journey: JourneyView }>('tom', JOURNEY, { id: A });
    expect(data?.journey.checkIns).toEqual([CHECK_IN_NOTES]);
  });

  it('a candidate cannot read the approval id of their own approval request, from which approval links are derived', async () => {
    const seen = await everything('alex', A);
    expect(seen).not.toContain(APPROVAL_ID);
    expect(seen).not.toContain('approval_requested.approvalId');
    expect(seen).toContain('approval_requested.approverId');
    expect(await everything('hana', A)).toContain(APPROVAL_ID);
  });

  it('an event key nobody has classified is shown to HR only, not even to the candidate', async () => {
    for (const personId of ['alex', 'maya', 'tom', 'lars', 'dana']) {
      const seen = await everything(personId, A);
      expect(seen).not.toContain('assessment_decided.criteriaBelowThreshold');
      expect(seen).not.toContain('future_event.secret');
    }
    const hr = await everything('hana', A);
    expect(hr).toContain('assessment_decided.criteriaBelowThreshold');
    expect(hr).toContain('future_event.secret');
  });
});

describe('permission matrix: people', () => {
  it.each(['ari', 'hana', 'ines', 'alex', 'jordan', 'maya', 'tom', 'priya', 'lars', 'dana'])('%s sees their own email and roles', async (personId) => {
    const result = await graphql<{ me: { id: string; email: string | null; roles: string[] | null } }>(personId, '{ me { id email roles } }');
    expect(result.data?.me).toMatchObject({ id: personId, email: `${personId}@example.com` });
    expect(result.data?.me.roles?.length).toBeGreaterThan(0);
  });
});

const HR_LIST = '{ journeys(first: 10) { edges { node { id } } } }';

describe('permission matrix: HR lists', () => {
  it.each([
    ['ari', null],
    ['hana', null],
    ['ines', null],
    ['maya', ErrorCode.Forbidden],
    ['tom', ErrorCode.Forbidden],
    ['lars', ErrorCode.Forbidden],
    ['dana', ErrorCode.Forbidden],
    ['alex', ErrorCode.Forbidden],
    [null, ErrorCode.Unauthenticated],
  ])('journeys for %s: %s', async (personId, code) => {
    const result = await graphql<{ journeys: { edges: { node: { id: string } }[] } }>(personId, HR_LIST);
    if (code) {
      expect(result.errors?.map((e) => e.extensions?.code)).toEqual([code]);
      expect(result.data ?? null).toBeNull();
    } else {
      expect(result.errors).toBeUndefined();
      expect(result.data?.journeys.edges.map((e) => e.node.id).sort()).toEqual([...ALL_JOURNEYS].sort());
    }
  });
});

describe('permission matrix: the committee and active credentials', () => {
  it('a committee member with no part in a journey lists its active credential with the journey id (to revoke it), not the journey', async () => {
    const listed = await graphql<{ activeCredentials: { number: string; journeyId: string }[] }>('dana', '{ activeCredentials { number journeyId } }');
    expect(listed.data?.activeCredentials).toEqual([{ number: 'CAP-2026-0001', journeyId: C }]);
    const journey = await graphql('dana', '{ activeCredentials { journey { stage } } }');
    expect(journey.errors?.map((e) => e.extensions?.code)).toEqual([ErrorCode.Forbidden]);
  });
});

describe('permission matrix: mutations at the API gate', () => {
  const SCORE = `mutation { scoreSubmission(input: { journeyId: "${B}", scores: [{ criterion: "security", level: 3 }], comment: "ok" }) { __typename } }`;
  const ENROL_OTHER = `mutation { enroll(input: { programId: "${PROGRAM}", pathwayId: "cap-portfolio", candidateId: "sam" }) {
    __typename ... on CertiflowError { code path } } }`;
  const WITHDRAW = `mutation { withdrawJourney(input: { journeyId: "${A}", reason: "x" }) { __typename } }`;

  it.each([
    ['alex', ErrorCode.Forbidden],
    ['maya', ErrorCode.Forbidden],
    ['tom', ErrorCode.Forbidden],
    ['hana', ErrorCode.Forbidden],
    [null, ErrorCode.Unauthenticated],
  ])('scoreSubmission is for assessors only: %s → %s', async (personId, code) => {
    const result = await graphql(personId, SCORE);
    expect(result.errors?.map((e) => e.extensions?.code)).toEqual([code]);
    expect(result.data ?? null).toBeNull();
  });

  it.each(['alex', 'maya', 'tom', 'lars', 'dana'])('only HR enrols someone else: %s is refused', async (personId) => {
    const result = await graphql<{ enroll: { __typename: string; code: string; path: string } }>(personId, ENROL_OTHER);
    expect(result.data?.enroll).toEqual({ __typename: 'CertiflowError', code: ErrorCode.Forbidden, path: 'candidateId' });
  });

  it('every mutation needs a bearer token', async () => {
    for (const mutation of [SCORE, ENROL_OTHER, WITHDRAW]) {
      const result = await graphql(null, mutation);
      expect(result.errors?.map((e) => e.extensions?.code)).toEqual([ErrorCode.Unauthenticated]);
    }
  });
});
