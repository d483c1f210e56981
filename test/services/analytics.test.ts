import { isObjectType } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData } from '../../demo/seed.js';
import { ErrorCode } from '../../domain/errors.js';
import { JourneyStage } from '../../domain/journey.js';
import { mintDevToken } from '../../http/auth/tokens.js';
import { schema } from '../../graphql/schema.js';
import { createGraphQLHandler } from '../../http/graphql.js';
import { type Database, openDatabase } from '../../prisma/client.js';
import { createAnalyticsService } from '../../services/analytics/index.js';
import { SUPPRESSED_GROUP } from '../../services/analytics/program.js';
import { median, percentile } from '../../services/analytics/stats.js';
import { createServices } from '../../services/index.js';

// Analytics on a seeded dataset whose answers were worked out by hand. Twelve candidates p01..p12, all
// enrolled 2026-01-01 on the portfolio pathway (p06 on coursework), figures as of 2027-01-01:
//
//   person dept  gender age    pilot outcome     days to credential  left         credential cycle 1
//   p01    Eng   woman  18-24  yes   passed      100                 -            renewed (+ cycle 2)
//   p02    Eng   woman  18-24  yes   passed      120                 -            expired 2026-12-01
//   p03    Eng   woman  25-34  yes   passed      140                 -            lapsed 2026-12-01
//   p04    Eng   woman  25-34  no    not passed  -                   2026-09-01
//   p05    Eng   woman  25-34  no    not passed  -                   -
//   p06    Eng   woman  25-34  no    (not yet submitted)             -
//   p07    Data  man    25-34  yes   passed       90                 -            renewed (+ cycle 2)
//   p08    Data  man    25-34  yes   passed      110                 -            renewed
//   p09    Data  man    25-34  no    passed      130                 -            active to 2028
//   p10    Data  man    25-34  no    passed      200                 2026-10-01   revoked
//   p11    Data  man    25-34  no    not passed  -                   2026-08-01
//   p12    Data  man    25-34  no    passed      150                 -            active to 2028

const PROGRAM = 'cloud-architecture-practitioner';
const AS_OF = new Date('2027-01-01T00:00:00.000Z');
const ENROLLED = new Date('2026-01-01T00:00:00.000Z');
const day = (n: number) => new Date(ENROLLED.getTime() + n * 86_400_000);

interface Row {
  dept: string;
  gender: string;
  age: string;
  pilot: boolean;
  outcome: 'passed' | 'not_passed' | null;
  days?: number;
  left?: string;
  credential?: { status: string; expiresAt: string; renewed?: boolean };
}

const rows: Record<string, Row> = {
  p01: { dept: 'Eng', gender: 'woman', age: '18-24', pilot: true, outcome: 'passed', days: 100, credential: { status: 'renewed', expiresAt: '2026-12-15', renewed: true } },
  p02: { dept: 'Eng', gender: 'woman', age: '18-24', pilot: true, outcome: 'passed', days: 120, credential: { status: 'expired', expiresAt: '2026-12-01' } },
  p03: { dept: 'Eng', gender: 'woman', age: '25-34', pilot: true, outcome: 'passed', days: 140, credential: { status: 'lapsed', expiresAt: '2026-12-01' } },
  p04: { dept: 'Eng', gender: 'woman', age: '25-34', pilot: false, outcome: 'not_passed', left: '2026-09-01' },
  p05: { dept: 'Eng', gender: 'woman', age: '25-34', pilot: false, outcome: 'not_passed' },
  p06: { dept: 'Eng', gender: 'woman', age: '25-34', pilot: false, outcome: null },
  p07: { dept: 'Data', gender: 'man', age: '25-34', pilot: true, outcome: 'passed', days: 90, credential: { status: 'renewed', expiresAt: '2026-12-15', renewed: true } },
  p08: { dept: 'Data', gender: 'man', age: '25-34', pilot: true, outcome: 'passed', days: 110, credential: { status: 'renewed', expiresAt: '2026-12-15' } },
  p09: { dept: 'Data', gender: 'man', age: '25-34', pilot: false, outcome: 'passed', days: 130, credential: { status: 'active', expiresAt: '2028-06-01' } },
  p10: { dept: 'Data', gender: 'man', age: '25-34', pilot: false, outcome: 'passed', days: 200, left: '2026-10-01', credential: { status: 'revoked', expiresAt: '2028-06-01' } },
  p11: { dept: 'Data', gender: 'man', age: '25-34', pilot: false, outcome: 'not_passed', left: '2026-08-01' },
  p12: { dept: 'Data', gender: 'man', age: '25-34', pilot: false, outcome: 'passed', days: 150, credential: { status: 'active', expiresAt: '2028-06-01' } },
};

