import { fileURLToPath } from 'node:url';
import { addIsoDuration } from '../domain/duration.js';
import type { Prisma, PrismaClient } from '../prisma/client.js';
import { loadRuleSetFile } from '../rules/validate.js';
import { people } from './people.js';
import { ELIGIBILITY_RULE_SET_KEY, PROGRAM_ID, pathways, program, rubric } from './program.js';

export const eligibilityRuleFile = fileURLToPath(
  new URL(`../rules/sets/${ELIGIBILITY_RULE_SET_KEY}.json`, import.meta.url),
);

/**
 * Idempotent: safe on every start. Existing rows are left as they are, so a restarted dev environment
 * keeps its journeys and anything an admin changed.
 */
export async function seedDemoData(prisma: PrismaClient, asOf = new Date().toISOString()): Promise<{ ruleSetId: string }> {
  const ruleSet = await loadRuleSetFile(eligibilityRuleFile);
  const ruleSetId = `${ruleSet.id}@${ruleSet.version}`;
  await prisma.$transaction(async (tx) => {
    // Managers first: every person's manager must exist before them.
    for (const person of people) {
      const hiredAt = new Date(addIsoDuration(asOf, `P${person.monthsOfTenure}M`, -1));
      const { id, name, email, department, title, roles } = person;
      await tx.person.upsert({
        where: { id },
        create: { id, name, email, department, title, roles, managerId: person.managerId, hiredAt },
        update: {},
      });
      for (const courseCode of person.courses ?? []) {
        await tx.courseCompletion.upsert({
          where: { personId_courseCode: { personId: id, courseCode } },
          create: { id: `${id}:${courseCode}`, personId: id, courseCode, completedAt: new Date(addIsoDuration(asOf, 'P2M', -1)) },
          update: {},
        });
      }
      for (const code of person.certifications ?? []) {
        await tx.heldCertification.upsert({
          where: { personId_code: { personId: id, code } },
          create: {
            id: `${id}:${code}`,
            personId: id,
            code,
            issuedAt: new Date(addIsoDuration(asOf, 'P6M', -1)),
            expiresAt: new Date(addIsoDuration(asOf, 'P30M')),
          },
          update: {},
        });
      }
    }
    await tx.program.upsert({ where: { id: PROGRAM_ID }, create: program, update: {} });
    await tx.ruleSet.upsert({
      where: { id: ruleSetId },
      create: {
        id: ruleSetId,
        key: ruleSet.id,
        programId: PROGRAM_ID,
        kind: ruleSet.kind,
        version: ruleSet.version,
        description: ruleSet.description,
        definition: ruleSet as unknown as Prisma.InputJsonValue,
        publishedAt: new Date(asOf),
        publishedBy: 'ines',
        reason: 'Initial publication of the program criteria',
      },
      update: {},
    });
    for (const pathway of pathways) {
      await tx.pathway.upsert({
        where: { id: pathway.id },
        create: { ...pathway, programId: PROGRAM_ID, rubric: rubric as unknown as Prisma.InputJsonValue, eligibilityRuleSetId: ruleSetId },
        update: {},
      });
    }
  });
  return { ruleSetId };
}
