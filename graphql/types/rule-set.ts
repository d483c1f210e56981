import { loadFactCatalog } from '../../services/fact-catalog.js';
import { ErrorCode, fail } from '../../domain/errors.js';
import { validateRuleSet } from '../../rules/validate.js';
import { builder } from '../builder.js';
import { unwrap } from './errors.js';
import { answerQuery } from '../answer-query.js';
import {
  ADMIN,
  DueReviewRef,
  ReviewOutcomeEnum,
  RuleSetDiffRef,
  RuleSetKindEnum,
  RuleSetProblemRef,
  RULE_READERS,
  RuleSetRejectedError,
  SimulationRef,
  TransitionPolicyEnum,
  unwrapRuleSet,
} from './rule-set-objects.js';

// Rule-set administration: published versions, drafts, validation, diffs, what-if simulation, publication
// with a transition policy for journeys in flight, and periodic review. Admins change rule sets; program
// owners read them and may check a change (validate, diff, simulate) without saving it. Resolvers
// translate; services/rule-sets.ts and rules/ decide.

const SaveDraftInput = builder.inputType('SaveRuleSetDraftInput', {
  fields: (t) => ({
    id: t.id({ description: 'An existing draft to update; absent to start a new one.' }),
    key: t.string({ required: true, description: 'The rule set, e.g. cloud-architecture-practitioner.eligibility ($.id of the file).' }),
    programId: t.id({ required: true }),
    kind: t.field({ type: RuleSetKindEnum, required: true }),
    definition: t.field({ type: 'JSON', required: true, description: 'The rule-set file (rules/rule-set.schema.json).' }),
  }),
});

const PublishInput = builder.inputType('PublishRuleSetInput', {
  fields: (t) => ({
    draftId: t.id({ required: true }),
    reason: t.string({ required: true, description: 'Why the rules change; kept with the version.' }),
    transitionPolicy: t.field({ type: TransitionPolicyEnum, required: true }),
    transitionPeriod: t.string({ description: 'ISO 8601 duration before journeys move, e.g. P30D; only for TRANSITION.' }),
    reviewPeriod: t.string({ description: 'ISO 8601 duration until the first periodic review; P1Y when absent.' }),
  }),
});

const RecordReviewInput = builder.inputType('RecordRuleReviewInput', {
  fields: (t) => ({
    ruleSetKey: t.string({ required: true }),
    outcome: t.field({ type: ReviewOutcomeEnum, required: true }),
    notes: t.string({ required: true }),
    nextReviewIn: t.string({ description: 'ISO 8601 duration to the next review; P1Y after CONFIRMED, P3M after REVISION_NEEDED.' }),
  }),
});

interface Validation {
  valid: boolean;
  errors: { path: string; message: string; suggestion?: string }[];
}

const ValidationRef = builder.objectRef<Validation>('RuleSetValidation').implement({
  authScopes: RULE_READERS,
  fields: (t) => ({
    valid: t.exposeBoolean('valid'),
    errors: t.field({ type: [RuleSetProblemRef], resolve: (v) => v.errors }),
  }),
});

const SaveDraftPayload = builder
  .objectRef<{ draft: { id: string }; errors: Validation['errors'] }>('SaveRuleSetDraftPayload')
  .implement({
    fields: (t) => ({
      draft: t.prismaField({ type: 'RuleSetDraft', resolve: (query, p, _args, ctx) => ctx.prisma.ruleSetDraft.findUniqueOrThrow({ ...query, where: { id: p.draft.id } }) }),
      publishable: t.boolean({ resolve: (p) => p.errors.length === 0 }),
      errors: t.field({ type: [RuleSetProblemRef], description: 'What blocks publication; the draft is saved regardless.', resolve: (p) => p.errors }),
    }),
  });

const PublishPayload = builder.objectRef<{ ruleSetId: string | null; transitionId: string | null; draftId: string | null }>('PublishRuleSetPayload').implement({
  fields: (t) => ({
    pendingApproval: t.boolean({ description: 'True while a second admin or program owner has to approve (four eyes).', resolve: (p) => p.ruleSetId === null }),
    draft: t.prismaField({
      type: 'RuleSetDraft',
      nullable: true,
      description: 'The draft waiting for approval; null once published.',
      resolve: (query, p, _args, ctx) => (p.ruleSetId === null && p.draftId ? ctx.prisma.ruleSetDraft.findUnique({ ...query, where: { id: p.draftId } }) : null),
    }),
    ruleSet: t.prismaField({
      type: 'RuleSet',
      nullable: true,
      description: 'The published version; null while waiting for approval.',
      resolve: (query, p, _args, ctx) => (p.ruleSetId ? ctx.prisma.ruleSet.findUnique({ ...query, where: { id: p.ruleSetId } }) : null),
    }),
    transition: t.prismaField({
      type: 'RuleTransition',
      nullable: true,
      description: 'Absent for the first version of a rule set (nobody was on an earlier one) and while waiting for approval.',
      resolve: (query, p, _args, ctx) => (p.transitionId ? ctx.prisma.ruleTransition.findUnique({ ...query, where: { id: p.transitionId } }) : null),
    }),
  }),
});