let db: Database;

async function seedDataset() {
  const p = db.prisma;
  await p.cohort.create({ data: { id: 'regular', programId: PROGRAM, name: 'Regular', startsOn: ENROLLED } });
  for (const [id, r] of Object.entries(rows)) {
    await p.person.create({
      data: { id, email: `${id}@example.com`, name: id, department: r.dept, title: 'Engineer', roles: ['candidate'], hiredAt: day(-400), ...(r.left ? { leftAt: new Date(r.left) } : {}) },
    });
    await p.personDemographics.create({ data: { personId: id, gender: r.gender, ageBand: r.age } });
    const journeyId = `journey:${PROGRAM}:${id}`;
    const stages: string[] = [JourneyStage.Enrolled, JourneyStage.AwaitingSubmission];
    if (r.outcome) stages.push(JourneyStage.AwaitingAssessment, r.outcome === 'passed' ? JourneyStage.Certified : JourneyStage.NotPassed);
    await p.journey.create({
      data: {
        id: journeyId,
        programId: PROGRAM,
        pathwayId: id === 'p06' ? 'cap-coursework' : 'cap-portfolio',
        candidateId: id,
        cohortId: r.pilot ? 'cap-2026-pilot' : 'regular',
        stage: stages.at(-1)!,
        enrolledAt: ENROLLED,
        updatedAt: ENROLLED,
      },
    });
    for (const [seq, stage] of stages.entries()) {
      await p.journeyEvent.create({ data: { id: `${id}:${seq}`, journeyId, seq, type: 'test', at: day(seq), stage, data: {} } });
    }
    if (r.outcome) {
      await p.submission.create({ data: { id: `${id}:s`, journeyId, cycle: 1, format: 'written_report', title: 't', content: 'c', reflection: 'r', contentHash: 'h', submittedAt: day(50), submittedBy: id } });
      await p.assessment.create({ data: { id: `${id}:a`, journeyId, submissionId: `${id}:s`, scores: {}, average: 3, outcome: r.outcome, rationale: 'r', decidedAt: day(60) } });
    }
    if (r.credential && r.days !== undefined) {
      const c = r.credential;
      await p.credential.create({ data: { id: `${id}:c1`, number: `${id}-1`, journeyId, cycle: 1, personId: id, programId: PROGRAM, issuedAt: day(r.days), expiresAt: new Date(c.expiresAt), status: c.status } });
      if (c.renewed) {
        await p.credential.create({ data: { id: `${id}:c2`, number: `${id}-2`, journeyId, cycle: 2, personId: id, programId: PROGRAM, issuedAt: new Date('2026-12-10'), expiresAt: new Date('2028-12-15'), status: 'active' } });
      }
    }
  }
}

beforeAll(async () => {
  db = await openDatabase({});
  await db.migrate();
  await seedDemoData(db.prisma, '2026-11-25T09:00:00.000Z');
  await seedDataset();
});

afterAll(async () => {
  await db?.close();
});

