import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData } from '../../../demo/seed.js';
import { ErrorCode } from '../../../domain/errors.js';
import { JourneyStage } from '../../../domain/journey.js';
import { mintDevToken } from '../../../http/auth/tokens.js';
import { createGraphQLHandler } from '../../../http/graphql.js';
import { type Database, openDatabase } from '../../../prisma/client.js';
import { createAnalyticsService } from '../../../services/analytics/index.js';
import { createServices } from '../../../services/index.js';
import { withTenure } from '../../rules/rule-set-fixtures.js';

// The funnel audit from real rows (no Temporal): eligibility verdicts from the audit trail, the manager's
// decisions from Approval, assessments, appeals and first credentials, each stage ignoring what decides
// nothing (a request moved to a new manager or still open, an appeal not yet decided, a renewal). Then
// HR-only access through GraphQL.
//
//   person  gender        eligibility   manager            assessment   appeal       first credential
//   f1      woman         eligible      approved (after    passed       (one open)   day 100 (+ renewal)
//                                       a rerouted one)
//   f2      woman         eligible      declined           -            -            -
//   f3      woman         ineligible    -                  -            -            -
//   f4      man           eligible      approved (+ open)  not passed   overturned   day 150
//   f5      man           eligible      approved           passed       -            day 120
//   f6      not recorded  eligible      approved           passed       -            day 90

const PROGRAM = 'cloud-architecture-practitioner';
const ENROLLED = new Date('2026-01-01T00:00:00.000Z');
const day = (n: number) => new Date(ENROLLED.getTime() + n * 86_400_000);
const SECRET = 'funnel-audit-test-secret';
let db: Database;

async function seed() {
  const p = db.prisma;
  const people = { f1: 'woman', f2: 'woman', f3: 'woman', f4: 'man', f5: 'man', f6: null } as const;
  for (const [id, gender] of Object.entries(people)) {
    await p.person.create({ data: { id, email: `${id}@example.com`, name: id, department: 'Eng', title: 'Engineer', roles: ['candidate'], hiredAt: day(-400) } });
    if (gender) await p.personDemographics.create({ data: { personId: id, gender } });
    await p.journey.create({ data: { id: `j:${id}`, programId: PROGRAM, pathwayId: 'cap-portfolio', candidateId: id, stage: JourneyStage.Enrolled, enrolledAt: ENROLLED, updatedAt: ENROLLED } });
    const eligible = id !== 'f3';
    await p.journeyEvent.create({ data: { id: `${id}:0`, journeyId: `j:${id}`, seq: 0, type: 'enrolled', at: day(0), stage: JourneyStage.Enrolled, data: {} } });
    await p.journeyEvent.create({
      data: { id: `${id}:1`, journeyId: `j:${id}`, seq: 1, type: eligible ? 'eligibility_confirmed' : 'found_ineligible', at: day(1), stage: JourneyStage.Enrolled, data: {} },
    });
  }
  const approval = (id: string, journey: string, decision: string | null, at: number) =>
    p.approval.create({
      data: { id, journeyId: `j:${journey}`, step: 'manager_approval', approverId: 'maya', tokenHash: id, expiresAt: day(30), createdAt: day(2), ...(decision ? { decision, decidedAt: day(at) } : {}) },
    });
  await approval('a1-moved', 'f1', 'rerouted', 3);
  await approval('a1', 'f1', 'approved', 4);
  await approval('a2', 'f2', 'declined', 4);
  await approval('a4', 'f4', 'approved', 4);
  await approval('a4-open', 'f4', null, 4);
  await approval('a5', 'f5', 'approved', 5);
  await approval('a6', 'f6', 'approved', 5);
  for (const [id, outcome] of [['f1', 'passed'], ['f4', 'not_passed'], ['f5', 'passed'], ['f6', 'passed']] as const) {
    await p.assessment.create({ data: { id: `${id}:a`, journeyId: `j:${id}`, submissionId: `${id}:s`, scores: {}, average: 3, outcome, rationale: 'r', decidedAt: day(60) } });
  }
  const appeal = { grounds: 'g', filedAt: day(62), filedBy: 'x', reviewers: [] };
  await p.appeal.create({ data: { id: 'ap4', journeyId: 'j:f4', assessmentId: 'f4:a', ...appeal, outcome: 'overturned', decidedAt: day(70) } });
  await p.appeal.create({ data: { id: 'ap1-open', journeyId: 'j:f1', assessmentId: 'f1:a', ...appeal } });
  const credential = (id: string, cycle: number, days: number) =>
    p.credential.create({ data: { id: `${id}:c${cycle}`, number: `${id}-${cycle}`, journeyId: `j:${id}`, cycle, personId: id, programId: PROGRAM, issuedAt: day(days), expiresAt: day(days + 730), status: 'active' } });
  await credential('f1', 1, 100);
  await credential('f1', 2, 500);
  await credential('f4', 1, 150);
  await credential('f5', 1, 120);
  await credential('f6', 1, 90);
}

beforeAll(async () => {
  db = await openDatabase({});
  await db.migrate();
  await seedDemoData(db.prisma, '2026-11-25T09:00:00.000Z');
  await seed();
}, 120_000);

afterAll(async () => {
  await db?.close();
});

