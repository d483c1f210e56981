import { fileURLToPath } from 'node:url';
import { addIsoDuration } from '../domain/duration.js';
import type { Prisma, PrismaClient } from '../prisma/client.js';
import { loadRuleSetFile } from '../rules/validate.js';
import { seedDemographics } from './demographics.js';
import { committeeTerms, people } from './people.js';
import {
  cohorts,
  competencies,
  ELIGIBILITY_RULE_SET_KEY,
  PROGRAM_ID,
  pathways,
  program,
  RECERTIFICATION_RULE_SET_KEY,
  rubric,
} from './program.js';

type Tx = Prisma.TransactionClient;

const ruleFile = (key: string) => fileURLToPath(new URL(`../rules/sets/${key}.json`, import.meta.url));
export const eligibilityRuleFile = ruleFile(ELIGIBILITY_RULE_SET_KEY);
export const recertificationRuleFile = ruleFile(RECERTIFICATION_RULE_SET_KEY);

const monthsFrom = (asOf: string, months: number) =>
  new Date(addIsoDuration(asOf, `P${Math.abs(months)}M`, months < 0 ? -1 : 1));

/**
 * Idempotent: safe on every start. Existing rows are left as they are, so a restarted dev environment
 * keeps its journeys and anything an admin changed. The one exception: a program or pathway seeded
 * before the full journey existed (no re-certification rules, no evidence requirements) gets the new
 * fields once, since the migration's defaults (a panel of one, no reminders) would misrepresent it.
 */
export async function seedDemoData(
  prisma: PrismaClient,
  asOf = new Date().toISOString(),
): Promise<{ ruleSetId: string; recertificationRuleSetId: string }> {
  const eligibility = await loadRuleSetFile(eligibilityRuleFile);
  const recertification = await loadRuleSetFile(recertificationRuleFile);
  const ruleSetId = `${eligibility.id}@${eligibility.version}`;
  const recertificationRuleSetId = `${recertification.id}@${recertification.version}`;
  await prisma.$transaction(async (tx) => {
    await seedPeople(tx, asOf);
    await seedDemographics(tx);
    const programData = { ...program, recertificationRuleSetId };
    await tx.program.upsert({ where: { id: PROGRAM_ID }, create: programData, update: {} });
    await tx.program.updateMany({ where: { id: PROGRAM_ID, recertificationRuleSetId: null }, data: programData });
    await publishRuleSet(tx, eligibility, asOf, 'Initial publication of the program criteria');
    await publishRuleSet(tx, recertification, asOf, 'Initial publication of the re-certification criteria');
    const rubricJson = rubric as unknown as Prisma.InputJsonValue;
    for (const pathway of pathways) {
      const data = { ...pathway, programId: PROGRAM_ID, rubric: rubricJson, eligibilityRuleSetId: ruleSetId };
      await tx.pathway.upsert({ where: { id: pathway.id }, create: data, update: {} });
      const { evidenceRequirements, progression } = pathway;
      await tx.pathway.updateMany({
        where: { id: pathway.id, evidenceRequirements: { isEmpty: true } },
        data: { evidenceRequirements, progression, rubric: rubricJson },
      });
      // Every rubric has a review date, like the rule sets: a year after it was first published.
      const reviewKey = `rubric:${pathway.id}`;
      if (!(await tx.ruleSetReview.findFirst({ where: { ruleSetKey: reviewKey } }))) {
        await tx.ruleSetReview.create({ data: { ruleSetKey: reviewKey, dueOn: new Date(addIsoDuration(asOf, 'P1Y')) } });
      }
    }
    await seedCompetencies(tx);
    for (const { startsOn, ...cohort } of cohorts) {
      const data = { ...cohort, programId: PROGRAM_ID, startsOn: new Date(`${startsOn}T00:00:00.000Z`) };
      await tx.cohort.upsert({ where: { id: cohort.id }, create: data, update: {} });
    }
  });
  return { ruleSetId, recertificationRuleSetId };
}

async function seedPeople(tx: Tx, asOf: string) {
  // Managers first: every person's manager must exist before them.
  for (const person of people) {
    const hiredAt = monthsFrom(asOf, -person.monthsOfTenure);
    const { id, name, email, department, title, roles } = person;
    await tx.person.upsert({
      where: { id },
      create: { id, name, email, department, title, roles, managerId: person.managerId, hiredAt, mentorCapacity: person.mentorCapacity ?? 0 },
      update: {},
    });
    for (const courseCode of person.courses ?? []) {
      await tx.courseCompletion.upsert({
        where: { personId_courseCode: { personId: id, courseCode } },
        create: { id: `${id}:${courseCode}`, personId: id, courseCode, completedAt: monthsFrom(asOf, -2) },
        update: {},
      });
    }
    for (const code of person.certifications ?? []) {
      await tx.heldCertification.upsert({
        where: { personId_code: { personId: id, code } },
        create: { id: `${id}:${code}`, personId: id, code, issuedAt: monthsFrom(asOf, -6), expiresAt: monthsFrom(asOf, 30) },
        update: {},
      });
    }
  }
  for (const term of committeeTerms) {
    // One term per person in the demo, so the person id keys it and a re-seed finds it.
    const id = `committee:${term.personId}:1`;
    const data = { id, personId: term.personId, role: term.role, startsOn: monthsFrom(asOf, term.startsInMonths), endsOn: monthsFrom(asOf, term.endsInMonths) };
    await tx.committeeTerm.upsert({ where: { id }, create: data, update: {} });
  }
}

async function publishRuleSet(tx: Tx, ruleSet: Awaited<ReturnType<typeof loadRuleSetFile>>, asOf: string, reason: string) {
  const id = `${ruleSet.id}@${ruleSet.version}`;
  await tx.ruleSet.upsert({
    where: { id },
    create: {
      id,
      key: ruleSet.id,
      programId: ruleSet.programId,
      kind: ruleSet.kind,
      version: ruleSet.version,
      description: ruleSet.description,
      definition: ruleSet as unknown as Prisma.InputJsonValue,
      publishedAt: new Date(asOf),
      publishedBy: 'ines',
      reason,
    },
    update: {},
  });
}

async function seedCompetencies(tx: Tx) {
  for (const [position, { indicators, ...competency }] of competencies.entries()) {
    const competencyId = `${PROGRAM_ID}:${competency.key}`;
    await tx.competency.upsert({
      where: { id: competencyId },
      create: { ...competency, id: competencyId, programId: PROGRAM_ID, position },
      update: {},
    });
    for (const [i, indicator] of indicators.entries()) {
      const id = `${competencyId}:${indicator.code}`;
      await tx.performanceIndicator.upsert({
        where: { id },
        create: { ...indicator, id, competencyId, position: i },
        update: {},
      });
    }
  }
}