describe('statistics', () => {
  it('takes the median as the middle value or the mean of the two middle values', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([90, 100, 110, 120, 130, 140, 150, 200])).toBe(125);
    expect(median([])).toBeNull();
  });

  it('takes percentiles by nearest rank', () => {
    expect(percentile([90, 100, 110, 120, 130, 140, 150, 200], 90)).toBe(200); // rank ceil(7.2) = 8
    expect(percentile([100, 120, 140], 90)).toBe(140); // rank ceil(2.7) = 3
    expect(percentile(Array.from({ length: 10 }, (_, i) => i + 1), 90)).toBe(9);
  });
});

describe('program analytics', () => {
  const analytics = () => createAnalyticsService(db.prisma);

  it('computes pass rate, time to certification and the funnel for the whole program', async () => {
    const result = await analytics().programAnalytics(PROGRAM, 'program', { asOf: AS_OF });
    expect(result.groups).toEqual([
      {
        group: PROGRAM,
        journeys: 12,
        suppressed: false,
        decided: 11,
        passed: 8,
        passRate: 0.7273,
        certified: 8,
        medianDaysToCertification: 125,
        p90DaysToCertification: 200,
        // Everyone was hired 400 days before enrolling: proficiency = 400 + days to certification.
        medianDaysToProficiency: 525,
        funnel: [
          { step: 'enrolled', reached: 12, dropOff: null },
          { step: 'eligible', reached: 12, dropOff: 0 },
          { step: 'approved', reached: 12, dropOff: 0 },
          { step: 'submitted', reached: 11, dropOff: 0.0833 },
          { step: 'decided', reached: 11, dropOff: 0 },
          { step: 'certified', reached: 8, dropOff: 0.2727 },
        ],
      },
    ]);
  });

  it('breaks figures down by department', async () => {
    const { groups } = await analytics().programAnalytics(PROGRAM, 'department', { asOf: AS_OF });
    expect(groups.map((g) => [g.group, g.journeys, g.passRate, g.medianDaysToCertification, g.p90DaysToCertification])).toEqual([
      ['Data', 6, 0.8333, 130, 200],
      ['Eng', 6, 0.6, 120, 140],
    ]);
  });

  it('compares the pilot cohort with the rest', async () => {
    const { groups } = await analytics().programAnalytics(PROGRAM, 'pilot', { asOf: AS_OF });
    expect(groups.map((g) => [g.group, g.journeys, g.decided, g.passRate, g.medianDaysToCertification])).toEqual([
      ['not pilot', 7, 6, 0.5, 150],
      ['pilot', 5, 5, 1, 110],
    ]);
  });

  it('suppresses groups below the minimum size in the service, and lets callers raise but not lower it', async () => {
    // cap-coursework has one journey. Showing cap-portfolio's 11 beside the program's 12 would give
    // it away by subtraction, so its complement is suppressed too, and neither is named.
    const byPathway = await analytics().programAnalytics(PROGRAM, 'pathway', { asOf: AS_OF });
    expect(byPathway.groups).toEqual([
      {
        group: null,
        journeys: null,
        suppressed: true,
        decided: null,
        passed: null,
        passRate: null,
        certified: null,
        medianDaysToCertification: null,
        p90DaysToCertification: null,
        medianDaysToProficiency: null,
        funnel: null,
      },
    ]);
    const lowered = await analytics().programAnalytics(PROGRAM, 'pathway', { minGroupSize: 1, asOf: AS_OF });
    expect(lowered.minGroupSize).toBe(5);
    expect(lowered.groups).toEqual([SUPPRESSED_GROUP]);
    const raised = await analytics().programAnalytics(PROGRAM, 'department', { minGroupSize: 7, asOf: AS_OF });
    expect(raised.groups.every((g) => g.suppressed)).toBe(true);
    const configured = await createAnalyticsService(db.prisma, { minGroupSize: 1 }).programAnalytics(PROGRAM, 'pathway', { asOf: AS_OF });
    expect(configured.groups.find((g) => g.group === 'cap-coursework')?.suppressed).toBe(false);
  });

  it('compares retention of certified and not-yet-certified people, suppressing the small group', async () => {
    // Four people are not yet certified: too few. The two groups make up the program's twelve
    // people, so the certified group is suppressed too (else 12 - 8 and the totals give them away).
    const { retention } = await analytics().programAnalytics(PROGRAM, 'program', { asOf: AS_OF });
    expect(retention).toEqual([
      { group: 'certified', size: null, count: null, rate: null, suppressed: true },
      { group: 'not yet certified', size: null, count: null, rate: null, suppressed: true },
    ]);
    const configured = await createAnalyticsService(db.prisma, { minGroupSize: 4 }).programAnalytics(PROGRAM, 'program', { asOf: AS_OF });
    expect(configured.retention).toEqual([
      { group: 'certified', size: 8, count: 7, rate: 0.875, suppressed: false },
      // p04, p05, p06, p11: p04 and p11 have left.
      { group: 'not yet certified', size: 4, count: 2, rate: 0.5, suppressed: false },
    ]);
  });

  it('computes the re-certification rate over credentials whose renewal was due', async () => {
    // Due: p01, p07, p08 (renewed), p02 (expired), p03 (lapsed); p10's revoked credential is left out.
    const { recertification } = await analytics().programAnalytics(PROGRAM, 'program', { asOf: AS_OF });
    expect(recertification).toEqual({ group: 'all', size: 5, count: 3, rate: 0.6, suppressed: false });
  });
});

