import type { ProgramDocument } from '../../programs/document.js';
import { diffPrograms, POLICY_AREA_NAMES, type PolicyArea, type ProgramChange, type ProgramDiff } from '../../programs/diff.js';
import type { ProgramProblem } from '../../programs/validate.js';
import type { ProgramImpact } from '../../services/programs/impact.js';
import type { ProgramNotice, ProgramPlan, ProgramResult } from '../../services/programs/service.js';
import { ErrorCode, fail } from '../../domain/errors.js';
import { PROGRAM_TEMPLATES } from '../../services/programs/start.js';
import { builder, enumValues } from '../builder.js';
import { ErrorCodeEnum, ErrorInterface, unwrap } from './errors.js';
import { TransitionPolicyEnum } from './rule-set-objects.js';
import { answerQuery } from '../answer-query.js';

// Programs as documents: versions, validation with path and line, the plan of what a version changes and
// for whom, and four-eyes publication. Admins and program owners draft, plan and request; a second admin
// or an owner of the program approves (the service refuses the author and the requester). Resolvers
// translate; services/programs/ decides.

/** Who may draft, plan, request and approve program versions (the service narrows owners to their programs). */
export const PROGRAM_EDITORS = { admin: true, programOwner: true } as const;

export class ProgramRejectedError extends Error {
  readonly code = ErrorCode.InvalidProgram;
  readonly problems: ProgramProblem[];
  constructor(message: string, problems: ProgramProblem[]) {
    super(message);
    this.name = 'ProgramRejectedError';
    this.problems = problems;
  }
}

function unwrapProgram<T>(result: ProgramResult<T>): T {
  if (!result.ok && result.problems) throw new ProgramRejectedError(result.error.message, result.problems);
  return unwrap(result);
}

const ProgramProblemRef = builder.objectRef<ProgramProblem>('ProgramProblem').implement({
  description: 'A problem in a program document: where (JSON path and line), what, and a fix where one is obvious.',
  authScopes: PROGRAM_EDITORS,
  fields: (t) => ({
    path: t.exposeString('path', { description: 'e.g. $.rubrics[0].criteria[1].competency' }),
    line: t.int({ nullable: true, description: 'The line in the text as submitted, when it was text.', resolve: (p) => p.line ?? null }),
    message: t.exposeString('message'),
    suggestion: t.string({ nullable: true, resolve: (p) => p.suggestion ?? null }),
  }),
});

builder.objectType(ProgramRejectedError, {
  name: 'ProgramRejectedError',
  description: 'The program document is invalid; nothing was published. Every problem is listed.',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof ProgramRejectedError,
  fields: (t) => ({
    code: t.field({ type: ErrorCodeEnum, resolve: (error) => error.code }),
    problems: t.field({ type: [ProgramProblemRef], resolve: (error) => error.problems }),
  }),
});

export const ChangeAreaEnum = builder.enumType('ProgramChangeArea', {
  description: 'Where a change falls: the four policy areas reach people midway; DESCRIPTION only changes what the pages say.',
  values: enumValues([...POLICY_AREA_NAMES, 'description'] as const),
});

const ProgramChangeRef = builder.objectRef<ProgramChange>('ProgramChange').implement({
  authScopes: { authenticated: true },
  fields: (t) => ({
    kind: t.exposeString('kind', { description: 'added, removed or changed' }),
    area: t.field({ type: ChangeAreaEnum, resolve: (c) => c.area }),
    path: t.exposeString('path'),
    summary: t.exposeString('summary'),
  }),
});

const ProgramDiffRef = builder.objectRef<ProgramDiff>('ProgramDiff').implement({
  authScopes: { authenticated: true },
  fields: (t) => ({
    from: t.string({ nullable: true, resolve: (d) => d.from }),
    to: t.exposeString('to'),
    changes: t.field({ type: [ProgramChangeRef], resolve: (d) => d.changes }),
    areas: t.field({ type: [ChangeAreaEnum], description: 'The policy areas that changed: publication needs a policy for each.', resolve: (d) => d.areas }),
  }),
});

const StageCountRef = builder.objectRef<{ stage: string; count: number }>('ProgramStageCount').implement({
  authScopes: PROGRAM_EDITORS,
  fields: (t) => ({ stage: t.exposeString('stage'), count: t.exposeInt('count') }),
});

