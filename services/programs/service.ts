import { addIsoDuration, isIsoDuration } from '../../domain/duration.js';
import { type DomainError, ErrorCode, fail, ok } from '../../domain/errors.js';
import { FINAL_STAGES } from '../../domain/journey.js';
import { Prisma, type PrismaClient } from '../../prisma/client.js';
import { type ProgramDiff, POLICY_AREA_NAMES, type PolicyArea, diffPrograms } from '../../programs/diff.js';
import { type ProgramDocument, programVersionId, requiresSecondApprover } from '../../programs/document.js';
import { pathwayTerms, programTerms } from '../../programs/terms.js';
import { parseProgramText } from '../../programs/parse.js';
import { type ProgramProblem, validateProgram } from '../../programs/validate.js';
import { REASON_MAX_LENGTH, REASON_MIN_LENGTH, TRANSITION_POLICIES, type TransitionPolicy } from '../../rules/publishing.js';
import { type ApplyProgramChangeInput, applyProgramChangeUpdate, type ProgramChangeStep } from '../../workflows/journey/messages.js';
import { type JourneyNotice, tellJourneys } from '../journey-notices.js';
import type { JourneyService } from '../journeys.js';
import type { RuleSetService } from '../rule-sets.js';
import { latestRuleSetIds, programCatalog } from './catalog.js';
import { programImpact, type ProgramImpact } from './impact.js';
import { writeProgramVersion } from './materialise.js';
import { fromProgram, fromTemplate, type ProgramTemplate, renameStart } from './start.js';

// Programs as data: drafts of a program document, the plan of what publishing one would change and for
// whom, four-eyes publication (the author asks, a second admin or program owner approves; both names kept),
// and applying a published version when it takes effect: the program's tables are rewritten and every
// journey of the program is told, each answer recorded. The CLI, GraphQL and the portal all come here.

export type ProgramResult<T> = { ok: true; value: T } | { ok: false; error: DomainError; problems?: ProgramProblem[] };

export type VersionRow = Prisma.ProgramVersionModel;

/** What one journey's workflow answered when told of the version. */
export type ProgramNotice = JourneyNotice;

export interface Approver {
  personId: string;
  roles: readonly string[];
}

export interface PublicationRequest {
  versionId: string;
  requestedBy: string;
  reason: string;
  /** One per changed policy area (ProgramDiff.areas). */
  policies: Partial<Record<PolicyArea, TransitionPolicy>>;
  /** ISO 8601 duration; required when any area takes the transition policy. */
  noticePeriod?: string | null;
  /** ISO 8601 instant; the version takes effect then (now when absent or past). */
  effectiveAt?: string | null;
}

export interface ProgramPlan {
  document: ProgramDocument;
  previousVersion: number | null;
  diff: ProgramDiff;
  impact: ProgramImpact;
  errors: ProgramProblem[];
  warnings: ProgramProblem[];
}

export interface ProgramServiceDeps {
  prisma: PrismaClient;
  /** How journeys are told; absent in a process without Temporal (the seed), which tells none. */
  journeys?: Pick<JourneyService, 'act'>;
  /** A new program's first version is approved together with the rule sets it names that wait for approval. */
  ruleSets?: Pick<RuleSetService, 'requestPublication' | 'approvePublication' | 'saveDraft'>;
  /** Starts the durable timer that applies a version at its future effective date. */
  scheduleApplication?: (versionId: string, effectiveAt: string) => Promise<void>;
  now?: () => Date;
}

const refuse = (problems: ProgramProblem[], what: string): { ok: false; error: DomainError; problems: ProgramProblem[] } => {
  const first = problems[0];
  const where = first ? `${first.line ? `line ${first.line}, ` : ''}${first.path}: ${first.message}` : '';
  return { ok: false, error: { code: ErrorCode.InvalidProgram, message: `${what} has ${problems.length} problem${problems.length === 1 ? '' : 's'}; the first: ${where}`, ...(first ? { path: first.path } : {}) }, problems };
};