describe('pass-rate trend', () => {
  it('gives the pass rate per quarter of decision, suppressing quarters with too few decisions', async () => {
    // Every assessment was decided on 2026-03-02, in 2026-Q1: eleven decisions, eight passed.
    const trend = await createAnalyticsService(db.prisma).passRateTrend(PROGRAM, 3, { asOf: new Date('2026-06-01T00:00:00Z') });
    expect(trend).toEqual([
      { quarter: '2025-Q4', decided: null, passed: null, passRate: null, suppressed: true },
      { quarter: '2026-Q1', decided: 11, passed: 8, passRate: 0.7273, suppressed: false },
      { quarter: '2026-Q2', decided: null, passed: null, passRate: null, suppressed: true },
    ]);
    const raised = await createAnalyticsService(db.prisma).passRateTrend(PROGRAM, 3, { asOf: new Date('2026-06-01T00:00:00Z'), minGroupSize: 12 });
    expect(raised.every((q) => q.suppressed && q.passRate === null)).toBe(true);
  });
});

describe('adverse-impact audit', () => {
  it('flags a group whose pass rate is below four fifths of the highest group', async () => {
    // With batches of one person (a deployment floor of one) every decision counts at once.
    const everyDecision = await createAnalyticsService(db.prisma, { minGroupSize: 1 }).adverseImpactAudit(PROGRAM, 'gender');
    expect(everyDecision).toMatchObject({
      referenceGroup: 'man',
      groups: [
        { group: 'man', sampleSize: 6, passed: 5, passRate: 0.8333, impactRatio: 1, flagged: false, suppressed: false },
        // 0.6 / 0.8333 = 0.72 < 0.8
        { group: 'woman', sampleSize: 5, passed: 3, passRate: 0.6, impactRatio: 0.72, flagged: true, suppressed: false },
      ],
    });
    // Decisions count in whole batches of five people: the eleven made on the same day are taken in id
    // order, so p12's decision (the eleventh) waits for four more before it moves the audit.
    const audit = await createAnalyticsService(db.prisma).adverseImpactAudit(PROGRAM, 'gender');
    expect(audit).toEqual({
      attribute: 'gender',
      minGroupSize: 5,
      referenceGroup: 'man',
      decisionsThrough: day(60),
      groups: [
        // Fisher's exact test, each group against the other: 4 of 5 beside 3 of 5 is no evidence at all.
        { group: 'man', sampleSize: 5, passed: 4, passRate: 0.8, impactRatio: 1, flagged: false, fisherP: 1, suppressed: false },
        // 0.6 / 0.8 = 0.75 < 0.8
        { group: 'woman', sampleSize: 5, passed: 3, passRate: 0.6, impactRatio: 0.75, flagged: true, fisherP: 1, suppressed: false },
      ],
    });
  });

  it('suppresses groups below the minimum size and leaves them out of the reference', async () => {
    // 18-24 has two people. 25-34's nine beside the program's eleven decided journeys would give
    // them away, so it is suppressed too; the suppressed groups are one unnamed row.
    const audit = await createAnalyticsService(db.prisma).adverseImpactAudit(PROGRAM, 'ageBand');
    expect(audit.groups).toEqual([{ group: null, sampleSize: null, passed: null, passRate: null, impactRatio: null, flagged: false, fisherP: null, suppressed: true }]);
    // No group left to compare: no reference (test/services/analytics/suppression.test.ts has a
    // breakdown where one group survives as the reference and the suppressed ones do not compete).
    expect(audit.referenceGroup).toBeNull();
  });

  it('counts people without a recorded attribute as "not recorded"', async () => {
    const everyDecision = await createAnalyticsService(db.prisma, { minGroupSize: 1 }).adverseImpactAudit(PROGRAM, 'ethnicity');
    expect(everyDecision.groups.map((g) => [g.group, g.sampleSize])).toEqual([['not recorded', 11]]);
    // Released in batches of five people: the eleventh decision waits for its batch.
    const audit = await createAnalyticsService(db.prisma).adverseImpactAudit(PROGRAM, 'ethnicity');
    expect(audit.groups.map((g) => [g.group, g.sampleSize])).toEqual([['not recorded', 10]]);
    expect(audit.referenceGroup).toBeNull();
  });
});

