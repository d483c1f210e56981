import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData } from '../../demo/seed.js';
import { ErrorCode } from '../../domain/errors.js';
import { JourneyStage } from '../../domain/journey.js';
import { mintDevToken } from '../../graphql/auth.js';
import { createGraphQLHandler } from '../../graphql/server.js';
import { type Database, openDatabase } from '../../prisma/client.js';
import { createServices } from '../../services/index.js';

// The permission matrix: every role against every sensitive field and query, through the real yoga
// handler on a seeded database. The read model is written directly (no Temporal needed for reads):
//   A: alex (manager maya, mentor tom), decided "not passed" by the panel lars/grace/kenji, appealed,
//      the appeal reviewed by dana and felix;
//   B: jordan (manager maya, mentor priya), panel lars/nadia/owen, lars and nadia have scored, owen not.
// Mutations are checked at the API gate (scopes); what the workflow then accepts is its validators'
// business (test/workflows).

const SECRET = 'permissions-test-secret';
const PROGRAM = 'cloud-architecture-practitioner';
const A = `journey:${PROGRAM}:alex`;
const B = `journey:${PROGRAM}:jordan`;
const AT = new Date('2026-06-01T09:00:00.000Z');
const SCORES = { 'architecture-design': 2, security: 2, 'cost-optimisation': 3, communication: 2 };

let db: Database;
let yoga: ReturnType<typeof createGraphQLHandler>;

type Errors = { message: string; extensions?: { code?: string } }[];
async function graphql<T>(personId: string | null, query: string, variables?: Record<string, unknown>) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (personId) headers.authorization = `Bearer ${await mintDevToken(SECRET, personId)}`;
  const response = await yoga.fetch('http://x/graphql', { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  return (await response.json()) as { data?: T | null; errors?: Errors };
}

async function seedJourneys() {
  const p = db.prisma;
  const base = { programId: PROGRAM, pathwayId: 'cap-portfolio', enrolledAt: AT, updatedAt: AT, cycle: 1, panelRound: 1 };
  await p.journey.create({ data: { ...base, id: A, candidateId: 'alex', stage: JourneyStage.UnderAppeal, mentorId: 'tom', panel: ['lars', 'grace', 'kenji'], outcome: 'not_passed' } });
  await p.journey.create({ data: { ...base, id: B, candidateId: 'jordan', stage: JourneyStage.AwaitingAssessment, mentorId: 'priya', panel: ['lars', 'nadia', 'owen'] } });
  const submission = { format: 'written_report', title: 'Landing zone', content: 'report', reflection: 'note', contentHash: 'h', submittedAt: AT, cycle: 1 };
  await p.submission.create({ data: { ...submission, id: 'sub-a', journeyId: A, submittedBy: 'alex' } });
  await p.submission.create({ data: { ...submission, id: 'sub-b', journeyId: B, submittedBy: 'jordan' } });
  for (const assessorId of ['lars', 'grace', 'kenji']) {
    await p.panelScore.create({ data: { id: `ps-a-${assessorId}`, journeyId: A, submissionId: 'sub-a', round: 1, assessorId, scores: SCORES, comment: `comment by ${assessorId}`, submittedAt: AT } });
  }
  for (const assessorId of ['lars', 'nadia']) {
    await p.panelScore.create({ data: { id: `ps-b-${assessorId}`, journeyId: B, submissionId: 'sub-b', round: 1, assessorId, scores: SCORES, comment: `comment by ${assessorId}`, submittedAt: AT } });
  }
  await p.assessment.create({
    data: { id: 'as-a', journeyId: A, submissionId: 'sub-a', panel: ['lars', 'grace', 'kenji'], round: 1, scores: SCORES, average: 2.25, outcome: 'not_passed', rationale: 'Below the pass average.', decidedAt: AT },
  });
  await p.appeal.create({ data: { id: 'ap-a', journeyId: A, assessmentId: 'as-a', grounds: 'The security criterion was misread.', filedAt: AT, filedBy: 'alex', reviewers: ['dana', 'felix'] } });
  const event = { journeyId: A, at: AT, stage: JourneyStage.UnderAppeal };
  await p.journeyEvent.create({ data: { ...event, id: 'ev-a-1', seq: 1, type: 'assessment_decided', data: { outcome: 'not_passed', average: 2.25, scores: SCORES, round: 1 } } });
  await p.journeyEvent.create({ data: { ...event, id: 'ev-a-2', seq: 2, type: 'appeal_filed', actorId: 'alex', data: { appealId: 'ap-a', grounds: 'The security criterion was misread.', reviewers: ['dana', 'felix'] } } });
}

beforeAll(async () => {
  db = await openDatabase({});
  await db.migrate();
  await seedDemoData(db.prisma, '2026-11-25T09:00:00.000Z');
  await seedJourneys();
  const services = createServices({ prisma: db.prisma, client: undefined as never, taskQueue: 'x' });
  yoga = createGraphQLHandler({ services, jwtSecret: SECRET, production: true, rateLimit: false });
});

afterAll(async () => {
  await db?.close();
});

const JOURNEY = `query($id: ID!) { journey(id: $id) {
  id
  candidate { email roles }
  assessments { outcome average scores }
  panelScores { assessor { id } scores comment }
  appeals { id grounds }
  events { type data }
} }`;

interface JourneyView {
  candidate: { email: string | null; roles: string[] | null };
  assessments: { outcome: string; average: number | null; scores: unknown }[];
  panelScores: { assessor: { id: string }; scores: unknown; comment: string | null }[];
  appeals: { id: string }[];
  events: { type: string; data: Record<string, unknown> }[];
}

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
    panelScores: journey.panelScores.filter((s) => s.scores !== null && s.comment !== null).map((s) => s.assessor.id),
    appeals: journey.appeals.length,
    eventScores: journey.events.some((e) => 'scores' in e.data || 'grounds' in e.data),
  };
}

