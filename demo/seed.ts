import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { addIsoDuration } from '../domain/duration.js';
import type { Prisma, PrismaClient } from '../prisma/client.js';
import { parseProgramText } from '../programs/parse.js';
import type { ProgramDocument } from '../programs/document.js';
import { loadRuleSetFile } from '../rules/validate.js';
import { createPeopleDirectory } from '../services/people/directory.js';
import { createProgramService } from '../services/programs/service.js';
import { createRuleSetService } from '../services/rule-sets.js';
import { seedDemographics } from './demographics.js';
import { committeeTerms, people } from './people.js';
import { DEMO_PROGRAM_FILES, ELIGIBILITY_RULE_SET_KEY, RECERTIFICATION_RULE_SET_KEY } from './program.js';

type Tx = Prisma.TransactionClient;

const ruleFile = (key: string) => fileURLToPath(new URL(`../rules/sets/${key}.json`, import.meta.url));
export const eligibilityRuleFile = ruleFile(ELIGIBILITY_RULE_SET_KEY);
export const recertificationRuleFile = ruleFile(RECERTIFICATION_RULE_SET_KEY);

/** The demo's author and second approver: the committee chair drafts, the platform admin approves. */
const AUTHOR = 'ines';
const APPROVER = { personId: 'ari', roles: ['admin'] };

const monthsFrom = (asOf: string, months: number) =>
  new Date(addIsoDuration(asOf, `P${Math.abs(months)}M`, months < 0 ? -1 : 1));

/**
 * Idempotent: safe on every start. People are inserted once and left as they are. Each demo program is a
 * document (demo/programs/*.yaml) published the way a company publishes its own: its rule sets first,
 * then a draft of the document, a request for publication by its author and approval by a second person.
 * A program already published is left alone: later changes go through `certiflow programs apply` or the
 * portal, with a plan and a transition policy, like any program's.
 */
export async function seedDemoData(
  prisma: PrismaClient,
  asOf = new Date().toISOString(),
  /** When the programs were published: the demo company's history starts a year before `asOf`. */
  { publishedAt = asOf }: { publishedAt?: string } = {},
): Promise<{ ruleSetId: string; recertificationRuleSetId: string }> {
  await prisma.$transaction(async (tx) => {
    await seedPeople(tx, asOf);
    await seedDemographics(tx);
  });
  // Without a Temporal client: no journey can be on a program published here for the first time.
  // Published as of `asOf`, so a seeded database tells the same story whatever day a test runs.
  const now = () => new Date(publishedAt);
  const programs = createProgramService({ prisma, now });
  const ruleSets = createRuleSetService({ prisma, now });
  for (const file of DEMO_PROGRAM_FILES) await publishDemoProgram(prisma, programs, ruleSets, file);
  const latest = async (key: string) => (await prisma.ruleSet.findFirstOrThrow({ where: { key }, orderBy: { version: 'desc' }, select: { id: true } })).id;
  return { ruleSetId: await latest(ELIGIBILITY_RULE_SET_KEY), recertificationRuleSetId: await latest(RECERTIFICATION_RULE_SET_KEY) };
}

async function publishDemoProgram(
  prisma: PrismaClient,
  programs: ReturnType<typeof createProgramService>,
  ruleSets: ReturnType<typeof createRuleSetService>,
  file: string,
): Promise<void> {
  const text = await readFile(file, 'utf8');
  const parsed = parseProgramText(text);
  if (!parsed.ok) throw new Error(`${file}: ${parsed.problems.map((p) => `line ${p.line}: ${p.message}`).join('; ')}`);
  const document = parsed.parsed.value as ProgramDocument;
  if (await prisma.programVersion.findFirst({ where: { programId: document.id, status: 'published' }, select: { id: true } })) return;
  const draft = await programs.saveDraft({ text, author: AUTHOR });
  if (!draft.ok) throw new Error(`${file}: ${draft.error.message}`);
  const keys = [...new Set([...document.pathways.map((p) => p.eligibilityRuleSet), document.credential.recertification.ruleSet])];
  for (const key of keys) {
    if (await prisma.ruleSet.findFirst({ where: { key }, select: { id: true } })) continue;
    const ruleSet = await loadRuleSetFile(ruleFile(key));
    const saved = await ruleSets.saveDraft({ key, programId: ruleSet.programId, kind: ruleSet.kind, definition: ruleSet, author: AUTHOR });
    if (!saved.ok) throw new Error(`${key}: ${saved.error.message}`);
    const draftId = saved.value.draft.id;
    const requested = await ruleSets.requestPublication({ draftId, reason: ruleSet.kind === 'eligibility' ? 'Initial publication of the program criteria' : 'Initial publication of the re-certification criteria', policy: 'keep', requestedBy: AUTHOR });
    if (!requested.ok) throw new Error(`${key}: ${requested.error.message}`);
    if (requested.value.published) continue;
    const approved = await ruleSets.approvePublication({ draftId, approver: APPROVER });
    if (!approved.ok) throw new Error(`${key}: ${approved.error.message}`);
  }
  const versionId = draft.value.version.id;
  const requested = await programs.requestPublication({ versionId, requestedBy: AUTHOR, reason: `Initial publication of ${document.name}`, policies: {} });
  if (!requested.ok) throw new Error(`${file}: ${requested.error.message}${requested.problems ? `\n${requested.problems.map((p) => `line ${p.line ?? '?'}, ${p.path}: ${p.message}`).join('\n')}` : ''}`);
  if (requested.value.version.status === 'published') return;
  const approved = await programs.approve({ versionId, approver: APPROVER });
  if (!approved.ok) throw new Error(`${file}: ${approved.error.message}`);
}

/** The demo company's people enter through the people directory like any company's: versioned, audited. */
async function seedPeople(tx: Tx, asOf: string) {
  const directory = createPeopleDirectory({ prisma: tx as PrismaClient });
  const actor = { id: 'demo', source: 'demo' as const };
  // Managers first: every person's manager must exist before them.
  for (const person of people) {
    const { id, name, email, department, title, roles } = person;
    if (!(await tx.person.findUnique({ where: { id }, select: { id: true } }))) {
      const input = { name, email, department, title, assignedRoles: roles, managerId: person.managerId, hiredAt: monthsFrom(asOf, -person.monthsOfTenure), mentorCapacity: person.mentorCapacity ?? 0 };
      const created = await directory.create(input, actor, { id, tx });
      if (!created.ok) throw new Error(`demo person ${id}: ${created.error.message}`);
    }
    for (const courseCode of person.courses ?? []) {
      await tx.courseCompletion.upsert({
        where: { personId_courseCode: { personId: id, courseCode } },
        create: { id: `${id}:${courseCode}`, personId: id, courseCode, completedAt: monthsFrom(asOf, -2), source: 'demo' },
        update: {},
      });
    }
    for (const code of person.certifications ?? []) {
      await tx.heldCertification.upsert({
        where: { personId_code: { personId: id, code } },
        create: { id: `${id}:${code}`, personId: id, code, issuedAt: monthsFrom(asOf, -6), expiresAt: monthsFrom(asOf, 30), source: 'demo' },
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
