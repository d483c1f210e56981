import { ErrorCode } from '../../domain/errors.js';
import type { RuleSetChange, RuleSetDiff } from '../../rules/diff.js';
import type { TransitionPolicy } from '../../rules/publishing.js';
import type { DueReview, ReviewOutcome } from '../../rules/review.js';
import { RULE_SET_KINDS, type RuleSetKind } from '../../rules/rule-set.js';
import type { SimulatedOutcome, SimulationReport } from '../../rules/simulate.js';
import type { RuleSetError } from '../../rules/validate.js';
import type { RuleSetResult, } from '../../services/rule-sets.js';
import { builder, enumValues } from '../builder.js';
import { ErrorCodeEnum, ErrorInterface, unwrap } from './errors.js';

// The objects of the rule-set family (graphql/types/rule-set.ts holds its queries and mutations): published
// versions, drafts and their problems, transitions, reviews, diffs and simulations. Admins change rule sets;
// program owners may read them and try changes out (validate, diff, simulate) but not save or publish.

export const ADMIN = { admin: true } as const;
/** Who may read rule sets and check a change without saving it. */
export const RULE_READERS = { admin: true, programOwner: true } as const;

/** An invalid rule set, refused with every problem and its JSON path. */
export class RuleSetRejectedError extends Error {
  readonly code = ErrorCode.InvalidRuleSet;
  readonly problems: RuleSetError[];
  constructor(message: string, problems: RuleSetError[]) {
    super(message);
    this.name = 'RuleSetRejectedError';
    this.problems = problems;
  }
}

export function unwrapRuleSet<T>(result: RuleSetResult<T>): T {
  if (!result.ok && result.problems) throw new RuleSetRejectedError(result.error.message, result.problems);
  return unwrap(result);
}

export const RuleSetProblemRef = builder.objectRef<RuleSetError>('RuleSetProblem').implement({
  description: 'A problem in a rule-set definition: where (JSON path), what, and a fix where one is obvious.',
  authScopes: RULE_READERS,
  fields: (t) => ({
    path: t.exposeString('path', { description: 'e.g. $.rules[0].conditions.all[1].fact' }),
    message: t.exposeString('message'),
    suggestion: t.string({ nullable: true, resolve: (p) => p.suggestion ?? null }),
  }),
});

builder.objectType(RuleSetRejectedError, {
  name: 'RuleSetRejectedError',
  description: 'The rule set is invalid; nothing was published or simulated. Every problem is listed.',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof RuleSetRejectedError,
  fields: (t) => ({
    code: t.field({ type: ErrorCodeEnum, resolve: (error) => error.code }),
    problems: t.field({ type: [RuleSetProblemRef], resolve: (error) => error.problems }),
  }),
});

export const RuleSetKindEnum = builder.enumType('RuleSetKind', { values: enumValues(RULE_SET_KINDS) });
export const TransitionPolicyEnum = builder.enumType('TransitionPolicy', {
  description: 'What publishing does to journeys in flight on the previous version.',
  values: {
    KEEP: { value: 'keep', description: 'They keep the version they enrolled under.' },
    TRANSITION: { value: 'transition', description: 'They move after the transition period, told in advance, deadlines adjusted.' },
    IMMEDIATE: { value: 'immediate', description: 'They move to the new version now.' },
  } satisfies Record<string, { value: TransitionPolicy; description: string }>,
});
export const ReviewOutcomeEnum = builder.enumType('RuleReviewOutcome', {
  values: {
    CONFIRMED: { value: 'confirmed', description: 'The rules still fit; next review in a year unless said otherwise.' },
    REVISION_NEEDED: { value: 'revision_needed', description: 'A change is needed; looked at again in three months unless said otherwise.' },
    SUPERSEDED: { value: 'superseded', description: 'Recorded by publishing a new version; not for reviewers to choose.' },
  },
});

