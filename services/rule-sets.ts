import { isUniqueViolation } from '../prisma/errors.js';
import { loadFactCatalog } from './fact-catalog.js';
import type { FactCatalog } from '../rules/facts.js';
import { isIsoDuration } from '../domain/duration.js';
import { type DomainError, ErrorCode, fail, ok } from '../domain/errors.js';
import { FINAL_STAGES } from '../domain/journey.js';
import { Prisma, type PrismaClient } from '../prisma/client.js';
import { diffRuleSets, type RuleSetDiff } from '../rules/diff.js';
import { checkDraft, isRuleSetKind, type LatestVersion, ruleSetVersionId } from '../rules/drafts.js';
import { candidateFacts } from '../rules/facts.js';
import { candidateRecordSelect, toCandidateRecord } from './candidate-records.js';
import { planPublication, REASON_MIN_LENGTH, type TransitionPolicy } from '../rules/publishing.js';
import { type DueReview, nextReviewDue, REVIEW_OUTCOMES, selectDueReviews } from '../rules/review.js';
import { type SimulationReport, type SimulationSubject, simulate, type VersionedRuleSet } from '../rules/simulate.js';
import { depthError, type RuleSetError, validateRuleSet } from '../rules/validate.js';
import { type ApplyRuleChangeInput, applyRuleChangeUpdate } from '../workflows/journey/messages.js';
import { tellJourneys } from './journey-notices.js';
import type { JourneyService } from './journeys.js';

/** Review key of a pathway's rubric; its reviews live beside the rule sets' (RuleSetReview). */
export const RUBRIC_REVIEW_PREFIX = 'rubric:';

// Rule-set administration: drafts, publication with a transition policy for journeys in flight, diffs,
// what-if simulation and periodic review. Decisions live in rules/; this module reads and writes the
// database and tells running journeys of a new version through the workflow's applyRuleChange update.

/** A refusal; an invalid rule set also lists every problem with its JSON path. */
export type RuleSetResult<T> = { ok: true; value: T } | { ok: false; error: DomainError; problems?: RuleSetError[] };

export type { JourneyNotice } from './journey-notices.js';

export interface PublishInput {
  draftId: string;
  reason: string;
  policy: TransitionPolicy;
  transitionPeriod?: string | null;
  reviewPeriod?: string | null;
  publishedBy: string;
  /** The second person who approved (four eyes); absent when the program does not ask for one. */
  approvedBy?: string | null;
}

/** The decision kept on a draft while it waits for a second person. */
export type PublicationRequest = Omit<PublishInput, 'draftId' | 'publishedBy' | 'approvedBy'>;

export interface Approver {
  personId: string;
  roles: readonly string[];
}

export interface Published {
  ruleSet: Prisma.RuleSetModel;
  /** Absent for a key's first version: no journey can be on an earlier one. */
  transition: Prisma.RuleTransitionModel | null;
}

export interface RuleSetServiceDeps {
  prisma: PrismaClient;
  /** How journeys are told; absent in a process without Temporal (the seed), which tells none. */
  journeys?: Pick<JourneyService, 'act'>;
  now?: () => Date;
}

const refuse = (errors: RuleSetError[], what: string): { ok: false; error: DomainError; problems: RuleSetError[] } => ({
  ok: false,
  error: { code: ErrorCode.InvalidRuleSet, message: `${what} has ${errors.length} problem${errors.length === 1 ? '' : 's'}; the first: ${errors[0]?.path}: ${errors[0]?.message}`, ...(errors[0] ? { path: errors[0].path } : {}) },
  problems: errors,
});

