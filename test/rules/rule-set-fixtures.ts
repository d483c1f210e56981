import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { addIsoDuration } from '../../domain/duration.js';
import { JourneyStage } from '../../domain/journey.js';
import type { PrismaClient } from '../../prisma/client.js';
import type { RuleSetFile } from '../../rules/rule-set.js';

// The seeded population the rule-admin tests share, with its known answers. Seeded (demo/seed.ts) as of
// AS_OF; the journeys below are read-model rows written directly, as the workflow would have left them:
//   alex   26 months, CLOUD-101        in flight (awaiting_submission)        eligible under @1
//   jordan 14 months, AWS-SAA          in flight (awaiting_manager_approval)  eligible under @1
//   sam     3 months, nothing          past candidate (ineligible)            not eligible
//   riley   9 months, nothing          past candidate (ineligible)            not eligible: no course or certificate
// Raising tenure to 12 months changes nobody (sam was never eligible); to 18 it loses jordan. Dropping
// the course-or-certificate requirement gains riley (and not sam, who lacks the tenure).

export const AS_OF = '2026-11-25T09:00:00.000Z';
export const PROGRAM = 'cloud-architecture-practitioner';
export const KEY = `${PROGRAM}.eligibility`;
export const V1 = `${KEY}@1`;
export const journeyOf = (personId: string) => `journey:${PROGRAM}:${personId}`;

export const eligibilityFile = fileURLToPath(new URL('../../rules/sets/cloud-architecture-practitioner.eligibility.json', import.meta.url));

/** The published version 1, as a fresh copy to edit. */
export function eligibilityV1(): RuleSetFile {
  const { $schema: _, ...file } = JSON.parse(readFileSync(eligibilityFile, 'utf8')) as RuleSetFile;
  return file;
}

type Conditions = { all: [Record<string, unknown>, { any: Record<string, unknown>[] }] };
const conditionsOf = (file: RuleSetFile) => file.rules[0]!.conditions as unknown as Conditions;

/** Version `version` with tenure raised (or lowered) to `months`. */
export function withTenure(months: number, version = 2): RuleSetFile {
  const file = { ...eligibilityV1(), version };
  const tenure = conditionsOf(file).all[0];
  tenure.value = months;
  tenure.description = `At least ${months} months' tenure`;
  return file;
}

/** Version `version` that asks only for the tenure: the course-or-certificate requirement dropped. */
export function withoutCourseRequirement(version = 2): RuleSetFile {
  const file = { ...eligibilityV1(), version };
  const conditions = conditionsOf(file);
  file.rules[0]!.conditions = { all: [conditions.all[0]] } as unknown as RuleSetFile['rules'][0]['conditions'];
  return file;
}

export async function seedPopulation(prisma: PrismaClient): Promise<void> {
  await prisma.person.create({
    data: { id: 'riley', name: 'Riley Brooks', email: 'riley@example.com', department: 'Engineering', title: 'Support Engineer', roles: ['candidate'], hiredAt: new Date(addIsoDuration(AS_OF, 'P9M', -1)) },
  });
  const at = new Date(addIsoDuration(AS_OF, 'P1M', -1));
  const base = { programId: PROGRAM, pathwayId: 'cap-portfolio', enrolledAt: at, updatedAt: at, ruleSetId: V1 };
  const journeys: [string, string][] = [
    ['alex', JourneyStage.AwaitingSubmission],
    ['jordan', JourneyStage.AwaitingManagerApproval],
    ['sam', JourneyStage.Ineligible],
    ['riley', JourneyStage.Ineligible],
  ];
  for (const [candidateId, stage] of journeys) {
    await prisma.journey.create({ data: { ...base, id: journeyOf(candidateId), candidateId, stage } });
  }
}