export function createProgramService({ prisma, journeys, ruleSets, scheduleApplication, now = () => new Date() }: ProgramServiceDeps) {
  async function latestPublished(programId: string): Promise<{ version: number; document: ProgramDocument } | null> {
    const row = await prisma.programVersion.findFirst({ where: { programId, status: 'published' }, orderBy: { version: 'desc' }, select: { version: true, document: true } });
    return row ? { version: row.version, document: row.document as unknown as ProgramDocument } : null;
  }

  /** Full validation against the database, plus what only a next version must satisfy. */
  async function check(json: unknown, lineOf?: (problem: ProgramProblem) => ProgramProblem): Promise<{ document: ProgramDocument | null; errors: ProgramProblem[]; warnings: ProgramProblem[] }> {
    const id = typeof json === 'object' && json !== null ? (json as { id?: unknown }).id : undefined;
    const result = validateProgram(json, await programCatalog(prisma, typeof id === 'string' ? id : undefined));
    const errors = result.ok ? [] : [...result.errors];
    const document = result.ok ? result.value : null;
    if (document) errors.push(...(await collisions(document)));
    const place = lineOf ?? ((p) => p);
    return { document, errors: errors.map(place), warnings: result.warnings.map(place) };
  }

  /** Ids are global: a pathway or cohort id of another program cannot be reused, and versions go up by one. */
  async function collisions(document: ProgramDocument): Promise<ProgramProblem[]> {
    const problems: ProgramProblem[] = [];
    const latest = await latestPublished(document.id);
    const expected = (latest?.version ?? 0) + 1;
    if (document.version !== expected) {
      problems.push({ path: '$.version', message: `must be ${expected}, the next version of ${document.id}${latest ? ` (${latest.version} is published)` : ''}` });
    }
    const pathways = await prisma.pathway.findMany({ where: { id: { in: document.pathways.map((p) => p.id) }, programId: { not: document.id } }, select: { id: true, programId: true } });
    for (const taken of pathways) problems.push({ path: `$.pathways[${document.pathways.findIndex((p) => p.id === taken.id)}].id`, message: `"${taken.id}" is a pathway of ${taken.programId}; pathway ids are unique across programs` });
    const cohorts = await prisma.cohort.findMany({ where: { id: { in: (document.cohorts ?? []).map((c) => c.id) }, programId: { not: document.id } }, select: { id: true, programId: true } });
    for (const taken of cohorts) problems.push({ path: `$.cohorts[${(document.cohorts ?? []).findIndex((c) => c.id === taken.id)}].id`, message: `"${taken.id}" is a cohort of ${taken.programId}; cohort ids are unique across programs` });
    return problems;
  }

  /** A text (YAML or JSON) or an already parsed document, with every problem placed at its line when there is text. */
  async function read(source: { text: string } | { document: unknown }) {
    if ('document' in source) return { json: source.document, ...(await check(source.document)) };
    const parsed = parseProgramText(source.text);
    if (!parsed.ok) return { json: undefined, document: null, errors: parsed.problems, warnings: [] };
    const { value, lineOf } = parsed.parsed;
    return { json: value, ...(await check(value, (p) => ({ ...p, line: lineOf(p.path) }))) };
  }

  /** Drafts of this program's rule sets that the document names and that have no published version yet. */
  async function unpublishedRuleSetDrafts(document: ProgramDocument) {
    const keys = [...new Set([...document.pathways.map((p) => p.eligibilityRuleSet), document.credential.recertification.ruleSet])];
    const published = new Set((await prisma.ruleSet.findMany({ where: { key: { in: keys } }, select: { key: true } })).map((r) => r.key));
    return prisma.ruleSetDraft.findMany({ where: { programId: document.id, key: { in: keys.filter((k) => !published.has(k)) } }, orderBy: { createdAt: 'asc' } });
  }

  async function audit(tx: Prisma.TransactionClient | PrismaClient, programId: string, version: number, action: string, actorId: string, note?: string | null) {
    await tx.programAudit.create({ data: { programId, version, action, actorId, note: note ?? null } });
  }

  async function planFor(document: ProgramDocument, errors: ProgramProblem[], warnings: ProgramProblem[]): Promise<ProgramPlan> {
    const previous = await latestPublished(document.id);
    const diff = diffPrograms(previous?.document ?? null, document);
    const impact = await programImpact(prisma, previous?.document ?? null, document, diff, now().toISOString());
    return { document, previousVersion: previous?.version ?? null, diff, impact, errors, warnings };
  }

  const service = {
    /** Validates a document (text or parsed) against the schema, the database and the next version. */
    async validate(source: { text: string } | { document: unknown }) {
      const { document, errors, warnings } = await read(source);
      return { valid: errors.length === 0 && document !== null, errors, warnings };
    },

    /** The change a document would make to the published program and who it would reach. Reads only. */
    async plan(source: { text: string } | { document: unknown } | { versionId: string }): Promise<ProgramResult<ProgramPlan>> {
      if ('versionId' in source) {
        const row = await prisma.programVersion.findUnique({ where: { id: source.versionId } });
        if (!row) return fail(ErrorCode.NotFound, `There is no program version ${source.versionId}.`, 'versionId');
        source = { document: row.document };
      }
      const { document, errors, warnings } = await read(source);
      if (!document) return refuse(errors, 'The program document');
      return ok(await planFor(document, errors, warnings));
    },

    /** Saved whatever its problems (work is never lost), as long as it names its program and version. */
    async saveDraft(input: ({ text: string } | { document: unknown }) & { author: string }): Promise<ProgramResult<{ version: VersionRow; errors: ProgramProblem[]; warnings: ProgramProblem[] }>> {
      const { json, errors, warnings } = await read(input);
      const head = (json ?? {}) as { id?: unknown; version?: unknown };
      if (typeof head.id !== 'string' || !/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(head.id) || !Number.isInteger(head.version)) {
        return refuse(errors.length > 0 ? errors : [{ path: '$.id', message: 'a draft needs an id in kebab-case and an integer version' }], 'The program document');
      }
      const programId = head.id;
      const version = head.version as number;
      const versionProblem = errors.find((e) => e.path === '$.version');
      if (versionProblem) return refuse([versionProblem], 'The program document');
      const id = programVersionId(programId, version);
      const existing = await prisma.programVersion.findUnique({ where: { id } });
      if (existing && existing.status !== 'draft') return fail(ErrorCode.InvalidInput, `${id} is ${existing.status.replace('_', ' ')}; it can no longer be edited. Save the next version instead.`, '$.version');
      const data = { document: json as Prisma.InputJsonValue };
      const row = await prisma.$transaction(async (tx) => {
        const saved = existing
          ? await tx.programVersion.update({ where: { id }, data })
          : await tx.programVersion.create({ data: { id, programId, version, status: 'draft', author: input.author, ...data } });
        await audit(tx, programId, version, existing ? 'edited' : 'drafted', input.author);
        return saved;
      });
      return ok({ version: row, errors, warnings });
    },

    /**
     * A new program, from a template or a copy of a published one: its first version as a draft owned by
     * its author, and drafts of its eligibility and re-certification rule sets (approved with the program).
     */
    async start(input: { id: string; name: string; author: string; from: { template: ProgramTemplate } | { copyOf: string } }): Promise<ProgramResult<{ version: VersionRow; errors: ProgramProblem[]; warnings: ProgramProblem[] }>> {
      if (!ruleSets) return fail(ErrorCode.WorkflowUnavailable, 'Rule sets cannot be drafted in this process.');
      const id = input.id.trim();
      if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(id) || id.length > 60) return fail(ErrorCode.InvalidInput, 'The program id is lower-case words joined by hyphens, e.g. incident-command.', 'id');
      if (!input.name.trim()) return fail(ErrorCode.InvalidInput, 'The program needs a name.', 'name');
      const taken = (await prisma.program.findUnique({ where: { id }, select: { id: true } })) ?? (await prisma.programVersion.findFirst({ where: { programId: id }, select: { id: true } }));
      if (taken) return fail(ErrorCode.InvalidInput, `A program ${id} exists already; choose another id.`, 'id');
      const source = 'template' in input.from ? await fromTemplate(input.from.template) : await fromProgram(prisma, input.from.copyOf);
      if (!source) return fail(ErrorCode.NotFound, `There is no published program ${'copyOf' in input.from ? input.from.copyOf : ''} to copy.`, 'copyOf');
      const start = renameStart(source, { id, name: input.name.trim(), owner: input.author });
      const saved = await service.saveDraft({ document: start.document, author: input.author });
      if (!saved.ok) return saved;
      for (const ruleSet of start.ruleSets) {
        const drafted = await ruleSets.saveDraft({ key: ruleSet.key, programId: id, kind: ruleSet.kind, definition: ruleSet.definition, author: input.author });
        if (!drafted.ok) return drafted;
      }
      // Checked again now that its rule sets exist as drafts.
      const { errors, warnings } = await check(start.document);
      return ok({ version: saved.value.version, errors, warnings });
    },

    /**
     * The author (or anyone allowed to edit) asks for publication: the document is frozen, the decision
     * (reason, a policy for every changed area, notice period, effective date) is kept with it, and, when
     * the program asks for four eyes, it waits for a second person. Otherwise it is published at once.
     */
    async requestPublication(input: PublicationRequest): Promise<ProgramResult<{ version: VersionRow; notices: ProgramNotice[] | null }>> {
      const row = await prisma.programVersion.findUnique({ where: { id: input.versionId } });
      if (!row) return fail(ErrorCode.NotFound, `There is no program version ${input.versionId}.`, 'versionId');
      if (row.status !== 'draft') return fail(ErrorCode.InvalidInput, `${row.id} is already ${row.status.replace('_', ' ')}.`, 'versionId');
      // The rule sets a new program names are asked for with it, and approved with it.
      if (ruleSets && typeof (row.document as { pathways?: unknown }).pathways === 'object') {
        for (const draft of await unpublishedRuleSetDrafts(row.document as unknown as ProgramDocument)) {
          if (draft.requestedBy) continue;
          const asked = await ruleSets.requestPublication({ draftId: draft.id, reason: input.reason, policy: 'keep', requestedBy: input.requestedBy });
          if (!asked.ok) return asked;
        }
      }
      const { document, errors } = await check(row.document);
      if (!document || errors.length > 0) return refuse(errors, row.id);
      const previous = await latestPublished(document.id);
      const diff = diffPrograms(previous?.document ?? null, document);
      const problem = checkDecision(input, diff, now());
      if (problem) return { ok: false, error: problem };
      const fourEyes = requiresSecondApprover(document) || (previous !== null && requiresSecondApprover(previous.document));
      const policies = Object.fromEntries(diff.areas.map((area) => [area, input.policies[area]!]));
      const requested = await prisma.$transaction(async (tx) => {
        const updated = await tx.programVersion.update({
          where: { id: row.id, status: 'draft' },
          data: {
            status: 'pending_approval',
            reason: input.reason.trim(),
            policies,
            noticePeriod: input.noticePeriod ?? null,
            effectiveAt: input.effectiveAt ? new Date(input.effectiveAt) : null,
            requestedBy: input.requestedBy,
            requestedAt: now(),
          },
        });
        await audit(tx, row.programId, row.version, 'requested', input.requestedBy, input.reason.trim());
        return updated;
      });
      if (fourEyes) return ok({ version: requested, notices: null });
      // Four eyes turned off by the program (and by its published version): the requester approves.
      return service.approve({ versionId: row.id, approver: { personId: input.requestedBy, roles: ['admin'] } }, { selfApproval: true });
    },

    /** A second admin or program owner approves: never the author nor the requester. */
    async approve(input: { versionId: string; approver: Approver }, options: { selfApproval?: boolean } = {}): Promise<ProgramResult<{ version: VersionRow; notices: ProgramNotice[] | null }>> {
      const row = await prisma.programVersion.findUnique({ where: { id: input.versionId } });
      if (!row) return fail(ErrorCode.NotFound, `There is no program version ${input.versionId}.`, 'versionId');
      if (row.status !== 'pending_approval') return fail(ErrorCode.InvalidInput, `${row.id} is ${row.status.replace('_', ' ')}, not waiting for approval.`, 'versionId');
      const { personId, roles } = input.approver;
      if (!options.selfApproval && (personId === row.author || personId === row.requestedBy)) {
        return fail(ErrorCode.Forbidden, `${personId} wrote or requested ${row.id}; a second admin or program owner must approve it.`, 'versionId');
      }
      const document = row.document as unknown as ProgramDocument;
      const previous = await latestPublished(row.programId);
      const owners = new Set([...document.owners, ...(previous?.document.owners ?? [])]);
      if (!roles.includes('admin') && !(roles.includes('program_owner') && owners.has(personId))) {
        return fail(ErrorCode.Forbidden, `Only an admin or an owner of ${row.programId} may approve its versions.`, 'versionId');
      }
      for (const draft of ruleSets ? await unpublishedRuleSetDrafts(document) : []) {
        if (!draft.requestedBy) continue;
        const approvedRules = await ruleSets!.approvePublication({ draftId: draft.id, approver: input.approver });
        if (!approvedRules.ok) return approvedRules;
      }
      // Checked again: a rule set or another program may have changed since the request.
      const { errors } = await check(row.document);
      if (errors.length > 0) return refuse(errors, row.id);
      const at = now();
      const effectiveAt = row.effectiveAt && row.effectiveAt > at ? row.effectiveAt : at;
      const approved = await prisma.$transaction(async (tx) => {
        const updated = await tx.programVersion.update({ where: { id: row.id, status: 'pending_approval' }, data: { status: 'published', approvedBy: personId, approvedAt: at, effectiveAt } });
        await audit(tx, row.programId, row.version, 'approved', personId);
        return updated;
      });
      if (effectiveAt > at) {
        await scheduleApplication?.(row.id, effectiveAt.toISOString());
        return ok({ version: approved, notices: null });
      }
      const applied = await service.apply(row.id);
      return applied.ok ? ok({ version: applied.value.version, notices: applied.value.notices }) : applied;
    },

    /** Sends a requested version back to draft, with the reason; the requester may also withdraw it. */
    async reject(input: { versionId: string; actor: Approver; note: string }): Promise<ProgramResult<VersionRow>> {
      const row = await prisma.programVersion.findUnique({ where: { id: input.versionId } });
      if (!row) return fail(ErrorCode.NotFound, `There is no program version ${input.versionId}.`, 'versionId');
      if (row.status !== 'pending_approval') return fail(ErrorCode.InvalidInput, `${row.id} is ${row.status.replace('_', ' ')}, not waiting for approval.`, 'versionId');
      const note = input.note.trim();
      if (note.length < REASON_MIN_LENGTH) return fail(ErrorCode.InvalidInput, `Say why, in at least ${REASON_MIN_LENGTH} characters: the author reads it.`, 'note');
      const document = row.document as unknown as ProgramDocument;
      const { personId, roles } = input.actor;
      if (personId !== row.requestedBy && !roles.includes('admin') && !(roles.includes('program_owner') && document.owners.includes(personId))) {
        return fail(ErrorCode.Forbidden, `Only an admin, an owner of ${row.programId} or the requester may send ${row.id} back.`, 'versionId');
      }
      return ok(
        await prisma.$transaction(async (tx) => {
          const updated = await tx.programVersion.update({ where: { id: row.id }, data: { status: 'draft', requestedBy: null, requestedAt: null, reason: null, policies: Prisma.DbNull, noticePeriod: null, effectiveAt: null } });
          await audit(tx, row.programId, row.version, personId === row.requestedBy ? 'withdrawn' : 'rejected', personId, note.slice(0, REASON_MAX_LENGTH));
          return updated;
        }),
      );
    },

    /**
     * Applies a published version whose effective date has come: the program's tables take its terms and
     * every journey of the program not yet ended is told (areas with the keep policy are left out). Safe to
     * repeat: an applied version returns what it recorded.
     */
    async apply(versionId: string): Promise<ProgramResult<{ version: VersionRow; notices: ProgramNotice[] }>> {
      const row = await prisma.programVersion.findUnique({ where: { id: versionId } });
      if (!row) return fail(ErrorCode.NotFound, `There is no program version ${versionId}.`, 'versionId');
      if (row.status === 'superseded') return ok({ version: row, notices: [] });
      if (row.status !== 'published') return fail(ErrorCode.InvalidInput, `${row.id} is ${row.status.replace('_', ' ')}, not published.`, 'versionId');
      if (row.appliedAt) return ok({ version: row, notices: (row.results ?? []) as unknown as ProgramNotice[] });
      const document = row.document as unknown as ProgramDocument;
      // A later version that took effect first (approved for an earlier date) carries this one's terms
      // too: this version never takes effect and leaves the program's pages' coming changes.
      const newer = await prisma.programVersion.findFirst({ where: { programId: row.programId, version: { gt: row.version }, appliedAt: { not: null } }, select: { id: true } });
      if (newer) {
        const superseded = await prisma.$transaction(async (tx) => {
          await audit(tx, row.programId, row.version, 'superseded', 'certiflow', `${newer.id} took effect first`);
          return tx.programVersion.update({ where: { id: row.id }, data: { status: 'superseded', results: [] } });
        });
        return ok({ version: superseded, notices: [] });
      }
      const keys = [...document.pathways.map((p) => p.eligibilityRuleSet), document.credential.recertification.ruleSet];
      const ruleSetId = await latestRuleSetIds(prisma, keys);
      const previous = await prisma.programVersion.findFirst({ where: { programId: row.programId, version: { lt: row.version }, appliedAt: { not: null } }, orderBy: { version: 'desc' }, select: { document: true } });
      const diff = diffPrograms((previous?.document ?? null) as unknown as ProgramDocument | null, document);
      const at = now();
      const targets = await prisma.$transaction(async (tx) => {
        await writeProgramVersion(tx, document, ruleSetId, at);
        await tx.programVersion.update({ where: { id: row.id }, data: { appliedAt: at } });
        await audit(tx, row.programId, row.version, 'applied', 'certiflow');
        const journeysOfProgram = await tx.journey.findMany({ where: { programId: row.programId, stage: { notIn: [...FINAL_STAGES] } }, orderBy: { id: 'asc' }, select: { id: true } });
        return journeysOfProgram.map((j) => j.id);
      });
      const policies = (row.policies ?? {}) as Partial<Record<PolicyArea, TransitionPolicy>>;
      const steps: ProgramChangeStep[] = diff.areas.flatMap((area) => {
        const policy = policies[area];
        if (!policy || policy === 'keep') return [];
        const effectiveAt = policy === 'transition' && row.noticePeriod ? addIsoDuration(at.toISOString(), row.noticePeriod) : at.toISOString();
        return [{ area, policy, effectiveAt }];
      });
      const notice: ApplyProgramChangeInput = {
        programVersionId: row.id,
        version: row.version,
        reason: row.reason ?? '',
        publishedBy: row.approvedBy ?? row.requestedBy ?? row.author,
        steps,
        program: programTerms(document, ruleSetId),
        pathways: document.pathways.map((p) => pathwayTerms(document, p, ruleSetId)),
      };
      const notices = steps.length > 0 ? await tellJourneys(journeys, targets, applyProgramChangeUpdate, notice, (journeyId) => `program-change:${row.id}:${journeyId}`) : [];
      const version = await prisma.programVersion.update({ where: { id: row.id }, data: { results: notices as unknown as Prisma.InputJsonValue } });
      return ok({ version, notices });
    },

    /** Published versions whose effective date has passed but were not applied (a missed timer, a restart). */
    async dueVersions(): Promise<string[]> {
      const due = await prisma.programVersion.findMany({ where: { status: 'published', appliedAt: null, effectiveAt: { lte: now() } }, orderBy: [{ programId: 'asc' }, { version: 'asc' }], select: { id: true } });
      return due.map((v) => v.id);
    },
  };
  return service;
}