async function gatherPopulation(prisma: PrismaClient, ruleSet: VersionedRuleSet, asOf: string, catalog: FactCatalog): Promise<RuleSetResult<SimulationSubject[]>> {
  // Only the columns simulation needs, so it also reads a database whose newest migrations are not applied.
  const versions = await prisma.ruleSet.findMany({ where: { key: ruleSet.id }, orderBy: { version: 'desc' }, select: { id: true, definition: true } });
  const published = new Map<string, VersionedRuleSet>();
  for (const version of versions) {
    const checked = validateRuleSet(version.definition, catalog);
    if (checked.ok) published.set(version.id, { ...checked.value, ruleSetId: version.id });
  }
  const latest = versions[0] && published.get(versions[0].id);
  if (!latest) return fail(ErrorCode.NotFound, `${ruleSet.id} has no valid published version to compare the draft with.`, '$.id');
  const rows = await prisma.journey.findMany({
    where: { programId: ruleSet.programId },
    orderBy: { id: 'asc' },
    select: { id: true, stage: true, ruleSetId: true, candidate: { select: { id: true, name: true, ...candidateRecordSelect } } },
  });
  return ok(
    rows.map(({ candidate: c, ...journey }) => ({
      personId: c.id,
      name: c.name,
      journeyId: journey.id,
      stage: journey.stage,
      group: (FINAL_STAGES as readonly string[]).includes(journey.stage) ? 'past_candidate' : 'in_flight',
      baseline: (journey.ruleSetId ? published.get(journey.ruleSetId) : undefined) ?? latest,
      // The same mapping as the evaluateEligibility activity; what counts as a fact is decided in rules/facts.ts.
      facts: { ...candidateFacts(toCandidateRecord(c), asOf, catalog) },
    })),
  );
}

/**
 * Evaluates a rule-set file (validated first) for every journey of its program, in flight or past, beside
 * the version that applies to each today, with facts as of `asOf`. Reads only; also used by the CLI.
 */
export async function simulateAgainstDatabase(prisma: PrismaClient, definition: unknown, asOf: string): Promise<RuleSetResult<SimulationReport>> {
  const catalog = await loadFactCatalog(prisma);
  const checked = validateRuleSet(definition, catalog);
  if (!checked.ok) return refuse(checked.errors, 'The rule set');
  const draft = { ...checked.value, ruleSetId: ruleSetVersionId(checked.value.id, checked.value.version) };
  const subjects = await gatherPopulation(prisma, draft, asOf, catalog);
  return subjects.ok ? ok(await simulate(draft, { asOf, subjects: subjects.value, catalog })) : subjects;
}

