import type { AdverseImpactAudit, AuditGroup } from '../../services/analytics/audit.js';
import { GROUP_BY, MAX_TREND_QUARTERS, type ProgramAnalytics } from '../../services/analytics/index.js';
import type { FunnelStep, GroupMetrics, RateGroup } from '../../services/analytics/program.js';
import type { TrendPoint } from '../../services/analytics/trend.js';
import { FUNNEL_STAGES, type FunnelAudit, type FunnelGroup, type FunnelStageResult } from '../../services/analytics/funnel-audit.js';
import type { SimulationGroupImpact, SimulationImpact } from '../../services/analytics/simulation-impact.js';
import { ProgramImpactRef } from './program-version.js';
import { SimulationRef } from './rule-set-objects.js';
import { GraphQLError } from 'graphql';
import { ErrorCode } from '../../domain/errors.js';
import { MAX_MIN_GROUP_SIZE } from '../../services/analytics/suppression.js';
import { builder, enumValues } from '../builder.js';

// Program analytics, the adverse-impact audit, the funnel audit and a rule simulation by group, for HR
// (the hr scope: HR, admins and program owners). Every figure is a group figure; suppression (small
// groups, their complements, no names) is done in the service (services/analytics/suppression.ts),
// never here.

const hr = { hr: true } as const;

/** The asked minimum group size, refused past MAX_MIN_GROUP_SIZE (each size up to it is computed). */
export function minGroupSizeArg(value: number | null | undefined): number | undefined {
  if (value !== null && value !== undefined && value > MAX_MIN_GROUP_SIZE) {
    throw new GraphQLError(`minGroupSize may be at most ${MAX_MIN_GROUP_SIZE}.`, { extensions: { code: ErrorCode.InvalidInput, path: 'minGroupSize' } });
  }
  return value ?? undefined;
}

const GroupByEnum = builder.enumType('AnalyticsGroupBy', { values: enumValues(GROUP_BY) });
const AttributeEnum = builder.enumType('DemographicAttribute', {
  values: { GENDER: { value: 'gender' }, ETHNICITY: { value: 'ethnicity' }, AGE_BAND: { value: 'ageBand' }, DISABILITY: { value: 'disability' } } as const,
});

const FunnelStepRef = builder.objectRef<FunnelStep>('FunnelStep').implement({
  authScopes: hr,
  fields: (t) => ({
    step: t.exposeString('step'),
    reached: t.exposeInt('reached'),
    dropOff: t.exposeFloat('dropOff', { nullable: true, description: "Share of the previous step's journeys that did not get here." }),
  }),
});

const FISHER_P =
  "Two-sided Fisher's exact test of this group against everyone else decided (suppressed groups included), four significant digits; a screening signal: with many groups and stages some small p-values come by chance.";

const SUPPRESSED_ROW = 'Null for the one row that stands for every suppressed group: suppressed groups are not named.';

const GroupMetricsRef = builder.objectRef<GroupMetrics>('GroupMetrics').implement({
  description: 'Figures for one group, or (group null, all figures null) for the groups suppressed as too small or as their complements.',
  authScopes: hr,
  fields: (t) => ({
    group: t.exposeString('group', { nullable: true, description: SUPPRESSED_ROW }),
    suppressed: t.exposeBoolean('suppressed'),
    journeys: t.exposeInt('journeys', { nullable: true }),
    decided: t.exposeInt('decided', { nullable: true }),
    passed: t.exposeInt('passed', { nullable: true }),
    passRate: t.exposeFloat('passRate', { nullable: true }),
    certified: t.exposeInt('certified', { nullable: true }),
    medianDaysToCertification: t.exposeFloat('medianDaysToCertification', { nullable: true }),
    medianDaysToProficiency: t.exposeFloat('medianDaysToProficiency', {
      nullable: true,
      description: 'Median days from hiring to the first credential.',
    }),
    p90DaysToCertification: t.exposeFloat('p90DaysToCertification', { nullable: true, description: 'Nearest-rank 90th percentile.' }),
    funnel: t.field({ type: [FunnelStepRef], nullable: true, resolve: (g) => g.funnel }),
  }),
});

