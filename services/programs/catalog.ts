import { loadFactCatalog } from '../fact-catalog.js';
import type { PrismaClient } from '../../prisma/client.js';
import type { ProgramCatalog } from '../../programs/validate.js';
import { forEachLeaf } from '../../rules/rule-set.js';
import { validateRuleSet } from '../../rules/validate.js';

// What a program document may refer to, as the database knows it now: the latest published version of
// every rule set (with the facts it tests, for prerequisites), the programs, and the people.

export async function programCatalog(prisma: PrismaClient, programId?: string): Promise<ProgramCatalog> {
  const factsHere = await loadFactCatalog(prisma);
  const versions = await prisma.ruleSet.findMany({ orderBy: [{ key: 'asc' }, { version: 'desc' }], select: { key: true, kind: true, programId: true, definition: true } });
  const ruleSets = new Map<string, { kind: string; programId: string; facts: string[] }>();
  for (const version of versions) {
    if (ruleSets.has(version.key)) continue;
    const checked = validateRuleSet(version.definition, factsHere);
    const facts = new Set<string>();
    if (checked.ok) forEachLeaf(checked.value, (leaf) => facts.add(leaf.fact));
    ruleSets.set(version.key, { kind: version.kind, programId: version.programId, facts: [...facts] });
  }
  // A new program's rule-set drafts count: asking to publish the program asks for them, and its
  // approval publishes them with it.
  if (programId) {
    const pending = await prisma.ruleSetDraft.findMany({ where: { programId }, orderBy: { updatedAt: 'desc' }, select: { key: true, kind: true, programId: true, definition: true } });
    for (const draft of pending) {
      if (ruleSets.has(draft.key)) continue;
      const checked = validateRuleSet(draft.definition, factsHere);
      const facts = new Set<string>();
      if (checked.ok) forEachLeaf(checked.value, (leaf) => facts.add(leaf.fact));
      ruleSets.set(draft.key, { kind: draft.kind, programId: draft.programId, facts: [...facts] });
    }
  }
  const programs = await prisma.program.findMany({ select: { id: true } });
  const drafted = await prisma.programVersion.findMany({ distinct: ['programId'], select: { programId: true } });
  const people = await prisma.person.findMany({ where: { leftAt: null }, select: { id: true } });
  return {
    ruleSets,
    programs: new Set([...programs.map((p) => p.id), ...drafted.map((v) => v.programId)]),
    people: new Set(people.map((p) => p.id)),
  };
}

/** The published version id each rule-set key stands for now; the document was validated against these. */
export async function latestRuleSetIds(prisma: PrismaClient, keys: string[]): Promise<(key: string) => string> {
  const rows = await prisma.ruleSet.findMany({ where: { key: { in: keys } }, orderBy: { version: 'desc' }, select: { id: true, key: true } });
  const latest = new Map<string, string>();
  for (const row of rows) if (!latest.has(row.key)) latest.set(row.key, row.id);
  return (key) => {
    const id = latest.get(key);
    if (!id) throw new RangeError(`rule set ${key} has no published version`);
    return id;
  };
}