export type ProgramService = ReturnType<typeof createProgramService>;

function checkDecision(input: PublicationRequest, diff: ProgramDiff, at: Date): DomainError | null {
  const invalid = (path: string, message: string): DomainError => ({ code: ErrorCode.InvalidInput, message, path });
  const reason = input.reason.trim();
  if (reason.length < REASON_MIN_LENGTH) return invalid('reason', `Say why the program changes, in at least ${REASON_MIN_LENGTH} characters: the reason is kept with the version.`);
  if (reason.length > REASON_MAX_LENGTH) return invalid('reason', `The reason is at most ${REASON_MAX_LENGTH} characters.`);
  for (const [area, policy] of Object.entries(input.policies)) {
    if (!(POLICY_AREA_NAMES as string[]).includes(area)) return invalid(`policies.${area}`, `"${area}" is not a change area; the areas are ${POLICY_AREA_NAMES.join(', ')}.`);
    if (!(TRANSITION_POLICIES as readonly string[]).includes(String(policy))) return invalid(`policies.${area}`, `The policy must be one of ${TRANSITION_POLICIES.join(', ')}.`);
  }
  for (const area of diff.areas) {
    if (!input.policies[area]) return invalid(`policies.${area}`, `The ${area} changes: say what happens to people already midway (keep, transition or immediate).`);
  }
  const transitions = diff.areas.some((area) => input.policies[area] === 'transition');
  const period = input.noticePeriod ?? undefined;
  if (transitions) {
    if (!period) return invalid('noticePeriod', 'A transition needs a notice period, e.g. P30D.');
    if (!isIsoDuration(period) || addIsoDuration(at.toISOString(), period) <= at.toISOString()) return invalid('noticePeriod', `"${period}" is not a positive ISO 8601 duration such as P30D.`);
  } else if (period !== undefined) {
    return invalid('noticePeriod', 'A notice period applies only when some area takes the transition policy.');
  }
  if (input.effectiveAt && Number.isNaN(Date.parse(input.effectiveAt))) return invalid('effectiveAt', `"${input.effectiveAt}" is not an ISO 8601 date or instant.`);
  return null;
}
