import { ErrorCode, fail, ok, type Result } from '../../domain/errors.js';
import type { PrismaClient } from '../../prisma/client.js';
import { recordPersonAudit } from './directory.js';

// Demographics are declared by the person, or imported with a recorded source of consent; never
// required, and "prefer not to say" is always an answer (stored as no value). They are read only by the
// adverse-impact audit, in groups; the person can read and withdraw their own declaration. The audit
// trail records that a declaration was made or withdrawn, never what it says.

export const PREFER_NOT_TO_SAY = 'prefer not to say';

/** The answers offered for each attribute; anything else is refused. */
export const DEMOGRAPHIC_OPTIONS = {
  gender: ['woman', 'man', 'non-binary', 'another gender'],
  ethnicity: ['asian', 'black', 'hispanic', 'middle eastern', 'white', 'mixed', 'another ethnicity'],
  ageBand: ['18-24', '25-34', '35-44', '45-54', '55-64', '65+'],
  disability: ['yes', 'no'],
} as const;

export type DemographicAttribute = keyof typeof DEMOGRAPHIC_OPTIONS;
export const DEMOGRAPHIC_ATTRIBUTES = Object.keys(DEMOGRAPHIC_OPTIONS) as DemographicAttribute[];

export type Declaration = Record<DemographicAttribute, string | null>;

/** Checks each answer against its options; "prefer not to say" (or nothing) becomes no value. */
export function checkDeclaration(input: Partial<Record<DemographicAttribute, string | null>>): Result<Declaration> {
  const declaration = {} as Declaration;
  for (const attribute of DEMOGRAPHIC_ATTRIBUTES) {
    const answer = input[attribute]?.trim().toLowerCase() ?? null;
    if (answer === null || answer === '' || answer === PREFER_NOT_TO_SAY) declaration[attribute] = null;
    else if ((DEMOGRAPHIC_OPTIONS[attribute] as readonly string[]).includes(answer)) declaration[attribute] = answer;
    else return fail(ErrorCode.InvalidInput, `${attribute} must be one of ${DEMOGRAPHIC_OPTIONS[attribute].join(', ')} or "${PREFER_NOT_TO_SAY}".`, attribute);
  }
  return ok(declaration);
}

export function createDemographicsService(prisma: PrismaClient) {
  const audit = (personId: string, action: string) => recordPersonAudit(prisma, { personId, actor: { id: personId, source: 'portal' }, action, changes: {} });
  return {
    async mine(personId: string) {
      return prisma.personDemographics.findUnique({ where: { personId } });
    },
    async declare(personId: string, input: Partial<Record<DemographicAttribute, string | null>>) {
      const checked = checkDeclaration(input);
      if (!checked.ok) return checked;
      const data = { ...checked.value, source: 'self', recordedAt: new Date() };
      const saved = await prisma.personDemographics.upsert({ where: { personId }, create: { personId, ...data }, update: data });
      await audit(personId, 'demographics_declared');
      return ok(saved);
    },
    async withdraw(personId: string): Promise<boolean> {
      const { count } = await prisma.personDemographics.deleteMany({ where: { personId } });
      if (count) await audit(personId, 'demographics_withdrawn');
      return count > 0;
    },
  };
}

export type DemographicsService = ReturnType<typeof createDemographicsService>;