const hidden = { visible: false, code: null };
const full = { visible: true, email: true, roles: true, scores: [true], panelScores: ['lars', 'grace', 'kenji'], appeals: 1, eventScores: true };
const outsider = { email: false, roles: false, appeals: 0, eventScores: false };

// Journey A: decided, under appeal.
const matrixA: [string, string | null, unknown][] = [
  ['admin', 'ari', full],
  ['HR', 'hana', full],
  ['program owner (also committee chair)', 'ines', full],
  ['candidate', 'alex', full],
  ['another candidate', 'jordan', hidden],
  ["candidate's manager: progress and outcome, contact, no scores", 'maya', { visible: true, ...outsider, email: true, scores: [false], panelScores: [] }],
  ["candidate's mentor: progress, no scores", 'tom', { visible: true, ...outsider, scores: [false], panelScores: [] }],
  ['another mentor (an assessor not on this panel)', 'priya', hidden],
  ['panel assessor after the decision', 'lars', { visible: true, ...outsider, scores: [true], panelScores: ['lars', 'grace', 'kenji'] }],
  ['another panel assessor after the decision', 'kenji', { visible: true, ...outsider, scores: [true], panelScores: ['lars', 'grace', 'kenji'] }],
  ['assessor on no panel', 'rosa', hidden],
  ['committee member sitting on the appeal', 'dana', { visible: true, ...outsider, appeals: 1, scores: [true], panelScores: [] }],
  ['committee member not on the appeal', 'mira', hidden],
  ['anonymous', null, { visible: false, code: ErrorCode.Unauthenticated }],
];

// Journey B: the panel is still scoring (lars and nadia have, owen has not).
const matrixB: [string, string | null, unknown][] = [
  ['HR', 'hana', { visible: true, email: true, roles: true, scores: [], panelScores: ['lars', 'nadia'], appeals: 0, eventScores: false }],
  ['candidate before the decision: no panel scores', 'jordan', { visible: true, email: true, roles: true, scores: [], panelScores: [], appeals: 0, eventScores: false }],
  ['panel assessor who scored: only their own', 'lars', { visible: true, ...outsider, scores: [], panelScores: ['lars'] }],
  ['panel assessor yet to score: none', 'owen', { visible: true, ...outsider, scores: [], panelScores: [] }],
  ['mentor', 'priya', { visible: true, ...outsider, scores: [], panelScores: [] }],
  ['manager', 'maya', { visible: true, ...outsider, email: true, scores: [], panelScores: [] }],
  ['assessor of another journey', 'kenji', hidden],
  ["the other journey's mentor", 'tom', hidden],
  ['another candidate', 'alex', hidden],
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

describe('permission matrix: people', () => {
  it.each(['ari', 'hana', 'ines', 'alex', 'jordan', 'maya', 'tom', 'priya', 'lars', 'dana'])('%s sees their own email and roles', async (personId) => {
    const result = await graphql<{ me: { id: string; email: string | null; roles: string[] | null } }>(personId, '{ me { id email roles } }');
    expect(result.data?.me).toMatchObject({ id: personId, email: `${personId}@example.com` });
    expect(result.data?.me.roles?.length).toBeGreaterThan(0);
  });
});

const HR_LIST = '{ journeys(first: 5) { edges { node { id } } } }';

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
      expect(result.data?.journeys.edges.map((e) => e.node.id).sort()).toEqual([A, B]);
    }
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