const RecordReviewPayload = builder.objectRef<{ reviewId: string; nextReviewId: string }>('RecordRuleReviewPayload').implement({
  fields: (t) => ({
    review: t.prismaField({ type: 'RuleSetReview', resolve: (query, p, _args, ctx) => ctx.prisma.ruleSetReview.findUniqueOrThrow({ ...query, where: { id: p.reviewId } }) }),
    nextReview: t.prismaField({ type: 'RuleSetReview', resolve: (query, p, _args, ctx) => ctx.prisma.ruleSetReview.findUniqueOrThrow({ ...query, where: { id: p.nextReviewId } }) }),
  }),
});

builder.queryFields((t) => ({
  ruleSets: t.prismaField({
    type: ['RuleSet'],
    authScopes: RULE_READERS,
    description: 'Every published version of the program rule sets, newest first within each key.',
    args: { programId: t.arg.id({ required: true }) },
    resolve: (query, _root, args, ctx) =>
      ctx.prisma.ruleSet.findMany({ ...query, where: { programId: String(args.programId) }, orderBy: [{ key: 'asc' }, { version: 'desc' }] }),
  }),
  ruleSet: t.prismaField({
    type: 'RuleSet',
    nullable: true,
    authScopes: RULE_READERS,
    args: { id: t.arg.id({ required: true, description: '<key>@<version>' }) },
    resolve: (query, _root, args, ctx) => ctx.prisma.ruleSet.findUnique({ ...query, where: { id: String(args.id) } }),
  }),
  ruleSetDrafts: t.prismaField({
    type: ['RuleSetDraft'],
    authScopes: RULE_READERS,
    args: { programId: t.arg.id() },
    resolve: (query, _root, args, ctx) =>
      ctx.prisma.ruleSetDraft.findMany({ ...query, where: args.programId ? { programId: String(args.programId) } : {}, orderBy: { updatedAt: 'desc' } }),
  }),
  ruleSetDiff: t.field({
    type: RuleSetDiffRef,
    authScopes: RULE_READERS,
    description: 'What changed between two versions (or drafts), rule by rule and condition by condition.',
    errors: { types: [RuleSetRejectedError] },
    args: {
      from: t.arg.id({ required: true }),
      to: t.arg.id({ description: 'A published version or a draft; give this or toDefinition.' }),
      toDefinition: t.arg({ type: 'JSON', description: 'A rule-set file not saved anywhere, e.g. the text in an editor.' }),
    },
    resolve: async (_root, args, ctx) => {
      if ((args.to == null) === (args.toDefinition == null)) unwrap(fail(ErrorCode.InvalidInput, 'Give either to or toDefinition.', 'to'));
      const to = args.to != null ? String(args.to) : { definition: args.toDefinition };
      return unwrapRuleSet(await ctx.ruleSets.diff(String(args.from), to));
    },
  }),
  simulateRuleSet: t.field({
    type: SimulationRef,
    authScopes: RULE_READERS,
    description: 'Who would gain or lose eligibility if the draft (or an unsaved definition) were published, and why.',
    errors: { types: [RuleSetRejectedError] },
    args: {
      draftId: t.arg.id({ description: 'A saved draft; give this or definition.' }),
      definition: t.arg({ type: 'JSON', description: 'A rule-set file not saved anywhere, e.g. the text in an editor.' }),
      asOf: t.arg({ type: 'DateTime', description: 'Facts as of; now when absent.' }),
    },
    resolve: async (_root, args, ctx) => {
      if ((args.draftId == null) === (args.definition == null)) unwrap(fail(ErrorCode.InvalidInput, 'Give either draftId or definition.', 'draftId'));
      const asOf = args.asOf?.toISOString();
      const service = ctx.ruleSets;
      return unwrapRuleSet(await (args.draftId != null ? service.simulateDraft(String(args.draftId), asOf) : service.simulateDefinition(args.definition, asOf)));
    },
  }),
  dueRuleReviews: t.field({
    type: [DueReviewRef],
    authScopes: RULE_READERS,
    description: 'Rule sets whose periodic review is due within `within` (P30D when absent), or never scheduled.',
    args: { programId: t.arg.id(), within: t.arg.string() },
    resolve: (_root, args, ctx) =>
      ctx.ruleSets.dueReviews({ ...(args.programId ? { programId: String(args.programId) } : {}), ...(args.within ? { within: args.within } : {}) }),
  }),
}));