describe('the funnel audit from the database', () => {
  it('loads every stage from its rows', async () => {
    // A deployment floor of one: every decision counts at once and no group is too small, so the
    // figures are the rows themselves.
    const audit = await createAnalyticsService(db.prisma, { minGroupSize: 1 }).funnelAudit(PROGRAM, 'gender');
    const figures = Object.fromEntries(audit.stages.map((s) => [s.stage, s.groups.map((g) => [g.group, g.sampleSize, s.stage === 'certification' ? g.medianDays : g.favourable])]));
    expect(figures).toEqual({
      eligibility: [
        ['man', 2, 2],
        ['not recorded', 1, 1],
        ['woman', 3, 2],
      ],
      approval: [
        ['man', 2, 2],
        ['not recorded', 1, 1],
        ['woman', 2, 1],
      ],
      assessment: [
        ['man', 2, 1],
        ['not recorded', 1, 1],
        ['woman', 1, 1],
      ],
      appeal: [['man', 1, 1]],
      certification: [
        ['man', 2, 135],
        ['not recorded', 1, 90],
        ['woman', 1, 100],
      ],
    });
    expect(audit.stages.find((s) => s.stage === 'appeal')?.through).toEqual(day(70));
  });

  it('suppresses the same data at the deployment floor of five', async () => {
    const audit = await createAnalyticsService(db.prisma).funnelAudit(PROGRAM, 'gender');
    // Six people at most per stage, every group below five: nothing is shown, nobody is named.
    for (const stage of audit.stages) expect(stage.groups.every((g) => g.suppressed && g.group === null)).toBe(true);
    expect(JSON.stringify(audit)).not.toMatch(/woman|"man"|not recorded/);
  });
});

describe('the funnel audit through GraphQL', () => {
  const QUERY = `{ funnelAudit(programId: "${PROGRAM}", attribute: GENDER, minGroupSize: 6) { attribute minGroupSize stages { stage favourableOutcome referenceGroup through groups { group suppressed sampleSize favourable rate impactRatio flagged fisherP medianDays } } } }`;

  async function ask(personId: string, query = QUERY) {
    const services = createServices({ prisma: db.prisma, client: undefined as never, taskQueue: 'x' });
    const yoga = createGraphQLHandler({ services, jwtSecret: SECRET, production: true, rateLimit: false });
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${await mintDevToken(SECRET, personId)}` };
    const response = await yoga.fetch('http://x/graphql', { method: 'POST', headers, body: JSON.stringify({ query }) });
    return (await response.json()) as { data?: Record<string, unknown> | null; errors?: { extensions?: { code?: string } }[] };
  }

  it.each(['ari', 'hana', 'ines'])('answers %s (admin, HR, program owner)', async (personId) => {
    const result = await ask(personId);
    expect(result.errors).toBeUndefined();
    expect(result.data?.funnelAudit).toMatchObject({ attribute: 'GENDER', minGroupSize: 6, stages: [{ stage: 'ELIGIBILITY' }, { stage: 'APPROVAL' }, { stage: 'ASSESSMENT' }, { stage: 'APPEAL' }, { stage: 'CERTIFICATION' }] });
  });

  it.each(['alex', 'maya', 'tom', 'lars', 'dana'])('refuses %s', async (personId) => {
    const result = await ask(personId);
    expect(new Set(result.errors?.map((e) => e.extensions?.code))).toEqual(new Set([ErrorCode.Forbidden]));
    expect(result.data ?? null).toBeNull();
  });

  it('refuses a minimum group size past the limit', async () => {
    const result = await ask('hana', `{ funnelAudit(programId: "${PROGRAM}", attribute: GENDER, minGroupSize: 101) { minGroupSize } }`);
    expect(result.errors?.map((e) => e.extensions?.code)).toEqual([ErrorCode.InvalidInput]);
  });

  it('gives a rule simulation by group to HR scopes, suppressed like the audits', async () => {
    // ines (program owner) may simulate; the demographic breakdown is for the hr scope, which she has.
    const query = `query($d: JSON) { simulateRuleSet(definition: $d, asOf: "2026-11-25T09:00:00.000Z") { ... on QuerySimulateRuleSetSuccess { data { population impactByGroup(attribute: GENDER) { attribute minGroupSize population groups { group suppressed population gains loses } } } } } }`;
    const services = createServices({ prisma: db.prisma, client: undefined as never, taskQueue: 'x' });
    const yoga = createGraphQLHandler({ services, jwtSecret: SECRET, production: true, rateLimit: false });
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${await mintDevToken(SECRET, 'ines')}` };
    const response = await yoga.fetch('http://x/graphql', { method: 'POST', headers, body: JSON.stringify({ query, variables: { d: withTenure(18) } }) });
    const result = (await response.json()) as { data?: { simulateRuleSet: { data: { population: number; impactByGroup: unknown } } }; errors?: unknown };
    expect(result.errors).toBeUndefined();
    // Six journeys, released in batches of five people (all enrolled the same day, taken in id order):
    // five counted, every group below five, so one unnamed row.
    expect(result.data?.simulateRuleSet.data).toEqual({
      population: 6,
      impactByGroup: { attribute: 'GENDER', minGroupSize: 5, population: 5, groups: [{ group: null, suppressed: true, population: null, gains: null, loses: null }] },
    });
  });
});