const RateGroupRef = builder.objectRef<RateGroup>('RateGroup').implement({
  authScopes: hr,
  fields: (t) => ({
    group: t.exposeString('group'),
    suppressed: t.exposeBoolean('suppressed'),
    size: t.exposeInt('size', { nullable: true }),
    count: t.exposeInt('count', { nullable: true }),
    rate: t.exposeFloat('rate', { nullable: true }),
  }),
});

const TrendPointRef = builder.objectRef<TrendPoint>('PassRateTrendPoint').implement({
  description: 'The pass rate of one calendar quarter; all null when it had fewer decisions than the minimum group size.',
  authScopes: hr,
  fields: (t) => ({
    quarter: t.exposeString('quarter', { description: 'e.g. "2026-Q3".' }),
    suppressed: t.exposeBoolean('suppressed'),
    decided: t.exposeInt('decided', { nullable: true, description: 'Assessments decided in the quarter.' }),
    passed: t.exposeInt('passed', { nullable: true }),
    passRate: t.exposeFloat('passRate', { nullable: true }),
  }),
});

const ProgramAnalyticsRef = builder.objectRef<ProgramAnalytics>('ProgramAnalytics').implement({
  authScopes: hr,
  fields: (t) => ({
    groupBy: t.field({ type: GroupByEnum, resolve: (a) => a.groupBy }),
    minGroupSize: t.exposeInt('minGroupSize'),
    groups: t.field({ type: [GroupMetricsRef], resolve: (a) => a.groups }),
    retention: t.field({ type: [RateGroupRef], description: 'Still employed: people ever certified versus not (yet) certified.', resolve: (a) => a.retention }),
    recertification: t.field({ type: RateGroupRef, description: 'Credentials renewed among those whose renewal was due.', resolve: (a) => a.recertification }),
    passRateTrend: t.field({
      type: [TrendPointRef],
      description: `Pass rate per calendar quarter (by decision date) up to the current one, oldest first; program-wide, not by group.`,
      args: { quarters: t.arg.int({ defaultValue: 8, description: `How many quarters, the current one included (1 to ${MAX_TREND_QUARTERS}).` }) },
      resolve: (a, args, ctx) => ctx.analytics.passRateTrend(a.programId, args.quarters ?? 8, { minGroupSize: a.minGroupSize }),
    }),
  }),
});

const AuditGroupRef = builder.objectRef<AuditGroup>('AuditGroup').implement({
  authScopes: hr,
  fields: (t) => ({
    group: t.exposeString('group', { nullable: true, description: SUPPRESSED_ROW }),
    suppressed: t.exposeBoolean('suppressed'),
    sampleSize: t.exposeInt('sampleSize', { nullable: true }),
    passed: t.exposeInt('passed', { nullable: true }),
    passRate: t.exposeFloat('passRate', { nullable: true }),
    impactRatio: t.exposeFloat('impactRatio', { nullable: true, description: "Pass rate / the reference group's pass rate." }),
    flagged: t.exposeBoolean('flagged', { description: 'Impact ratio below 0.8 (the four-fifths rule).' }),
    fisherP: t.exposeFloat('fisherP', { nullable: true, description: FISHER_P }),
  }),
});

const AuditRef = builder.objectRef<AdverseImpactAudit>('AdverseImpactAudit').implement({
  authScopes: hr,
  fields: (t) => ({
    attribute: t.field({ type: AttributeEnum, resolve: (a) => a.attribute }),
    minGroupSize: t.exposeInt('minGroupSize'),
    referenceGroup: t.exposeString('referenceGroup', { nullable: true }),
    decisionsThrough: t.expose('decisionsThrough', {
      type: 'DateTime',
      nullable: true,
      description: 'The last decision included: decisions are added in whole batches of at least the minimum group size of people.',
    }),
    groups: t.field({ type: [AuditGroupRef], resolve: (a) => a.groups }),
  }),
});