export function createRuleSetService({ prisma, journeys, now = () => new Date() }: RuleSetServiceDeps) {
  async function latestVersion(key: string): Promise<(LatestVersion & { id: string }) | null> {
    return prisma.ruleSet.findFirst({ where: { key }, orderBy: { version: 'desc' }, select: { id: true, version: true, programId: true, kind: true } });
  }

  /** A published version by id, or a draft by id (a diff may compare either). */
  async function loadDefinition(id: string): Promise<RuleSetResult<VersionedRuleSet>> {
    const row = (await prisma.ruleSet.findUnique({ where: { id }, select: { definition: true } })) ?? (await prisma.ruleSetDraft.findUnique({ where: { id }, select: { definition: true } }));
    if (!row) return fail(ErrorCode.NotFound, `No published rule set or draft has the id ${id}.`, 'id');
    const checked = validateRuleSet(row.definition, await loadFactCatalog(prisma));
    return checked.ok ? ok({ ...checked.value, ruleSetId: id }) : refuse(checked.errors, id);
  }

  /** An unsaved definition, named by the version it would become (`<key>@<version>`). */
  async function checkedDefinition(definition: unknown): Promise<RuleSetResult<VersionedRuleSet>> {
    const checked = validateRuleSet(definition, await loadFactCatalog(prisma));
    return checked.ok ? ok({ ...checked.value, ruleSetId: ruleSetVersionId(checked.value.id, checked.value.version) }) : refuse(checked.errors, 'The rule set');
  }

  const service = {
    /** A published version's definition as stored (what a pathway's published criteria describe), or null. */
    async publishedDefinition(id: string): Promise<unknown | null> {
      return (await prisma.ruleSet.findUnique({ where: { id }, select: { definition: true } }))?.definition ?? null;
    },

    /** Saved whatever its state (work in progress is never lost); `problems` says what blocks publication. */
    async saveDraft(input: { id?: string | null; key: string; programId: string; kind: string; definition: unknown; author: string }) {
      const key = input.key.trim();
      if (!key) return fail(ErrorCode.InvalidInput, 'A rule set needs a key, e.g. "cloud-architecture-practitioner.eligibility".', 'key');
      if (!isRuleSetKind(input.kind)) return fail(ErrorCode.InvalidInput, `Unknown kind "${input.kind}".`, 'kind');
      if (input.definition === null || input.definition === undefined) return fail(ErrorCode.InvalidInput, 'The definition must be a JSON value.', 'definition');
      // Work in progress is kept even when invalid, but not a document too deep to read back: stored, it
      // would fail every later check, diff and simulation of the draft.
      const tooDeep = depthError(input.definition);
      if (tooDeep) return fail(ErrorCode.InvalidInput, `The definition ${tooDeep.message} (at ${tooDeep.path}); it was not saved.`, 'definition');
      // A new program's rule sets come before its first version, which names them: a draft version will do.
      const program = (await prisma.program.findUnique({ where: { id: input.programId }, select: { id: true } })) ?? (await prisma.programVersion.findFirst({ where: { programId: input.programId }, select: { id: true } }));
      if (!program) {
        return fail(ErrorCode.NotFound, `Program ${input.programId} does not exist; save a draft of its document first.`, 'programId');
      }
      const latest = await latestVersion(key);
      if (latest && latest.programId !== input.programId) {
        return fail(ErrorCode.InvalidInput, `${key} belongs to program ${latest.programId}.`, 'programId');
      }
      const data = { key, programId: input.programId, kind: input.kind, basedOnVersion: latest?.version ?? null, definition: input.definition as Prisma.InputJsonValue, author: input.author };
      const existing = input.id ? await prisma.ruleSetDraft.findUnique({ where: { id: input.id }, select: { requestedBy: true } }) : null;
      if (input.id && !existing) return fail(ErrorCode.NotFound, `There is no draft ${input.id}; it may have been published.`, 'id');
      if (existing?.requestedBy) {
        return fail(ErrorCode.InvalidInput, `Draft ${input.id} is waiting for approval (asked by ${existing.requestedBy}); it cannot change until it is approved or sent back.`, 'id');
      }
      const draft = input.id ? await prisma.ruleSetDraft.update({ where: { id: input.id }, data }) : await prisma.ruleSetDraft.create({ data });
      const checked = checkDraft(draft, latest, await loadFactCatalog(prisma));
      return ok({ draft, errors: checked.ok ? [] : checked.errors });
    },

    /** What stands between a saved draft and publication, checked against the versions published now. */
    async draftProblems(draft: { key: string; programId: string; kind: string; definition: unknown }): Promise<RuleSetError[]> {
      const checked = checkDraft(draft, await latestVersion(draft.key), await loadFactCatalog(prisma));
      return checked.ok ? [] : checked.errors;
    },

    /** What a definition that fits as the key's next version must also satisfy, besides validateRuleSet. */
    async problemsAsNextVersion(key: string, definition: unknown): Promise<RuleSetError[]> {
      const latest = await latestVersion(key);
      // A key not published yet takes its program and kind from the file itself.
      const own = typeof definition === 'object' && definition !== null ? (definition as Record<string, unknown>) : {};
      const programId = latest?.programId ?? (typeof own.programId === 'string' ? own.programId : '');
      const kind = latest?.kind ?? (typeof own.kind === 'string' ? own.kind : '');
      const checked = checkDraft({ key, programId, kind, definition }, latest, await loadFactCatalog(prisma));
      return checked.ok ? [] : checked.errors;
    },

    /** `to` is a published id or draft id, or a definition not saved anywhere (an editor's text). */
    async diff(fromId: string, to: string | { definition: unknown }): Promise<RuleSetResult<RuleSetDiff>> {
      const from = await loadDefinition(fromId);
      if (!from.ok) return from;
      const newer = typeof to === 'string' ? await loadDefinition(to) : await checkedDefinition(to.definition);
      return newer.ok ? ok(diffRuleSets(from.value, newer.value)) : newer;
    },

    async simulateDraft(draftId: string, asOf?: string): Promise<RuleSetResult<SimulationReport>> {
      const draft = await prisma.ruleSetDraft.findUnique({ where: { id: draftId }, select: { definition: true } });
      if (!draft) return fail(ErrorCode.NotFound, `There is no draft ${draftId}.`, 'draftId');
      return simulateAgainstDatabase(prisma, draft.definition, asOf ?? now().toISOString());
    },

    /** A definition not saved anywhere (an editor's text), simulated like a draft. Reads only. */
    simulateDefinition(definition: unknown, asOf?: string): Promise<RuleSetResult<SimulationReport>> {
      return simulateAgainstDatabase(prisma, definition, asOf ?? now().toISOString());
    },

    /**
     * Publishes the draft as an immutable version, moves the pathways and programs that used the previous
     * version to it (new enrolments follow it), opens its periodic review, removes the draft, then tells
     * every journey in flight on the previous version through applyRuleChange, each answer recorded.
     */
    async publish(input: PublishInput): Promise<RuleSetResult<Published>> {
      const draft = await prisma.ruleSetDraft.findUnique({ where: { id: input.draftId } });
      if (!draft) return fail(ErrorCode.NotFound, `There is no draft ${input.draftId}; it may have been published already.`, 'draftId');
      const latest = await latestVersion(draft.key);
      const checked = checkDraft(draft, latest, await loadFactCatalog(prisma));
      if (!checked.ok) return refuse(checked.errors, `Draft ${draft.id}`);
      const publishedAt = now().toISOString();
      const planned = planPublication(checked.value, { ...input, publishedAt });
      if (!planned.ok) return planned;
      const plan = planned.value;
      const ruleSet = checked.value;
      const previousRuleSetId = latest?.id ?? null;
      let targets: string[] = [];
      let transitionId: string | null = null;
      let row: Published['ruleSet'];
      try {
        row = await prisma.$transaction(async (tx) => {
          const created = await tx.ruleSet.create({
            data: {
              id: plan.ruleSetId,
              key: ruleSet.id,
              programId: ruleSet.programId,
              kind: ruleSet.kind,
              version: plan.version,
              description: ruleSet.description,
              definition: ruleSet as unknown as Prisma.InputJsonValue,
              publishedAt: new Date(publishedAt),
              publishedBy: input.publishedBy,
              approvedBy: input.approvedBy ?? null,
              reason: plan.reason,
              reviewDueOn: new Date(plan.reviewDueOn),
            },
          });
          if (previousRuleSetId) {
            await tx.pathway.updateMany({ where: { eligibilityRuleSetId: previousRuleSetId }, data: { eligibilityRuleSetId: plan.ruleSetId } });
            await tx.program.updateMany({ where: { recertificationRuleSetId: previousRuleSetId }, data: { recertificationRuleSetId: plan.ruleSetId } });
            const inFlight = await tx.journey.findMany({ where: { ruleSetId: previousRuleSetId, stage: { notIn: [...FINAL_STAGES] } }, orderBy: { id: 'asc' }, select: { id: true } });
            targets = inFlight.map((j) => j.id);
            const pending = targets.map((journeyId) => ({ journeyId, accepted: null }));
            const transition = await tx.ruleTransition.create({
              data: { ruleSetId: plan.ruleSetId, previousRuleSetId, policy: input.policy, effectiveAt: new Date(plan.effectiveAt), journeysNotified: 0, results: pending },
            });
            transitionId = transition.id;
          }
          const supersededNote = `Superseded by ${plan.ruleSetId}: ${plan.reason}`;
          await tx.ruleSetReview.updateMany({ where: { ruleSetKey: ruleSet.id, reviewedOn: null }, data: { reviewedOn: new Date(publishedAt), reviewer: input.publishedBy, outcome: 'superseded', notes: supersededNote } });
          await tx.ruleSetReview.create({ data: { ruleSetKey: ruleSet.id, dueOn: new Date(plan.reviewDueOn) } });
          await tx.ruleSetDraft.delete({ where: { id: draft.id } });
          return created;
        });
      } catch (error) {
        if (isUniqueViolation(error)) return fail(ErrorCode.InvalidInput, `${plan.ruleSetId} was published meanwhile; save the draft again as the next version.`, '$.version');
        throw error;
      }
      if (!previousRuleSetId || !transitionId) return ok({ ruleSet: row, transition: null });
      const { policy, publishedBy } = input;
      const notice: ApplyRuleChangeInput = { previousRuleSetId, ruleSetId: plan.ruleSetId, policy, effectiveAt: plan.effectiveAt, publishedBy, reason: plan.reason };
      const results = await tellJourneys(journeys, targets, applyRuleChangeUpdate, notice, (journeyId) => `rule-change:${notice.ruleSetId}:${journeyId}`);
      const transition = await prisma.ruleTransition.update({
        where: { id: transitionId },
        data: { results: results as unknown as Prisma.InputJsonValue, journeysNotified: results.filter((r) => r.accepted).length },
      });
      return ok({ ruleSet: row, transition });
    },

    /**
     * Four-eyes publication: the decision (reason, policy, periods) is checked and kept on the draft, which
     * is frozen until a second admin or program owner approves it. A program that turned four eyes off
     * (its document says publishing.fourEyes: false) publishes at once.
     */
    async requestPublication(input: PublicationRequest & { draftId: string; requestedBy: string }): Promise<RuleSetResult<{ draft: Prisma.RuleSetDraftModel; published: Published | null }>> {
      const draft = await prisma.ruleSetDraft.findUnique({ where: { id: input.draftId } });
      if (!draft) return fail(ErrorCode.NotFound, `There is no draft ${input.draftId}; it may have been published already.`, 'draftId');
      if (draft.requestedBy) return fail(ErrorCode.InvalidInput, `Draft ${draft.id} is already waiting for approval (asked by ${draft.requestedBy}).`, 'draftId');
      const checked = checkDraft(draft, await latestVersion(draft.key), await loadFactCatalog(prisma));
      if (!checked.ok) return refuse(checked.errors, `Draft ${draft.id}`);
      const { draftId: _d, requestedBy, ...decision } = input;
      const planned = planPublication(checked.value, { ...decision, publishedBy: requestedBy, publishedAt: now().toISOString() });
      if (!planned.ok) return planned;
      const program = await prisma.program.findUnique({ where: { id: draft.programId }, select: { fourEyes: true } });
      if (program && !program.fourEyes) {
        const published = await service.publish({ ...decision, draftId: draft.id, publishedBy: requestedBy });
        return published.ok ? ok({ draft, published: published.value }) : published;
      }
      const request = { reason: decision.reason, policy: decision.policy, transitionPeriod: decision.transitionPeriod ?? null, reviewPeriod: decision.reviewPeriod ?? null };
      const updated = await prisma.ruleSetDraft.update({ where: { id: draft.id }, data: { requestedBy, requestedAt: now(), request } });
      return ok({ draft: updated, published: null });
    },

    /** The second person approves: never the draft's author nor the requester; an admin or an owner of the program. */
    async approvePublication(input: { draftId: string; approver: Approver }): Promise<RuleSetResult<Published>> {
      const draft = await prisma.ruleSetDraft.findUnique({ where: { id: input.draftId } });
      if (!draft) return fail(ErrorCode.NotFound, `There is no draft ${input.draftId}; it may have been published already.`, 'draftId');
      if (!draft.requestedBy || !draft.request) return fail(ErrorCode.InvalidInput, `Draft ${draft.id} is not waiting for approval; ask for its publication first.`, 'draftId');
      const { personId, roles } = input.approver;
      if (personId === draft.author || personId === draft.requestedBy) {
        return fail(ErrorCode.Forbidden, `${personId} wrote or asked to publish draft ${draft.id}; a second admin or program owner must approve it.`, 'draftId');
      }
      const owners = (await prisma.program.findUnique({ where: { id: draft.programId }, select: { owners: true } }))?.owners ?? [];
      if (!roles.includes('admin') && !(roles.includes('program_owner') && owners.includes(personId))) {
        return fail(ErrorCode.Forbidden, `Only an admin or an owner of ${draft.programId} may approve its rule sets.`, 'draftId');
      }
      const request = draft.request as unknown as PublicationRequest;
      return service.publish({ ...request, draftId: draft.id, publishedBy: draft.requestedBy, approvedBy: personId });
    },

    /** Sends a draft waiting for approval back to editing, with a note; its requester may withdraw it. */
    async rejectPublication(input: { draftId: string; actor: Approver; note: string }): Promise<RuleSetResult<Prisma.RuleSetDraftModel>> {
      const draft = await prisma.ruleSetDraft.findUnique({ where: { id: input.draftId } });
      if (!draft?.requestedBy) return fail(ErrorCode.NotFound, `No draft ${input.draftId} is waiting for approval.`, 'draftId');
      const { personId, roles } = input.actor;
      const owners = (await prisma.program.findUnique({ where: { id: draft.programId }, select: { owners: true } }))?.owners ?? [];
      if (personId !== draft.requestedBy && !roles.includes('admin') && !(roles.includes('program_owner') && owners.includes(personId))) {
        return fail(ErrorCode.Forbidden, `Only an admin, an owner of ${draft.programId} or the requester may send draft ${draft.id} back.`, 'draftId');
      }
      if (input.note.trim().length < REASON_MIN_LENGTH) return fail(ErrorCode.InvalidInput, `Say why, in at least ${REASON_MIN_LENGTH} characters: the author reads it.`, 'note');
      return ok(await prisma.ruleSetDraft.update({ where: { id: draft.id }, data: { requestedBy: null, requestedAt: null, request: Prisma.DbNull } }));
    },

    /** Reviews due by `asOf + within`, including rule sets that never had a review date. */
    async dueReviews(options: { asOf?: string; within?: string; programId?: string } = {}): Promise<DueReview[]> {
      const versions = await prisma.ruleSet.findMany({
        where: options.programId ? { programId: options.programId } : {},
        orderBy: [{ key: 'asc' }, { version: 'desc' }],
        select: { id: true, key: true, programId: true },
      });
      const open = await prisma.ruleSetReview.findMany({ where: { reviewedOn: null }, orderBy: { dueOn: 'asc' } });
      const latest = versions.filter((v, i) => versions.findIndex((w) => w.key === v.key) === i);
      const candidates = latest.map((v) => {
        const review = open.find((r) => r.ruleSetKey === v.key);
        return { ruleSetKey: v.key, ruleSetId: v.id, programId: v.programId, dueOn: review?.dueOn.toISOString() ?? null, reviewId: review?.id ?? null };
      });
      return selectDueReviews(candidates, options.asOf ?? now().toISOString(), options.within);
    },

    /** Closes the open review of the key (or records an unscheduled one) and schedules the next. */
    async recordReview(input: { ruleSetKey: string; outcome: string; notes: string; reviewer: string; nextReviewIn?: string | null }) {
      const outcome = REVIEW_OUTCOMES.find((o) => o === input.outcome);
      if (!outcome) return fail(ErrorCode.InvalidInput, `The outcome must be one of ${REVIEW_OUTCOMES.join(', ')}.`, 'outcome');
      if (input.notes.trim().length > 4000) return fail(ErrorCode.InvalidInput, 'Notes are at most 4000 characters.', 'notes');
      // Rubrics are reviewed on the same cycle as rule sets, under the key rubric:<pathwayId>.
      const rubricOf = input.ruleSetKey.startsWith(RUBRIC_REVIEW_PREFIX) ? input.ruleSetKey.slice(RUBRIC_REVIEW_PREFIX.length) : null;
      const latest = rubricOf ? null : await latestVersion(input.ruleSetKey);
      if (rubricOf ? !(await prisma.pathway.findUnique({ where: { id: rubricOf } })) : !latest) {
        return fail(ErrorCode.NotFound, `No version of ${input.ruleSetKey} has been published.`, 'ruleSetKey');
      }
      const reviewedOn = now().toISOString();
      if (input.nextReviewIn && !isIsoDuration(input.nextReviewIn)) {
        return fail(ErrorCode.InvalidInput, `"${input.nextReviewIn}" is not an ISO 8601 duration such as P1Y or P6M.`, 'nextReviewIn');
      }
      const nextDue = nextReviewDue(reviewedOn, outcome, input.nextReviewIn ?? undefined);
      if (nextDue <= reviewedOn) return fail(ErrorCode.InvalidInput, 'The next review must be after this one.', 'nextReviewIn');
      const closing = { reviewedOn: new Date(reviewedOn), reviewer: input.reviewer, outcome, notes: input.notes.trim() || null };
      return ok(
        await prisma.$transaction(async (tx) => {
          const open = await tx.ruleSetReview.findFirst({ where: { ruleSetKey: input.ruleSetKey, reviewedOn: null }, orderBy: { dueOn: 'asc' } });
          const review = open
            ? await tx.ruleSetReview.update({ where: { id: open.id }, data: closing })
            : await tx.ruleSetReview.create({ data: { ruleSetKey: input.ruleSetKey, dueOn: new Date(reviewedOn), ...closing } });
          const nextReview = await tx.ruleSetReview.create({ data: { ruleSetKey: input.ruleSetKey, dueOn: new Date(nextDue) } });
          if (latest) await tx.ruleSet.update({ where: { id: latest.id }, data: { reviewDueOn: new Date(nextDue) } });
          return { review, nextReview };
        }),
      );
    },
  };
  return service;
}

export type RuleSetService = ReturnType<typeof createRuleSetService>;
