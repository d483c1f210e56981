import { ErrorCode, fail, ok, type Result } from '../../domain/errors.js';
import type { PrismaClient } from '../../prisma/client.js';
import { declaredFactProblem, type FactType } from '../../rules/facts.js';

// Person attributes an admin declares: a name, a type, what it means and where it comes from (the
// Certiflow SCIM extension attribute of that name, or a CSV column listed in an import mapping). Once
// declared it is a fact rules may use, checked and explained like the built-in ones.

export const ATTRIBUTE_SOURCES = ['scim', 'csv'] as const;
export type AttributeSource = (typeof ATTRIBUTE_SOURCES)[number];

export interface AttributeDeclaration {
  name: string;
  type: string;
  description: string;
  source: string;
}

export function createPersonAttributeService(prisma: PrismaClient) {
  return {
    async list() {
      return prisma.personAttribute.findMany({ orderBy: { name: 'asc' } });
    },

    /**
     * Declares an attribute, or changes its description or source. Its type never changes once declared:
     * rules written for a number would silently stop making sense for a string.
     */
    async declare(input: AttributeDeclaration, by: string): Promise<Result<{ name: string; type: FactType; description: string; source: string }>> {
      const problem = declaredFactProblem(input);
      if (problem) return fail(ErrorCode.InvalidInput, problem, problem.startsWith('type') ? 'type' : 'name');
      if (!input.description.trim()) return fail(ErrorCode.InvalidInput, 'Say what the attribute means: rule authors and candidates read it.', 'description');
      if (!(ATTRIBUTE_SOURCES as readonly string[]).includes(input.source)) return fail(ErrorCode.InvalidInput, `source must be one of ${ATTRIBUTE_SOURCES.join(', ')}.`, 'source');
      const existing = await prisma.personAttribute.findUnique({ where: { name: input.name } });
      if (existing && existing.type !== input.type) {
        return fail(ErrorCode.InvalidInput, `${input.name} is declared as ${existing.type}; its type cannot change (declare a new attribute instead).`, 'type');
      }
      const data = { type: input.type, description: input.description.trim(), source: input.source };
      const saved = await prisma.personAttribute.upsert({ where: { name: input.name }, create: { name: input.name, ...data, createdBy: by }, update: data });
      return ok({ ...saved, type: saved.type as FactType });
    },
  };
}

export type PersonAttributeService = ReturnType<typeof createPersonAttributeService>;