describe('analytics through GraphQL', () => {
  const SECRET = 'analytics-test-secret';
  const QUERY = `{
    programAnalytics(programId: "${PROGRAM}", groupBy: DEPARTMENT) { minGroupSize groups { group journeys passRate suppressed } }
    adverseImpactAudit(programId: "${PROGRAM}", attribute: GENDER) { referenceGroup groups { group sampleSize impactRatio flagged } }
  }`;

  async function ask(personId: string) {
    const services = createServices({ prisma: db.prisma, client: undefined as never, taskQueue: 'x' });
    const yoga = createGraphQLHandler({ services, jwtSecret: SECRET, production: true, rateLimit: false });
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${await mintDevToken(SECRET, personId)}` };
    const response = await yoga.fetch('http://x/graphql', { method: 'POST', headers, body: JSON.stringify({ query: QUERY }) });
    return (await response.json()) as { data?: Record<string, unknown> | null; errors?: { extensions?: { code?: string } }[] };
  }

  it.each(['ari', 'hana', 'ines'])('answers %s (admin, HR, program owner)', async (personId) => {
    const result = await ask(personId);
    expect(result.errors).toBeUndefined();
    expect(result.data?.adverseImpactAudit).toMatchObject({ referenceGroup: 'man', groups: [{ group: 'man' }, { group: 'woman', impactRatio: 0.75, flagged: true }] });
  });

  it.each(['alex', 'maya', 'tom', 'lars', 'dana'])('refuses %s', async (personId) => {
    const result = await ask(personId);
    // The first denied non-null root field nulls the whole answer; every error there is a denial.
    expect(result.errors?.length).toBeGreaterThan(0);
    expect(new Set(result.errors?.map((e) => e.extensions?.code))).toEqual(new Set([ErrorCode.Forbidden]));
    expect(result.data ?? null).toBeNull();
  });

  it('never exposes demographic attributes on a person', () => {
    const person = schema.getType('Person');
    expect(isObjectType(person)).toBe(true);
    const fields = Object.keys(isObjectType(person) ? person.getFields() : {});
    for (const attribute of ['gender', 'ethnicity', 'ageBand', 'disability', 'demographics']) expect(fields).not.toContain(attribute);
  });
});