const ReachRef = builder.objectRef<ProgramImpact['reach'][number]>('ProgramChangeReach').implement({
  authScopes: PROGRAM_EDITORS,
  fields: (t) => ({
    area: t.field({ type: ChangeAreaEnum, resolve: (r) => r.area }),
    journeysInFlight: t.exposeInt('journeysInFlight'),
    holders: t.exposeInt('holders'),
  }),
});

const EligibilityShiftRef = builder.objectRef<ProgramImpact['eligibility'][number]>('ProgramEligibilityShift').implement({
  description: 'Someone not on the program who would become, or stop being, eligible for a pathway.',
  authScopes: PROGRAM_EDITORS,
  fields: (t) => ({
    personId: t.exposeID('personId'),
    name: t.exposeString('name'),
    pathwayId: t.exposeID('pathwayId'),
    change: t.exposeString('change', { description: 'becomes_eligible or stops_being_eligible' }),
  }),
});

export const ProgramImpactRef = builder.objectRef<ProgramImpact>('ProgramImpact').implement({
  authScopes: PROGRAM_EDITORS,
  fields: (t) => ({
    inFlight: t.field({ type: [StageCountRef], description: 'Journeys in flight by stage.', resolve: (i) => i.inFlight }),
    holders: t.exposeInt('holders', { description: 'Current holders: they meet the change at their next re-certification.' }),
    reach: t.field({ type: [ReachRef], resolve: (i) => i.reach }),
    onDroppedPathways: t.exposeInt('onDroppedPathways', { description: 'Journeys on a pathway the version drops: they keep it.' }),
    eligibility: t.field({ type: [EligibilityShiftRef], resolve: (i) => i.eligibility }),
  }),
});

const PlanRef = builder.objectRef<ProgramPlan>('ProgramPlan').implement({
  description: 'What publishing a program document would change, and for whom.',
  authScopes: PROGRAM_EDITORS,
  fields: (t) => ({
    programId: t.string({ resolve: (p) => p.document.id }),
    version: t.int({ resolve: (p) => p.document.version }),
    previousVersion: t.exposeInt('previousVersion', { nullable: true }),
    diff: t.field({ type: ProgramDiffRef, resolve: (p) => p.diff }),
    impact: t.field({ type: ProgramImpactRef, resolve: (p) => p.impact }),
    errors: t.field({ type: [ProgramProblemRef], resolve: (p) => p.errors }),
    warnings: t.field({ type: [ProgramProblemRef], resolve: (p) => p.warnings }),
    publishable: t.boolean({ resolve: (p) => p.errors.length === 0 }),
  }),
});

const NoticeRef = builder.objectRef<ProgramNotice>('ProgramJourneyNotice').implement({
  authScopes: PROGRAM_EDITORS,
  fields: (t) => ({
    journeyId: t.exposeID('journeyId'),
    accepted: t.exposeBoolean('accepted'),
    stage: t.string({ nullable: true, resolve: (n) => (n.accepted ? n.stage : null) }),
    code: t.string({ nullable: true, resolve: (n) => (n.accepted ? null : n.code) }),
  }),
});

builder.prismaObject('ProgramAudit', {
  authScopes: PROGRAM_EDITORS,
  fields: (t) => ({
    action: t.exposeString('action', { description: 'drafted, edited, requested, approved, rejected, withdrawn, applied, superseded' }),
    actorId: t.exposeString('actorId'),
    note: t.exposeString('note', { nullable: true }),
    at: t.expose('at', { type: 'DateTime' }),
  }),
});

