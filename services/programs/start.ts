import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import type { PrismaClient } from '../../prisma/client.js';
import type { ProgramDocument } from '../../programs/document.js';

// Where a new program starts: a template kept in the repository (programs/templates/<name>/: a program
// document and its two rule sets) or a copy of a published program. Either way the result is renamed to
// the new program: its id, name, owner, version 1, pathway ids and rule-set keys; cohorts and committee
// terms are not copied (they belong to the program's own intakes).

export const PROGRAM_TEMPLATES = ['starter'] as const;
export type ProgramTemplate = (typeof PROGRAM_TEMPLATES)[number];

export interface ProgramStart {
  document: ProgramDocument;
  /** Rule-set definitions for the new program, one per kind: eligibility and recertification. */
  ruleSets: { key: string; kind: 'eligibility' | 'recertification'; definition: Record<string, unknown> }[];
}

const templateFile = (template: ProgramTemplate, file: string) => fileURLToPath(new URL(`../../programs/templates/${template}/${file}`, import.meta.url));

export async function fromTemplate(template: ProgramTemplate): Promise<ProgramStart> {
  const document = parse(await readFile(templateFile(template, 'program.yaml'), 'utf8')) as ProgramDocument;
  const read = async (kind: 'eligibility' | 'recertification') => JSON.parse(await readFile(templateFile(template, `${kind}.json`), 'utf8')) as Record<string, unknown>;
  return { document, ruleSets: [{ key: `${document.id}.eligibility`, kind: 'eligibility', definition: await read('eligibility') }, { key: `${document.id}.recertification`, kind: 'recertification', definition: await read('recertification') }] };
}

/** A published program's current document and the rule sets its first pathway and re-certification follow now. */
export async function fromProgram(prisma: PrismaClient, programId: string): Promise<ProgramStart | null> {
  const version = await prisma.programVersion.findFirst({ where: { programId, appliedAt: { not: null } }, orderBy: { version: 'desc' }, select: { document: true } });
  if (!version) return null;
  const document = structuredClone(version.document) as unknown as ProgramDocument;
  const latest = async (key: string) => (await prisma.ruleSet.findFirst({ where: { key }, orderBy: { version: 'desc' }, select: { definition: true } }))?.definition as Record<string, unknown> | undefined;
  const eligibility = await latest(document.pathways[0]!.eligibilityRuleSet);
  const recertification = await latest(document.credential.recertification.ruleSet);
  if (!eligibility || !recertification) return null;
  return { document, ruleSets: [{ key: `${programId}.eligibility`, kind: 'eligibility', definition: eligibility }, { key: `${programId}.recertification`, kind: 'recertification', definition: recertification }] };
}

/** The start renamed to the new program, owned by its creator. */
export function renameStart(start: ProgramStart, program: { id: string; name: string; owner: string }): ProgramStart {
  const { id } = program;
  const key = (kind: string) => `${id}.${kind}`;
  const source = start.document;
  const document: ProgramDocument = {
    ...source,
    id,
    version: 1,
    name: program.name,
    owners: [program.owner],
    pathways: source.pathways.map((p) => ({ ...p, id: `${id}-${p.id.startsWith(`${source.id}-`) ? p.id.slice(source.id.length + 1) : p.id}`, eligibilityRuleSet: key('eligibility') })),
    credential: { ...source.credential, recertification: { ...source.credential.recertification, ruleSet: key('recertification') } },
  };
  delete document.cohorts;
  delete document.committee;
  delete document.$schema;
  const ruleSets = start.ruleSets.map((r) => ({ ...r, key: key(r.kind), definition: { ...r.definition, id: key(r.kind), programId: id, version: 1 } }));
  return { document, ruleSets };
}