builder.prismaObject('RuleSet', {
  description: 'An immutable published version of a rule set, with who published it, when and why.',
  authScopes: RULE_READERS,
  fields: (t) => ({
    id: t.exposeID('id', { description: '<key>@<version>, what journeys pin.' }),
    key: t.exposeString('key'),
    programId: t.exposeString('programId'),
    kind: t.field({ type: RuleSetKindEnum, resolve: (r) => r.kind as RuleSetKind }),
    version: t.exposeInt('version'),
    description: t.exposeString('description'),
    definition: t.expose('definition', { type: 'JSON', description: 'The rule-set file as published.' }),
    publishedAt: t.expose('publishedAt', { type: 'DateTime' }),
    publishedBy: t.exposeString('publishedBy', { description: 'Who asked for the publication (the author of the decision).' }),
    approvedBy: t.exposeString('approvedBy', { nullable: true, description: 'The second person who approved it (four eyes).' }),
    reason: t.exposeString('reason'),
    reviewDueOn: t.expose('reviewDueOn', { type: 'DateTime', nullable: true }),
    transitions: t.relation('transitions', { query: { orderBy: { createdAt: 'asc' } } }),
  }),
});

builder.prismaObject('RuleSetDraft', {
  description: 'A rule set being edited; publishable once it has no problems.',
  authScopes: RULE_READERS,
  fields: (t) => ({
    id: t.exposeID('id'),
    key: t.exposeString('key'),
    programId: t.exposeString('programId'),
    kind: t.field({ type: RuleSetKindEnum, resolve: (r) => r.kind as RuleSetKind }),
    basedOnVersion: t.exposeInt('basedOnVersion', { nullable: true, description: 'The latest published version when it was saved.' }),
    definition: t.expose('definition', { type: 'JSON' }),
    author: t.exposeString('author'),
    requestedBy: t.exposeString('requestedBy', { nullable: true, description: 'Who asked for publication; a second person must approve.' }),
    requestedAt: t.expose('requestedAt', { type: 'DateTime', nullable: true }),
    request: t.expose('request', { type: 'JSON', nullable: true, description: 'The decision asked for: reason, policy, transition and review periods.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
    errors: t.field({
      type: [RuleSetProblemRef],
      description: 'What blocks publication, checked against the versions published now.',
      resolve: (draft, _args, ctx) => ctx.ruleSets.draftProblems(draft),
    }),
  }),
});

interface TransitionResult {
  journeyId: string;
  accepted: boolean | null;
  stage?: string;
  code?: string;
  message?: string;
}

const TransitionResultRef = builder.objectRef<TransitionResult>('RuleTransitionResult').implement({
  description: "One journey's answer to a new version; accepted is null while it has not answered yet.",
  authScopes: RULE_READERS,
  fields: (t) => ({
    journeyId: t.exposeID('journeyId'),
    accepted: t.boolean({ nullable: true, resolve: (r) => r.accepted }),
    stage: t.string({ nullable: true, resolve: (r) => r.stage ?? null }),
    code: t.string({ nullable: true, description: 'Why the journey refused, e.g. NOT_ALLOWED_IN_STAGE.', resolve: (r) => r.code ?? null }),
    message: t.string({ nullable: true, resolve: (r) => r.message ?? null }),
  }),
});

builder.prismaObject('RuleTransition', {
  description: 'What publishing a version did to the journeys in flight on the previous one.',
  authScopes: RULE_READERS,
  fields: (t) => ({
    id: t.exposeID('id'),
    ruleSetId: t.exposeString('ruleSetId'),
    previousRuleSetId: t.exposeString('previousRuleSetId'),
    policy: t.field({ type: TransitionPolicyEnum, resolve: (r) => r.policy as TransitionPolicy }),
    effectiveAt: t.expose('effectiveAt', { type: 'DateTime', description: 'When journeys move (publication time for KEEP and IMMEDIATE).' }),
    journeysNotified: t.exposeInt('journeysNotified', { description: 'Journeys whose workflow accepted the change.' }),
    results: t.field({ type: [TransitionResultRef], resolve: (row) => row.results as unknown as TransitionResult[] }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

builder.prismaObject('RuleSetReview', {
  description: 'A periodic review of a rule set: when it is due and, once held, who decided what.',
  authScopes: RULE_READERS,
  fields: (t) => ({
    id: t.exposeID('id'),
    ruleSetKey: t.exposeString('ruleSetKey'),
    dueOn: t.expose('dueOn', { type: 'DateTime' }),
    reviewedOn: t.expose('reviewedOn', { type: 'DateTime', nullable: true }),
    reviewer: t.exposeString('reviewer', { nullable: true }),
    outcome: t.field({ type: ReviewOutcomeEnum, nullable: true, resolve: (r) => r.outcome as ReviewOutcome | null }),
    notes: t.exposeString('notes', { nullable: true }),
  }),
});

const ChangeKindEnum = builder.enumType('RuleSetChangeKind', { values: enumValues(['added', 'removed', 'changed'] as const) });

const RuleSetChangeRef = builder.objectRef<RuleSetChange>('RuleSetChange').implement({
  authScopes: RULE_READERS,
  fields: (t) => ({
    kind: t.field({ type: ChangeKindEnum, resolve: (c) => c.kind }),
    path: t.exposeString('path', { description: 'JSON path in the newer version (the older one for a removal).' }),
    previousPath: t.string({ nullable: true, resolve: (c) => c.previousPath ?? null }),
    summary: t.exposeString('summary', { description: 'The change in words.' }),
    before: t.field({ type: 'JSON', nullable: true, resolve: (c) => c.before ?? null }),
    after: t.field({ type: 'JSON', nullable: true, resolve: (c) => c.after ?? null }),
  }),
});

export const RuleSetDiffRef = builder.objectRef<RuleSetDiff>('RuleSetDiff').implement({
  authScopes: RULE_READERS,
  fields: (t) => ({
    from: t.exposeString('from'),
    to: t.exposeString('to'),
    changes: t.field({ type: [RuleSetChangeRef], resolve: (d) => d.changes }),
  }),
});

const ChangeEnum = builder.enumType('SimulatedChange', { values: enumValues(['gains', 'loses', 'unchanged', 'failed'] as const) });
const GroupEnum = builder.enumType('PopulationGroup', { values: enumValues(['in_flight', 'past_candidate'] as const) });

const SimulatedOutcomeRef = builder.objectRef<SimulatedOutcome>('SimulatedOutcome').implement({
  description: "One person's eligibility today and under the draft, and why it would change.",
  authScopes: RULE_READERS,
  fields: (t) => ({
    personId: t.exposeID('personId'),
    name: t.exposeString('name'),
    journeyId: t.exposeID('journeyId', { nullable: true }),
    stage: t.exposeString('stage', { nullable: true }),
    group: t.field({ type: GroupEnum, resolve: (o) => o.group }),
    baselineRuleSetId: t.exposeString('baselineRuleSetId', { description: 'The version that applies to them today.' }),
    before: t.exposeBoolean('before', { nullable: true }),
    after: t.exposeBoolean('after', { nullable: true }),
    change: t.field({ type: ChangeEnum, resolve: (o) => o.change }),
    why: t.exposeStringList('why'),
  }),
});

export const SimulationRef = builder.objectRef<SimulationReport>('RuleSimulation').implement({
  description: 'A draft evaluated for every journey in flight and every past candidate of its program.',
  authScopes: RULE_READERS,
  fields: (t) => ({
    ruleSetId: t.exposeString('ruleSetId'),
    asOf: t.field({ type: 'DateTime', resolve: (r) => r.asOf }),
    population: t.exposeInt('population'),
    gains: t.field({ type: [SimulatedOutcomeRef], resolve: (r) => r.gains }),
    loses: t.field({ type: [SimulatedOutcomeRef], resolve: (r) => r.loses }),
    unchanged: t.field({ type: [SimulatedOutcomeRef], resolve: (r) => r.unchanged }),
    failed: t.field({ type: [SimulatedOutcomeRef], resolve: (r) => r.failed }),
  }),
});

export const DueReviewRef = builder.objectRef<DueReview>('DueRuleReview').implement({
  authScopes: RULE_READERS,
  fields: (t) => ({
    ruleSetKey: t.exposeString('ruleSetKey'),
    ruleSetId: t.exposeString('ruleSetId', { description: 'The latest published version.' }),
    programId: t.exposeString('programId'),
    dueOn: t.field({ type: 'DateTime', nullable: true, description: 'Null: never scheduled.', resolve: (r) => r.dueOn }),
    overdue: t.exposeBoolean('overdue'),
  }),
});