builder.queryFields((t) => ({
  programAnalytics: t.field({
    type: ProgramAnalyticsRef,
    description: 'Pass rates, time to certification, funnel, retention and re-certification by group.',
    authScopes: hr,
    args: {
      programId: t.arg.id({ required: true }),
      groupBy: t.arg({ type: GroupByEnum, required: true }),
      minGroupSize: t.arg.int({ description: 'Raise the minimum group size (at most 100); it never goes below the configured one (5).' }),
    },
    resolve: (_root, args, ctx) =>
      ctx.analytics.programAnalytics(String(args.programId), args.groupBy, { minGroupSize: minGroupSizeArg(args.minGroupSize) }),
  }),
  adverseImpactAudit: t.field({
    type: AuditRef,
    description: 'Pass rate per demographic group with the impact ratio against the highest group.',
    authScopes: hr,
    args: {
      programId: t.arg.id({ required: true }),
      attribute: t.arg({ type: AttributeEnum, required: true }),
      minGroupSize: t.arg.int({ description: 'Raise the minimum group size (at most 100); it never goes below the configured one (5).' }),
    },
    resolve: (_root, args, ctx) =>
      ctx.analytics.adverseImpactAudit(String(args.programId), args.attribute, { minGroupSize: minGroupSizeArg(args.minGroupSize) }),
  }),
}));

// The funnel audit (services/analytics/funnel-audit.ts) and the rule simulation by group.

const FunnelStageEnum = builder.enumType('FunnelAuditStage', { values: enumValues(FUNNEL_STAGES) });

const FunnelGroupRef = builder.objectRef<FunnelGroup>('FunnelAuditGroup').implement({
  description: 'One group at one stage, or (group null, all figures null) the groups suppressed as too small or as their complements.',
  authScopes: hr,
  fields: (t) => ({
    group: t.exposeString('group', { nullable: true, description: SUPPRESSED_ROW }),
    suppressed: t.exposeBoolean('suppressed'),
    sampleSize: t.exposeInt('sampleSize', { nullable: true, description: 'Journeys decided at this stage (certification: journeys certified).' }),
    favourable: t.exposeInt('favourable', { nullable: true, description: "Journeys with the stage's favourable outcome; null at certification." }),
    rate: t.exposeFloat('rate', { nullable: true }),
    impactRatio: t.exposeFloat('impactRatio', { nullable: true, description: "Rate / the reference group's rate." }),
    flagged: t.exposeBoolean('flagged', { description: 'Impact ratio below 0.8 (the four-fifths rule).' }),
    fisherP: t.exposeFloat('fisherP', { nullable: true, description: FISHER_P }),
    medianDays: t.exposeFloat('medianDays', { nullable: true, description: 'Certification only: median days from enrolment to the first credential.' }),
  }),
});

const FunnelStageRef = builder.objectRef<FunnelStageResult>('FunnelAuditStageResult').implement({
  authScopes: hr,
  fields: (t) => ({
    stage: t.field({ type: FunnelStageEnum, resolve: (s) => s.stage }),
    favourableOutcome: t.exposeString('favourableOutcome', { nullable: true, description: 'What the rate counts; null for certification, which reports time.' }),
    referenceGroup: t.exposeString('referenceGroup', { nullable: true }),
    through: t.expose('through', {
      type: 'DateTime',
      nullable: true,
      description: "The last decision included: each stage's decisions are added in whole batches of at least the minimum group size of people.",
    }),
    groups: t.field({ type: [FunnelGroupRef], resolve: (s) => s.groups }),
  }),
});