builder.mutationFields((t) => ({
  saveRuleSetDraft: t.field({
    type: SaveDraftPayload,
    authScopes: ADMIN,
    errors: {},
    args: { input: t.arg({ type: SaveDraftInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const { id, programId, key, kind, definition } = input;
      const request = { id: id ? String(id) : null, key, kind, definition, programId: String(programId), author: ctx.viewer!.personId };
      return unwrap(await ctx.ruleSets.saveDraft(request));
    },
  }),
  validateRuleSet: t.field({
    type: ValidationRef,
    authScopes: RULE_READERS,
    description: 'Checks a rule-set file without saving it.',
    args: {
      definition: t.arg({ type: 'JSON', required: true }),
      key: t.arg.string({ description: "Also check that the file fits as this rule set's next version ($.id, $.programId, $.kind, $.version), as publishing will." }),
    },
    resolve: async (_root, args, ctx) => {
      if (args.key) {
        const errors = await ctx.ruleSets.problemsAsNextVersion(args.key, args.definition);
        return { valid: errors.length === 0, errors };
      }
      const result = validateRuleSet(args.definition, await loadFactCatalog(ctx.prisma));
      return result.ok ? { valid: true, errors: [] } : { valid: false, errors: result.errors };
    },
  }),
  publishRuleSet: t.field({
    type: PublishPayload,
    authScopes: ADMIN,
    description:
      'Asks for publication of a draft with its transition policy. With four eyes (the default) a second admin or program owner approves it (approveRuleSetPublication); otherwise it is published at once and journeys in flight are told.',
    errors: { types: [RuleSetRejectedError] },
    args: { input: t.arg({ type: PublishInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const { draftId, transitionPolicy, ...rest } = input;
      const request = { ...rest, draftId: String(draftId), policy: transitionPolicy, requestedBy: ctx.viewer!.personId };
      const { draft, published } = unwrapRuleSet(await ctx.ruleSets.requestPublication(request));
      return { ruleSetId: published?.ruleSet.id ?? null, transitionId: published?.transition?.id ?? null, draftId: draft.id };
    },
  }),
  approveRuleSetPublication: t.field({
    type: PublishPayload,
    authScopes: RULE_READERS,
    description: 'The second person approves a requested publication: never its author or requester. Publishes it and tells journeys in flight.',
    errors: { types: [RuleSetRejectedError] },
    args: { draftId: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const approver = { personId: ctx.viewer!.personId, roles: ctx.viewer!.roles };
      const published = unwrapRuleSet(await ctx.ruleSets.approvePublication({ draftId: String(args.draftId), approver }));
      return { ruleSetId: published.ruleSet.id, transitionId: published.transition?.id ?? null, draftId: null };
    },
  }),
  rejectRuleSetPublication: t.prismaField({
    type: 'RuleSetDraft',
    authScopes: RULE_READERS,
    description: 'Sends a requested publication back to editing with a note (the requester may withdraw it).',
    errors: {},
    args: { draftId: t.arg.id({ required: true }), note: t.arg.string({ required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const actor = { personId: ctx.viewer!.personId, roles: ctx.viewer!.roles };
      const draft = unwrap(await ctx.ruleSets.rejectPublication({ draftId: String(args.draftId), actor, note: args.note }));
      return ctx.prisma.ruleSetDraft.findUniqueOrThrow({ ...answerQuery(query), where: { id: draft.id } });
    },
  }),
  recordRuleReview: t.field({
    type: RecordReviewPayload,
    authScopes: ADMIN,
    errors: {},
    args: { input: t.arg({ type: RecordReviewInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const recorded = unwrap(await ctx.ruleSets.recordReview({ ...input, reviewer: ctx.viewer!.personId }));
      return { reviewId: recorded.review.id, nextReviewId: recorded.nextReview.id };
    },
  }),
}));
