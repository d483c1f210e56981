import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PROGRAM_FILES, readDemoProgram } from '../../../demo/program.js';
import { seedDemoData } from '../../../demo/seed.js';
import { diffPrograms } from '../../../programs/diff.js';
import { type Database, openDatabase, type Prisma } from '../../../prisma/client.js';
import { NOT_RECORDED } from '../../../services/analytics/audit.js';
import { createAnalyticsService } from '../../../services/analytics/index.js';
import { programImpact } from '../../../services/programs/impact.js';
import { withoutCourseRequirement } from '../../rules/rule-set-fixtures.js';

// A program version's what-if by demographic group, from real rows: the demo company, and a version
// whose portfolio pathway moves to an eligibility rule set that no longer asks for a course. Everyone
// not on the program is evaluated under both; the breakdown by group must add up to the named shifts.

const AS_OF = '2026-11-25T09:00:00.000Z';
const json = (value: object) => value as unknown as Prisma.InputJsonValue;
const OPEN = 'cloud-architecture-practitioner.eligibility-open';
let db: Database;

beforeAll(async () => {
  db = await openDatabase({});
  await db.migrate();
  await seedDemoData(db.prisma, AS_OF);
  const definition = { ...withoutCourseRequirement(1), id: OPEN };
  await db.prisma.ruleSet.create({
    data: { id: `${OPEN}@1`, key: OPEN, programId: 'cloud-architecture-practitioner', kind: 'eligibility', version: 1, description: 'Tenure only', definition: json(definition), publishedAt: new Date(AS_OF), publishedBy: 'ines', reason: 'What-if' },
  });
}, 120_000);

afterAll(async () => {
  await db?.close();
});

describe('a program version by group', () => {
  it('counts the people who would become eligible by group, adding up to the shifts it names', async () => {
    const previous = readDemoProgram(DEMO_PROGRAM_FILES[0]!);
    const next = { ...previous, version: 2, pathways: previous.pathways.map((p) => (p.id === 'cap-portfolio' ? { ...p, eligibilityRuleSet: OPEN } : p)) };
    const impact = await programImpact(db.prisma, previous, next, diffPrograms(previous, next), AS_OF);
    const gains = impact.eligibility.filter((s) => s.change === 'becomes_eligible');
    expect(gains.length).toBeGreaterThan(0);
    expect(impact.eligibility.filter((s) => s.change === 'stops_being_eligible')).toEqual([]);
    // One row per person not on the program and the one pathway whose rule set changes.
    const enrolled = new Set((await db.prisma.journey.findMany({ where: { programId: 'cloud-architecture-practitioner' }, select: { candidateId: true } })).map((j) => j.candidateId));
    const outside = await db.prisma.person.count({ where: { leftAt: null, id: { notIn: [...enrolled] } } });
    expect(impact.evaluated).toHaveLength(outside);
    expect(impact.evaluated.filter((e) => e.change === 'gains').map((e) => e.personId).sort()).toEqual(gains.map((s) => s.personId).sort());

    // With no suppression at all, the groups hold exactly the shifts, by each person's recorded gender.
    const open = createAnalyticsService(db.prisma, { minGroupSize: 1 });
    const byGroup = await open.programChangeImpact(impact.evaluated, 'gender');
    const genders = new Map((await db.prisma.personDemographics.findMany({ select: { personId: true, gender: true } })).map((d) => [d.personId, d.gender ?? NOT_RECORDED]));
    const expected = new Map<string, number>();
    for (const shift of gains) {
      const gender = genders.get(shift.personId) ?? NOT_RECORDED;
      expected.set(gender, (expected.get(gender) ?? 0) + 1);
    }
    expect(byGroup.population).toBe(outside);
    expect(new Map(byGroup.groups.filter((g) => (g.gains ?? 0) > 0).map((g) => [g.group, g.gains]))).toEqual(expected);

    // At the deployment's floor of five nothing below five people is shown, and no group is named twice.
    const strict = await createAnalyticsService(db.prisma).programChangeImpact(impact.evaluated, 'gender');
    for (const group of strict.groups.filter((g) => !g.suppressed)) expect(group.population).toBeGreaterThanOrEqual(5);
    expect(strict.population % 5).toBe(0);
  });

  it('says nothing of anyone for a rule set that does not validate, rather than counting everyone as a loss', async () => {
    const broken = 'cloud-architecture-practitioner.eligibility-broken';
    const definition = { ...withoutCourseRequirement(1), id: broken, rules: [{ name: 'r', conditions: { all: [{ fact: 'noSuchFact', operator: 'equal', value: 1 }] }, event: { type: 'eligible' } }] };
    await db.prisma.ruleSet.create({
      data: { id: `${broken}@1`, key: broken, programId: 'cloud-architecture-practitioner', kind: 'eligibility', version: 1, description: 'Broken', definition: json(definition), publishedAt: new Date(AS_OF), publishedBy: 'ines', reason: 'What-if' },
    });
    const previous = readDemoProgram(DEMO_PROGRAM_FILES[0]!);
    const next = { ...previous, version: 2, pathways: previous.pathways.map((p) => (p.id === 'cap-portfolio' ? { ...p, eligibilityRuleSet: broken } : p)) };
    const impact = await programImpact(db.prisma, previous, next, diffPrograms(previous, next), AS_OF);
    expect(impact.eligibility).toEqual([]);
    expect(new Set(impact.evaluated.map((e) => e.change))).toEqual(new Set(['failed']));
  });
});
