import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData } from '../../demo/seed.js';
import { ErrorCode } from '../../domain/errors.js';
import type { Prisma } from '../../prisma/client.js';
import { type Database, openDatabase } from '../../prisma/client.js';
import { simulate } from '../../rules/simulate.js';
import { simulateAgainstDatabase } from '../../services/rule-sets.js';
import { AS_OF, eligibilityV1, journeyOf, KEY, seedPopulation, V1, withoutCourseRequirement, withTenure } from './rule-set-fixtures.js';

// What-if simulation on the seeded population of rule-set-fixtures.ts, whose answers are known.

let db: Database;

beforeAll(async () => {
  db = await openDatabase({});
  await db.migrate();
  await seedDemoData(db.prisma, AS_OF);
  await seedPopulation(db.prisma);
});

afterAll(async () => {
  await db?.close();
});

const run = async (definition: unknown) => {
  const result = await simulateAgainstDatabase(db.prisma, definition, AS_OF);
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
};
const names = (outcomes: { personId: string }[]) => outcomes.map((o) => o.personId);

describe('simulate a draft against journeys in flight and past candidates', () => {
  it('changes nobody when tenure rises to 12 months: sam was never eligible, alex and jordan have more', async () => {
    const report = await run(withTenure(12));
    expect(report).toMatchObject({ ruleSetId: `${KEY}@2`, asOf: AS_OF, population: 4, gains: [], loses: [], failed: [] });
    expect(names(report.unchanged)).toEqual(['alex', 'jordan', 'riley', 'sam']);
    expect(report.unchanged.find((o) => o.personId === 'sam')).toMatchObject({ before: false, after: false, group: 'past_candidate' });
  });

  it('loses jordan (14 months) when tenure rises to 18 months, and says why', async () => {
    const report = await run(withTenure(18));
    expect(report.gains).toEqual([]);
    expect(report.loses).toEqual([
      {
        personId: 'jordan',
        name: 'Jordan Lee',
        journeyId: journeyOf('jordan'),
        stage: 'awaiting_manager_approval',
        group: 'in_flight',
        baselineRuleSetId: V1,
        before: true,
        after: false,
        change: 'loses',
        why: ["Now in the way: At least 18 months' tenure: you have 14"],
      },
    ]);
    expect(names(report.unchanged)).toEqual(['alex', 'riley', 'sam']);
  });

  it('gains riley when the course-or-certificate requirement is dropped, naming what no longer stands in the way', async () => {
    const report = await run(withoutCourseRequirement());
    expect(report.loses).toEqual([]);
    expect(report.gains).toEqual([
      expect.objectContaining({
        personId: 'riley',
        group: 'past_candidate',
        stage: 'ineligible',
        before: false,
        after: true,
        change: 'gains',
        why: [
          'No longer in the way: Option 1 of 3: Completed the prerequisite course CLOUD-101 (Cloud Foundations): you have completed none',
          'No longer in the way: Option 2 of 3: Holds the AWS Certified Solutions Architect – Associate certification (AWS-SAA): you hold none',
          'No longer in the way: Option 3 of 3: Holds the Microsoft Azure Solutions Architect Expert certification (AZ-305): you hold none',
        ],
      }),
    ]);
    // sam still lacks the tenure.
    expect(report.unchanged.find((o) => o.personId === 'sam')).toMatchObject({ before: false, after: false });
  });

  it('reports people it cannot evaluate, with the reason, instead of failing the whole simulation', async () => {
    const draft = withTenure(6);
    draft.rules[0]!.conditions = { all: [{ fact: 'roleLevel', operator: 'greaterThanInclusive', value: 3, description: 'Level 3 or above' }] };
    const report = await run(draft);
    expect(report.failed).toHaveLength(4);
    expect(report.failed[0]).toMatchObject({ before: true, after: null, change: 'failed' });
    expect(report.failed[0]!.why[0]).toMatch(/^cloud-architecture-practitioner\.eligibility@2: MISSING_FACT: fact roleLevel/);
  });

  it('compares each journey with the version it pinned, and others with the latest published', async () => {
    const v2 = withTenure(18);
    const row = { key: KEY, programId: v2.programId, kind: v2.kind, description: v2.description, publishedAt: new Date(AS_OF), publishedBy: 'ari', reason: 'Test version two' };
    await db.prisma.ruleSet.create({ data: { ...row, id: `${KEY}@2`, version: 2, definition: v2 as unknown as Prisma.InputJsonValue } });
    await db.prisma.journey.update({ where: { id: journeyOf('riley') }, data: { ruleSetId: null } });
    try {
      const report = await run(withTenure(12, 3));
      const baselines = Object.fromEntries([...report.gains, ...report.unchanged].map((o) => [o.personId, o.baselineRuleSetId]));
      expect(baselines).toEqual({ alex: V1, jordan: V1, sam: V1, riley: `${KEY}@2` });
    } finally {
      await db.prisma.journey.update({ where: { id: journeyOf('riley') }, data: { ruleSetId: V1 } });
      await db.prisma.ruleSet.delete({ where: { id: `${KEY}@2` } });
    }
  });

  it('refuses an invalid draft with its problems, and a rule set with nothing published to compare with', async () => {
    const invalid = { ...withTenure(12), rules: [] };
    const refused = await simulateAgainstDatabase(db.prisma, invalid, AS_OF);
    expect(refused).toMatchObject({ ok: false, error: { code: ErrorCode.InvalidRuleSet }, problems: [{ path: '$.rules', message: 'must not be empty' }] });
    const brandNew = await simulateAgainstDatabase(db.prisma, { ...eligibilityV1(), id: `${KEY}-pilot` }, AS_OF);
    expect(brandNew).toMatchObject({ ok: false, error: { code: ErrorCode.NotFound, path: '$.id' } });
  });
});

describe('simulate (pure)', () => {
  it('classifies a population given with its facts, without a database', async () => {
    const baseline = { ...eligibilityV1(), ruleSetId: V1 };
    const draft = { ...withTenure(18), ruleSetId: `${KEY}@2` };
    const subject = { personId: 'p', name: 'P', journeyId: null, stage: null, group: 'in_flight' as const, baseline };
    const facts = { department: 'Engineering', completedCourses: ['CLOUD-101'], certifications: [] };
    const report = await simulate(draft, {
      asOf: AS_OF,
      subjects: [
        { ...subject, personId: 'short', facts: { ...facts, tenureMonths: 7 } },
        { ...subject, personId: 'long', facts: { ...facts, tenureMonths: 30 } },
      ],
    });
    expect(names(report.loses)).toEqual(['short']);
    expect(names(report.unchanged)).toEqual(['long']);
  });
});
