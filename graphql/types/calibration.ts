import { GraphQLError } from 'graphql';
import { isHrOrCommittee } from '../../domain/access.js';
import type { AssessorCalibration, CalibrationReport, CriterionReliability } from '../../services/analytics/index.js';
import { builder } from '../builder.js';
import { isHrOrSittingCommittee } from '../committee-access.js';
import type { GraphQLContext } from '../context.js';
import { minGroupSizeArg } from './analytics.js';

// Assessor calibration (inter-rater reliability) for the certification committee, which reviews it,
// and HR. It names assessors with their severity, so nobody else sees it: not candidates, not the
// assessors themselves. Thin figures are suppressed in the service (services/analytics/calibration.ts).

const committeeOrHr = (ctx: GraphQLContext) => isHrOrCommittee(ctx.viewer);

const SUPPRESSED = 'Null when suppressed: too few pairable units (see minUnits).';

const CriterionReliabilityRef = builder.objectRef<CriterionReliability>('CriterionReliability').implement({
  description: "Krippendorff's alpha (ordinal) for one rubric criterion, or every criterion pooled, with a bootstrap interval.",
  authScopes: (_parent, ctx) => committeeOrHr(ctx),
  fields: (t) => ({
    criterion: t.exposeString('criterion', { nullable: true, description: 'The criterion key; null for the row pooling every criterion.' }),
    title: t.exposeString('title'),
    suppressed: t.exposeBoolean('suppressed'),
    units: t.exposeInt('units', { nullable: true, description: `Submissions (per assessment round) with two or more scores on the criterion. ${SUPPRESSED}` }),
    values: t.exposeInt('values', { nullable: true, description: `Scores in those submissions. ${SUPPRESSED}` }),
    alpha: t.exposeFloat('alpha', { nullable: true, description: `1 is perfect agreement, 0 no better than chance. ${SUPPRESSED} Also null when every score was the same.` }),
    lower: t.exposeFloat('lower', { nullable: true, description: 'Lower end of the bootstrap percentile interval.' }),
    upper: t.exposeFloat('upper', { nullable: true, description: 'Upper end of the bootstrap percentile interval.' }),
  }),
});

const AssessorCalibrationRef = builder.objectRef<AssessorCalibration>('AssessorCalibration').implement({
  description: "How one assessor scores against the rest of their panels; one unnamed row stands for every assessor with too few submissions.",
  authScopes: (_parent, ctx) => committeeOrHr(ctx),
  fields: (t) => ({
    assessorId: t.exposeID('assessorId', { nullable: true }),
    name: t.exposeString('name', { nullable: true }),
    suppressed: t.exposeBoolean('suppressed'),
    submissions: t.exposeInt('submissions', { nullable: true, description: 'Submissions scored alongside at least one other panel member.' }),
    comparisons: t.exposeInt('comparisons', { nullable: true, description: 'Criterion scores compared with a consensus.' }),
    severity: t.exposeFloat('severity', {
      nullable: true,
      description: "Mean of (score - consensus) in rubric levels, the consensus being the mean of the other panel members' scores on the same criterion: negative is harsher.",
    }),
    agreement: t.exposeFloat('agreement', { nullable: true, description: 'Share of scores within one level of the consensus (equal included).' }),
  }),
});

const CalibrationReportRef = builder.objectRef<CalibrationReport>('CalibrationReport').implement({
  authScopes: (_parent, ctx) => committeeOrHr(ctx),
  fields: (t) => ({
    programId: t.exposeID('programId'),
    quarter: t.exposeString('quarter', { nullable: true, description: 'The quarter covered (by when each panel finished scoring); null for all time.' }),
    level: t.exposeString('level', { description: 'Level of measurement of the alpha: "ordinal".' }),
    minGroupSize: t.exposeInt('minGroupSize'),
    minUnits: t.exposeInt('minUnits', { description: "Pairable units a criterion's alpha needs (twice the minimum group size)." }),
    minSubmissions: t.exposeInt('minSubmissions', { description: "Submissions an assessor's figures need (the minimum group size)." }),
    resamples: t.exposeInt('resamples', { description: 'Bootstrap resamples (of submissions, with replacement; seeded, so reproducible).' }),
    confidence: t.exposeFloat('confidence', { description: 'Coverage of the interval, e.g. 0.95.' }),
    criteria: t.field({ type: [CriterionReliabilityRef], resolve: (r) => r.criteria }),
    overall: t.field({ type: CriterionReliabilityRef, resolve: (r) => r.overall }),
    assessors: t.field({ type: [AssessorCalibrationRef], resolve: (r) => r.assessors }),
  }),
});

builder.queryFields((t) => ({
  calibrationReport: t.field({
    type: CalibrationReportRef,
    description: 'Inter-rater reliability of the program\'s panels: alpha per criterion with a 95% interval, and each assessor\'s severity and agreement. For committee members with a current term and HR.',
    authScopes: (_root, _args, ctx) => isHrOrSittingCommittee(ctx),
    args: {
      programId: t.arg.id({ required: true }),
      quarter: t.arg.string({ description: 'e.g. "2026-Q3"; all time when left out.' }),
      minGroupSize: t.arg.int({ description: 'Raise the minimum group size (at most 100); it never goes below the configured one (5).' }),
    },
    resolve: async (_root, args, ctx) => {
      const result = await ctx.analytics.calibrationReport(String(args.programId), args.quarter, { minGroupSize: minGroupSizeArg(args.minGroupSize) });
      if (!result.ok) throw new GraphQLError(result.error.message, { extensions: { code: result.error.code, path: result.error.path } });
      return result.value;
    },
  }),
}));