builder.prismaObject('ProgramVersion', {
  description: 'One version of a program document: a draft until its publication is requested, immutable from then on.',
  authScopes: PROGRAM_EDITORS,
  fields: (t) => ({
    id: t.exposeID('id', { description: '<programId>@<version>' }),
    programId: t.exposeString('programId'),
    version: t.exposeInt('version'),
    status: t.exposeString('status', { description: 'draft, pending_approval, published, or superseded (a later version took effect first)' }),
    document: t.expose('document', { type: 'JSON' }),
    author: t.exposeString('author'),
    requestedBy: t.exposeString('requestedBy', { nullable: true }),
    requestedAt: t.expose('requestedAt', { type: 'DateTime', nullable: true }),
    approvedBy: t.exposeString('approvedBy', { nullable: true }),
    approvedAt: t.expose('approvedAt', { type: 'DateTime', nullable: true }),
    reason: t.exposeString('reason', { nullable: true }),
    policies: t.expose('policies', { type: 'JSON', nullable: true }),
    noticePeriod: t.exposeString('noticePeriod', { nullable: true }),
    effectiveAt: t.expose('effectiveAt', { type: 'DateTime', nullable: true }),
    appliedAt: t.expose('appliedAt', { type: 'DateTime', nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
    notices: t.field({ type: [NoticeRef], description: 'What each journey answered when told of the version.', resolve: (v) => (v.results ?? []) as unknown as ProgramNotice[] }),
    plan: t.field({ type: PlanRef, errors: { types: [ProgramRejectedError] }, description: 'Against the version published now.', resolve: async (v, _args, ctx) => unwrapProgram(await ctx.programs.plan({ versionId: v.id })) }),
    audit: t.prismaField({
      type: ['ProgramAudit'],
      description: 'Every step of the version, oldest first.',
      resolve: (query, v, _args, ctx) => ctx.prisma.programAudit.findMany({ ...query, where: { programId: v.programId, version: v.version }, orderBy: { at: 'asc' } }),
    }),
  }),
});

const ValidationRef = builder.objectRef<{ valid: boolean; errors: ProgramProblem[]; warnings: ProgramProblem[] }>('ProgramValidation').implement({
  authScopes: PROGRAM_EDITORS,
  fields: (t) => ({
    valid: t.exposeBoolean('valid'),
    errors: t.field({ type: [ProgramProblemRef], resolve: (v) => v.errors }),
    warnings: t.field({ type: [ProgramProblemRef], resolve: (v) => v.warnings }),
  }),
});

const SavePayload = builder.objectRef<{ versionId: string; errors: ProgramProblem[]; warnings: ProgramProblem[] }>('SaveProgramDraftPayload').implement({
  authScopes: PROGRAM_EDITORS,
  fields: (t) => ({
    version: t.prismaField({ type: 'ProgramVersion', resolve: (query, p, _args, ctx) => ctx.prisma.programVersion.findUniqueOrThrow({ ...query, where: { id: p.versionId } }) }),
    publishable: t.boolean({ resolve: (p) => p.errors.length === 0 }),
    errors: t.field({ type: [ProgramProblemRef], description: 'What blocks publication; the draft is saved regardless.', resolve: (p) => p.errors }),
    warnings: t.field({ type: [ProgramProblemRef], resolve: (p) => p.warnings }),
  }),
});

const PublicationPayload = builder.objectRef<{ versionId: string; notices: ProgramNotice[] | null }>('ProgramPublicationPayload').implement({
  authScopes: PROGRAM_EDITORS,
  fields: (t) => ({
    version: t.prismaField({ type: 'ProgramVersion', resolve: (query, p, _args, ctx) => ctx.prisma.programVersion.findUniqueOrThrow({ ...query, where: { id: p.versionId } }) }),
    notices: t.field({
      type: [NoticeRef],
      nullable: true,
      description: 'Null while the version waits for approval or for its effective date.',
      resolve: (p) => p.notices,
    }),
  }),
});

const PoliciesInput = builder.inputType('ProgramChangePoliciesInput', {
  description: 'What happens to people already midway, one policy per changed area (ProgramDiff.areas).',
  fields: (t) => ({
    rubric: t.field({ type: TransitionPolicyEnum }),
    evidence: t.field({ type: TransitionPolicyEnum }),
    timing: t.field({ type: TransitionPolicyEnum }),
    recertification: t.field({ type: TransitionPolicyEnum }),
  }),
});

const RequestInput = builder.inputType('RequestProgramPublicationInput', {
  fields: (t) => ({
    versionId: t.id({ required: true }),
    reason: t.string({ required: true, description: 'Why the program changes; kept with the version and sent to people it reaches.' }),
    policies: t.field({ type: PoliciesInput, required: true }),
    noticePeriod: t.string({ description: 'ISO 8601 duration, e.g. P30D; needed when any area takes TRANSITION.' }),
    effectiveAt: t.field({ type: 'DateTime', description: 'When the version takes effect; on approval when absent.' }),
  }),
});

const source = (args: { text?: string | null; document?: unknown }) => (args.text != null ? { text: args.text } : { document: args.document });

builder.queryFields((t) => ({
  programVersions: t.prismaField({
    type: ['ProgramVersion'],
    authScopes: PROGRAM_EDITORS,
    description: 'Every version of a program, drafts included, newest first.',
    args: { programId: t.arg.id({ required: true }) },
    resolve: (query, _root, args, ctx) => ctx.prisma.programVersion.findMany({ ...query, where: { programId: String(args.programId) }, orderBy: { version: 'desc' } }),
  }),
  programVersion: t.prismaField({
    type: 'ProgramVersion',
    nullable: true,
    authScopes: PROGRAM_EDITORS,
    args: { id: t.arg.id({ required: true, description: '<programId>@<version>' }) },
    resolve: (query, _root, args, ctx) => ctx.prisma.programVersion.findUnique({ ...query, where: { id: String(args.id) } }),
  }),
  programDrafts: t.prismaField({
    type: ['ProgramVersion'],
    authScopes: PROGRAM_EDITORS,
    description: 'Versions being edited (new programs included), most recently changed first.',
    resolve: (query, _root, _args, ctx) => ctx.prisma.programVersion.findMany({ ...query, where: { status: 'draft' }, orderBy: { updatedAt: 'desc' } }),
  }),
  pendingProgramApprovals: t.prismaField({
    type: ['ProgramVersion'],
    authScopes: PROGRAM_EDITORS,
    description: 'Versions waiting for a second person, oldest request first.',
    resolve: (query, _root, _args, ctx) => ctx.prisma.programVersion.findMany({ ...query, where: { status: 'pending_approval' }, orderBy: { requestedAt: 'asc' } }),
  }),
  validateProgram: t.field({
    type: ValidationRef,
    authScopes: PROGRAM_EDITORS,
    description: 'Checks a program document (YAML or JSON text, or a parsed document) without saving it.',
    args: { text: t.arg.string(), document: t.arg({ type: 'JSON' }) },
    resolve: (_root, args, ctx) => ctx.programs.validate(source(args)),
  }),
  programPlan: t.field({
    type: PlanRef,
    authScopes: PROGRAM_EDITORS,
    description: 'What a program document would change against the published version, and who it would reach. Reads only.',
    errors: { types: [ProgramRejectedError] },
    args: { text: t.arg.string(), document: t.arg({ type: 'JSON' }), versionId: t.arg.id() },
    resolve: async (_root, args, ctx) => unwrapProgram(await ctx.programs.plan(args.versionId != null ? { versionId: String(args.versionId) } : source(args))),
  }),
}));

const TemplateEnum = builder.enumType('ProgramTemplate', { values: enumValues(PROGRAM_TEMPLATES) });

const StartInput = builder.inputType('StartProgramInput', {
  fields: (t) => ({
    id: t.id({ required: true, description: 'The new program id, lower-case words joined by hyphens.' }),
    name: t.string({ required: true }),
    template: t.field({ type: TemplateEnum, description: 'Start from this template; give this or copyOf.' }),
    copyOf: t.id({ description: 'Start from a copy of this published program.' }),
  }),
});

builder.mutationFields((t) => ({
  startProgram: t.field({
    type: SavePayload,
    authScopes: { admin: true },
    description: 'A new program from a template or a copy: a draft of its first version and of its rule sets, owned by the caller.',
    errors: { types: [ProgramRejectedError] },
    args: { input: t.arg({ type: StartInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      if ((input.template == null) === (input.copyOf == null)) unwrap(fail(ErrorCode.InvalidInput, 'Give either template or copyOf.', 'template'));
      const from = input.template != null ? { template: input.template } : { copyOf: String(input.copyOf) };
      const started = unwrapProgram(await ctx.programs.start({ id: String(input.id), name: input.name, author: ctx.viewer!.personId, from }));
      return { versionId: started.version.id, errors: started.errors, warnings: started.warnings };
    },
  }),
  saveProgramDraft: t.field({
    type: SavePayload,
    authScopes: PROGRAM_EDITORS,
    description: 'Saves a draft of the next version of a program (a new program when the id is new), whatever its problems.',
    errors: { types: [ProgramRejectedError] },
    args: { text: t.arg.string({ description: 'The document as YAML or JSON text.' }), document: t.arg({ type: 'JSON' }) },
    resolve: async (_root, args, ctx) => {
      const saved = unwrapProgram(await ctx.programs.saveDraft({ ...source(args), author: ctx.viewer!.personId }));
      return { versionId: saved.version.id, errors: saved.errors, warnings: saved.warnings };
    },
  }),
  requestProgramPublication: t.field({
    type: PublicationPayload,
    authScopes: PROGRAM_EDITORS,
    description: 'Freezes the draft and asks a second person to approve it (published at once only if the program turned four eyes off).',
    errors: { types: [ProgramRejectedError] },
    args: { input: t.arg({ type: RequestInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const policies = Object.fromEntries(Object.entries(input.policies).filter(([, v]) => v != null)) as Partial<Record<PolicyArea, 'keep' | 'transition' | 'immediate'>>;
      const requested = unwrapProgram(
        await ctx.programs.requestPublication({
          versionId: String(input.versionId),
          requestedBy: ctx.viewer!.personId,
          reason: input.reason,
          policies,
          noticePeriod: input.noticePeriod ?? null,
          effectiveAt: input.effectiveAt?.toISOString() ?? null,
        }),
      );
      return { versionId: requested.version.id, notices: requested.notices };
    },
  }),
  approveProgramVersion: t.field({
    type: PublicationPayload,
    authScopes: PROGRAM_EDITORS,
    description: 'The second person approves: never the author or the requester. Applied now, or at its effective date.',
    errors: { types: [ProgramRejectedError] },
    args: { versionId: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const approver = { personId: ctx.viewer!.personId, roles: ctx.viewer!.roles };
      const approved = unwrapProgram(await ctx.programs.approve({ versionId: String(args.versionId), approver }));
      return { versionId: approved.version.id, notices: approved.notices };
    },
  }),
  rejectProgramVersion: t.prismaField({
    type: 'ProgramVersion',
    authScopes: PROGRAM_EDITORS,
    description: 'Sends a requested version back to draft with a note for its author (the requester may withdraw it).',
    errors: {},
    args: { versionId: t.arg.id({ required: true }), note: t.arg.string({ required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const actor = { personId: ctx.viewer!.personId, roles: ctx.viewer!.roles };
      const rejected = unwrap(await ctx.programs.reject({ versionId: String(args.versionId), actor, note: args.note }));
      return ctx.prisma.programVersion.findUniqueOrThrow({ ...answerQuery(query), where: { id: rejected.id } });
    },
  }),
}));

interface UpcomingVersion {
  version: number;
  effectiveAt: Date;
  reason: string | null;
  diff: ProgramDiff;
}

const UpcomingVersionRef = builder.objectRef<UpcomingVersion>('UpcomingProgramVersion').implement({
  description: 'A published version that takes effect on a future date: what changes and when.',
  authScopes: { authenticated: true },
  fields: (t) => ({
    version: t.exposeInt('version'),
    effectiveAt: t.expose('effectiveAt', { type: 'DateTime' }),
    reason: t.exposeString('reason', { nullable: true }),
    changes: t.field({ type: [ProgramChangeRef], resolve: (u) => u.diff.changes }),
  }),
});

builder.prismaObjectFields('Program', (t) => ({
  version: t.exposeInt('currentVersion', { nullable: true, description: 'The program version in effect.' }),
  owners: t.exposeStringList('owners', { description: 'People who own the program.' }),
  fourEyes: t.exposeBoolean('fourEyes', { description: 'Publishing a version or a rule set needs a second person.' }),
  upcomingVersions: t.field({
    type: [UpcomingVersionRef],
    description: 'Published versions not yet in effect, soonest first, each with what it changes.',
    resolve: async (program, _args, ctx) => {
      const rows = await ctx.prisma.programVersion.findMany({ where: { programId: program.id, status: 'published', appliedAt: null }, orderBy: { version: 'asc' } });
      const current = await ctx.prisma.programVersion.findFirst({ where: { programId: program.id, appliedAt: { not: null } }, orderBy: { version: 'desc' }, select: { document: true } });
      let previous = (current?.document ?? null) as unknown as ProgramDocument | null;
      return rows.map((row) => {
        const document = row.document as unknown as ProgramDocument;
        const upcoming = { version: row.version, effectiveAt: row.effectiveAt ?? row.approvedAt ?? row.updatedAt, reason: row.reason, diff: diffPrograms(previous, document) };
        previous = document;
        return upcoming;
      });
    },
  }),
}));
