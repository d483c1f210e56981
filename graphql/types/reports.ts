import { ErrorCode } from '../../domain/errors.js';
import type { QuarterlyReport } from '../../services/reports/quarterly.js';
import { loadSatisfactionResults, type SatisfactionGroup, type SatisfactionResults } from '../../services/analytics/survey-results.js';
import { builder, CertiflowError } from '../builder.js';
import { minGroupSizeArg } from './analytics.js';
import { unwrap } from './errors.js';

// Quarterly program-health reports: the stored ones, and generating one on demand. HR only.

const hr = { hr: true } as const;

const ProgramReportRef = builder.prismaObject('ProgramReport', {
  authScopes: hr,
  description: 'A quarterly program-health report; download it as HTML or CSV from the paths given.',
  fields: (t) => ({
    id: t.exposeID('id'),
    programId: t.exposeString('programId'),
    quarter: t.exposeString('quarter'),
    periodStart: t.expose('periodStart', { type: 'DateTime' }),
    periodEnd: t.expose('periodEnd', { type: 'DateTime', description: 'Exclusive.' }),
    generatedAt: t.expose('generatedAt', { type: 'DateTime' }),
    generatedBy: t.exposeString('generatedBy', { description: 'The workflow that built it.' }),
    notes: t.stringList({ description: 'Improvement notes derived from the figures.', resolve: (r) => (r.summary as unknown as QuarterlyReport).notes }),
    htmlPath: t.string({ description: 'GET with a bearer token.', resolve: (r) => `/reports/${encodeURIComponent(r.id)}.html` }),
    csvPath: t.string({ description: 'GET with a bearer token.', resolve: (r) => `/reports/${encodeURIComponent(r.id)}.csv` }),
  }),
});

const ReportRunRef = builder.objectRef<{ workflowId: string; quarter: string; started: boolean }>('QuarterlyReportRun').implement({
  authScopes: hr,
  fields: (t) => ({
    workflowId: t.exposeString('workflowId'),
    quarter: t.exposeString('quarter'),
    started: t.exposeBoolean('started', { description: 'False when a run for this quarter was already going.' }),
  }),
});

const GenerateQuarterlyReportInput = builder.inputType('GenerateQuarterlyReportInput', {
  fields: (t) => ({
    programId: t.id({ required: true }),
    quarter: t.string({ required: true, description: 'e.g. "2026-Q3".' }),
  }),
});

builder.queryFields((t) => ({
  programReports: t.prismaField({
    type: [ProgramReportRef],
    authScopes: hr,
    description: "A program's stored quarterly reports, newest quarter first.",
    args: { programId: t.arg.id({ required: true }) },
    resolve: (query, _root, args, ctx) => ctx.prisma.programReport.findMany({ ...query, where: { programId: String(args.programId) }, orderBy: { quarter: 'desc' } }),
  }),
}));

builder.mutationFields((t) => ({
  generateQuarterlyReport: t.field({
    type: ReportRunRef,
    authScopes: hr,
    description: 'Builds the quarterly report now (the same workflow as the schedule) and emails the committee.',
    errors: {},
    args: { input: t.arg({ type: GenerateQuarterlyReportInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      if (!ctx.reports) throw new CertiflowError({ code: ErrorCode.WorkflowUnavailable, message: 'Report generation is not available on this server.' });
      return unwrap(await ctx.reports.generate(String(input.programId), input.quarter, ctx.viewer!.personId));
    },
  }),
}));

// Learner satisfaction, aggregated; suppression is done in surveys/results.ts.

const SatisfactionGroupRef = builder.objectRef<SatisfactionGroup>('SatisfactionGroup').implement({
  description: 'Survey answers of one group, or (group null, all figures null) for the groups suppressed as too small or as their complements.',
  authScopes: hr,
  fields: (t) => ({
    group: t.exposeString('group', { nullable: true, description: 'Null for the one row that stands for every suppressed group: suppressed groups are not named.' }),
    suppressed: t.exposeBoolean('suppressed'),
    responses: t.exposeInt('responses', { nullable: true }),
    averageRating: t.exposeFloat('averageRating', { nullable: true, description: 'From 1 to 5.' }),
    distribution: t.exposeIntList('distribution', { nullable: true, description: 'Answers per rating, from 1 to 5.' }),
  }),
});

const SatisfactionResultsRef = builder.objectRef<SatisfactionResults>('SatisfactionResults').implement({
  authScopes: hr,
  fields: (t) => ({
    minGroupSize: t.exposeInt('minGroupSize'),
    responsesThrough: t.expose('responsesThrough', {
      type: 'DateTime',
      nullable: true,
      description: 'The last response included: responses are added in whole batches of at least the minimum group size of people.',
    }),
    overall: t.field({ type: SatisfactionGroupRef, resolve: (r) => r.overall }),
    byOutcome: t.field({ type: [SatisfactionGroupRef], resolve: (r) => r.byOutcome }),
    byPathway: t.field({ type: [SatisfactionGroupRef], resolve: (r) => r.byPathway }),
  }),
});

builder.queryFields((t) => ({
  satisfactionResults: t.field({
    type: SatisfactionResultsRef,
    authScopes: hr,
    description: 'Learner satisfaction after assessment decisions, overall, by outcome and by pathway.',
    args: {
      programId: t.arg.id({ required: true }),
      minGroupSize: t.arg.int({ description: 'Raise the minimum group size (at most 100); it never goes below 5.' }),
    },
    resolve: (_root, args, ctx) => loadSatisfactionResults(ctx.prisma, String(args.programId), { minGroupSize: minGroupSizeArg(args.minGroupSize) }),
  }),
}));