const FunnelAuditRef = builder.objectRef<FunnelAudit>('FunnelAudit').implement({
  authScopes: hr,
  fields: (t) => ({
    attribute: t.field({ type: AttributeEnum, resolve: (a) => a.attribute }),
    minGroupSize: t.exposeInt('minGroupSize'),
    stages: t.field({ type: [FunnelStageRef], resolve: (a) => a.stages }),
  }),
});

const SimulationGroupRef = builder.objectRef<SimulationGroupImpact>('RuleSimulationGroup').implement({
  authScopes: hr,
  fields: (t) => ({
    group: t.exposeString('group', { nullable: true, description: SUPPRESSED_ROW }),
    suppressed: t.exposeBoolean('suppressed'),
    population: t.exposeInt('population', { nullable: true, description: 'People of the group the simulation evaluated.' }),
    gains: t.exposeInt('gains', { nullable: true }),
    loses: t.exposeInt('loses', { nullable: true }),
    failed: t.exposeInt('failed', { nullable: true }),
    gainRate: t.exposeFloat('gainRate', { nullable: true }),
    loseRate: t.exposeFloat('loseRate', { nullable: true }),
  }),
});

const SimulationImpactRef = builder.objectRef<SimulationImpact>('RuleSimulationImpact').implement({
  authScopes: hr,
  fields: (t) => ({
    attribute: t.field({ type: AttributeEnum, resolve: (i) => i.attribute }),
    minGroupSize: t.exposeInt('minGroupSize'),
    population: t.exposeInt('population', { description: 'People counted: enrolled in whole batches of at least the minimum group size.' }),
    groups: t.field({ type: [SimulationGroupRef], resolve: (i) => i.groups }),
  }),
});

// On the simulation rule admins and program owners read, but for HR only: demographic breakdowns are HR's.
builder.objectField(SimulationRef, 'impactByGroup', (t) =>
  t.field({
    type: SimulationImpactRef,
    authScopes: hr,
    description: 'Who would gain or lose eligibility by demographic group, with small groups suppressed as in the audits.',
    args: {
      attribute: t.arg({ type: AttributeEnum, required: true }),
      minGroupSize: t.arg.int({ description: 'Raise the minimum group size (at most 100); it never goes below the configured one (5).' }),
    },
    resolve: (report, args, ctx) => ctx.analytics.simulationImpact(report, args.attribute, { minGroupSize: minGroupSizeArg(args.minGroupSize) }),
  }),
);

// The same breakdown for a program version's plan: who would become or stop being eligible, by group.
builder.objectField(ProgramImpactRef, 'eligibilityByGroup', (t) =>
  t.field({
    type: SimulationImpactRef,
    authScopes: hr,
    description:
      'Of the people not on the program, how many in each demographic group would become (gains) or stop being (loses) eligible for a pathway whose rule set the version changes: one row per person and pathway, small groups suppressed as in the audits, people counted in whole batches by when they joined.',
    args: {
      attribute: t.arg({ type: AttributeEnum, required: true }),
      minGroupSize: t.arg.int({ description: 'Raise the minimum group size (at most 100); it never goes below the configured one (5).' }),
    },
    resolve: (impact, args, ctx) => ctx.analytics.programChangeImpact(impact.evaluated, args.attribute, { minGroupSize: minGroupSizeArg(args.minGroupSize) }),
  }),
);

builder.queryField('funnelAudit', (t) =>
  t.field({
    type: FunnelAuditRef,
    description: 'Eligibility, manager approval, assessment and appeal outcomes and time to certification by demographic group.',
    authScopes: hr,
    args: {
      programId: t.arg.id({ required: true }),
      attribute: t.arg({ type: AttributeEnum, required: true }),
      minGroupSize: t.arg.int({ description: 'Raise the minimum group size (at most 100); it never goes below the configured one (5).' }),
    },
    resolve: (_root, args, ctx) => ctx.analytics.funnelAudit(String(args.programId), args.attribute, { minGroupSize: minGroupSizeArg(args.minGroupSize) }),
  }),
);
