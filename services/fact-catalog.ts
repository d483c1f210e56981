import type { PrismaClient } from '../prisma/client.js';
import { type FactCatalog, type FactType, factCatalog } from '../rules/facts.js';

// The facts rules may use in this company: the built-in catalog and the person attributes admins
// declared (PersonAttribute). Read once per use: validation, evaluation, simulation and program plans
// all see the same catalog, so a rule the editor accepts is one the journey can evaluate.

export async function loadFactCatalog(prisma: Pick<PrismaClient, 'personAttribute'>): Promise<FactCatalog> {
  const declared = await prisma.personAttribute.findMany({ orderBy: { name: 'asc' }, select: { name: true, type: true, description: true } });
  return factCatalog(declared.map((d) => ({ ...d, type: d.type as FactType })));
}
