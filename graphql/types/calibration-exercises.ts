import { isExerciseOpen } from '../../domain/calibration-exercise.js';
import type { Rubric } from '../../domain/rubric.js';
import type { CalibrationExercise } from '../../prisma/client.js';
import type { CriterionComparison, ExerciseComparison, ExerciseSummary, LevelCount, SummaryAssessor, SummaryCriterion } from '../../services/calibration-exercise-figures.js';
import { runsExercises, scoresExercises } from '../../services/calibration-exercises.js';
import { builder } from '../builder.js';
import type { GraphQLContext } from '../context.js';
import { unwrap } from './errors.js';
import { CriterionScoreInput, levelsByCriterion } from './journey-actions.js';
import { RubricRef } from './pathway.js';
import { answerQuery } from '../answer-query.js';

// Calibration exercises (services/calibration-exercises.ts): a benchmark submission that belongs to no
// candidate. Assessors read it, score it once, and only then see how they compare, never who gave the
// other levels; the committee (current term) and HR set exercises and read every sheet by name.

/** Asked once per request: a committee term is a query. */
const running = new WeakMap<GraphQLContext, Promise<boolean>>();
function runs(ctx: GraphQLContext): Promise<boolean> {
  const known = running.get(ctx) ?? runsExercises(ctx.prisma, ctx.viewer);
  running.set(ctx, known);
  return known;
}
const mayRead = async (ctx: GraphQLContext) => scoresExercises(ctx.viewer) || (await runs(ctx));

const LevelCountRef = builder.objectRef<LevelCount>('CalibrationLevelCount').implement({
  authScopes: (_parent, ctx) => mayRead(ctx),
  fields: (t) => ({ level: t.exposeInt('level'), count: t.exposeInt('count') }),
});

const CriterionComparisonRef = builder.objectRef<CriterionComparison>('CalibrationCriterionComparison').implement({
  authScopes: (_parent, ctx) => mayRead(ctx),
  fields: (t) => ({
    criterion: t.exposeString('criterion'),
    title: t.exposeString('title'),
    mine: t.exposeInt('mine', { description: 'Your level.' }),
    reference: t.exposeInt('reference', { nullable: true, description: "The committee's agreed level, when the exercise has one." }),
    distribution: t.field({
      type: [LevelCountRef],
      nullable: true,
      description: 'Sheets per level over the sheets compared (yours and the released others); null while held back (it would show another assessor\'s levels).',
      resolve: (c) => c.distribution,
    }),
    mean: t.exposeFloat('mean', { nullable: true, description: 'Mean level over the sheets compared, yours included; null while held back.' }),
    othersMean: t.exposeFloat('othersMean', { nullable: true, description: "The other assessors' mean level; null while held back." }),
    deviation: t.exposeFloat('deviation', { nullable: true, description: 'Your level minus the others\' mean: negative is harsher.' }),
  }),
});

const ComparisonRef = builder.objectRef<ExerciseComparison>('CalibrationComparison').implement({
  authScopes: (_parent, ctx) => mayRead(ctx),
  description: 'How your sheet compares with the others and the reference; shown once you have scored.',
  fields: (t) => ({
    sheets: t.exposeInt('sheets', {
      description:
        "The sheets compared: yours and the others' released so far. Others' sheets are released in whole batches of three, in the order they came in, so no one sheet can be read off a change in the figures.",
    }),
    heldBack: t.exposeBoolean('heldBack', {
      description: "True while fewer than three sheets are compared: the others' levels (distribution, means, deviation, severity) are held back and only the reference is compared.",
    }),
    criteria: t.field({ type: [CriterionComparisonRef], resolve: (c) => c.criteria }),
    severity: t.exposeFloat('severity', { nullable: true, description: 'Mean deviation over the criteria, as in the calibration report.' }),
    matchesReference: t.exposeInt('matchesReference', { nullable: true, description: 'Criteria where your level is the reference level.' }),
  }),
});

type AssessorDeviation = SummaryAssessor['deviations'][number];

const SummaryCriterionRef = builder.objectRef<SummaryCriterion>('CalibrationSummaryCriterion').implement({
  authScopes: (_parent, ctx) => runs(ctx),
  fields: (t) => ({
    criterion: t.exposeString('criterion'),
    title: t.exposeString('title'),
    mean: t.exposeFloat('mean', { nullable: true }),
    min: t.exposeInt('min', { nullable: true }),
    max: t.exposeInt('max', { nullable: true }),
    reference: t.exposeInt('reference', { nullable: true }),
    distribution: t.field({ type: [LevelCountRef], description: 'Sheets per level, lowest level first.', resolve: (c) => c.distribution }),
    agreement: t.exposeFloat('agreement', { nullable: true, description: 'Share of pairs of assessors who gave the same level; null below two sheets.' }),
  }),
});

const AssessorDeviationRef = builder.objectRef<AssessorDeviation>('CalibrationAssessorDeviation').implement({
  authScopes: (_parent, ctx) => runs(ctx),
  fields: (t) => ({
    criterion: t.exposeString('criterion'),
    level: t.exposeInt('level'),
    deviation: t.exposeFloat('deviation', { nullable: true, description: "Their level minus the others' mean: negative is harsher; null for a lone sheet." }),
  }),
});

const SummaryAssessorRef = builder.objectRef<SummaryAssessor>('CalibrationSummaryAssessor').implement({
  authScopes: (_parent, ctx) => runs(ctx),
  fields: (t) => ({
    assessor: t.prismaField({ type: 'Person', nullable: true, resolve: (query, a, _args, ctx) => ctx.prisma.person.findUnique({ ...query, where: { id: a.assessorId } }) }),
    scores: t.field({ type: 'JSON', description: 'Their level per criterion.', resolve: (a) => a.scores }),
    comment: t.exposeString('comment'),
    deviations: t.field({ type: [AssessorDeviationRef], description: 'Per criterion, against the mean of the others.', resolve: (a) => a.deviations }),
    severity: t.exposeFloat('severity', { nullable: true, description: 'Mean deviation over the criteria, as in the calibration report.' }),
    matchesReference: t.exposeInt('matchesReference', { nullable: true }),
  }),
});

const SummaryRef = builder.objectRef<ExerciseSummary>('CalibrationSummary').implement({
  authScopes: (_parent, ctx) => runs(ctx),
  description: "Every sheet of an exercise, for the committee and HR.",
  fields: (t) => ({
    sheets: t.exposeInt('sheets'),
    criteria: t.field({ type: [SummaryCriterionRef], resolve: (s) => s.criteria }),
    alpha: t.exposeFloat('alpha', { nullable: true, description: "Krippendorff's alpha (ordinal) over the exercise: the criteria as units, the assessors' levels as values." }),
    assessors: t.field({ type: [SummaryAssessorRef], resolve: (s) => s.assessors }),
  }),
});

builder.prismaObject('CalibrationExercise', {
  description: 'A benchmark submission assessors score against a rubric to see how they compare; it belongs to no candidate.',
  authScopes: (_exercise, ctx) => mayRead(ctx),
  fields: (t) => ({
    id: t.exposeID('id'),
    program: t.prismaField({ type: 'Program', resolve: (query, e, _args, ctx) => ctx.prisma.program.findUniqueOrThrow({ ...query, where: { id: e.programId } }) }),
    pathwayId: t.exposeID('pathwayId'),
    programVersion: t.exposeInt('programVersion', { nullable: true, description: 'The program version the rubric was taken from.' }),
    title: t.exposeString('title'),
    format: t.exposeString('format'),
    content: t.exposeString('content', { description: 'The benchmark evidence.' }),
    rubric: t.field({ type: RubricRef, description: "The pathway's rubric as it was when the exercise was set.", resolve: (e) => e.rubric as unknown as Rubric }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    closesAt: t.expose('closesAt', { type: 'DateTime', nullable: true }),
    closedAt: t.expose('closedAt', { type: 'DateTime', nullable: true }),
    open: t.boolean({ description: 'Whether sheets are still taken.', resolve: (e) => isExerciseOpen(e, new Date()) }),
    sheetCount: t.int({ resolve: (e, _args, ctx) => ctx.prisma.calibrationSheet.count({ where: { exerciseId: e.id } }) }),
    scoredByMe: t.boolean({ resolve: async (e, _args, ctx) => !!ctx.viewer && (await ctx.prisma.calibrationSheet.count({ where: { exerciseId: e.id, assessorId: ctx.viewer.personId } })) > 0 }),
    myComparison: t.field({
      type: ComparisonRef,
      nullable: true,
      description: 'How your sheet compares; null until you have scored, so nobody anchors on the others.',
      resolve: (e, _args, ctx) => (ctx.viewer ? ctx.calibrationExercises.comparison(ctx.viewer, e as CalibrationExercise) : null),
    }),
    summary: t.field({
      type: SummaryRef,
      nullable: true,
      description: 'Every sheet, by assessor: for committee members with a current term and HR; null for anyone else.',
      resolve: async (e, _args, ctx) => ((await runs(ctx)) ? ctx.calibrationExercises.summary(e as CalibrationExercise) : null),
    }),
  }),
});

const CreateCalibrationExerciseInput = builder.inputType('CreateCalibrationExerciseInput', {
  fields: (t) => ({
    programId: t.id({ required: true }),
    pathwayId: t.id({ required: true, description: 'Whose rubric the exercise is scored against.' }),
    title: t.string({ required: true }),
    format: t.string({ required: true, description: 'written_report, reflective_write_up, video or live_demonstration' }),
    content: t.string({ required: true, description: 'The benchmark evidence (text, or a link for a video).' }),
    reference: t.field({ type: [CriterionScoreInput], description: "The committee's agreed level per criterion (every criterion), if it has one." }),
    closesAt: t.field({ type: 'DateTime' }),
  }),
});

const SubmitCalibrationScoresInput = builder.inputType('SubmitCalibrationScoresInput', {
  fields: (t) => ({
    exerciseId: t.id({ required: true }),
    scores: t.field({ type: [CriterionScoreInput], required: true }),
    comment: t.string({ description: 'Optional; read by the committee.' }),
  }),
});


builder.queryFields((t) => ({
  calibrationExercises: t.prismaField({
    type: ['CalibrationExercise'],
    description: 'Calibration exercises, newest first: for assessors (to score) and for the committee and HR.',
    authScopes: (_root, _args, ctx) => mayRead(ctx),
    args: { programId: t.arg.id(), open: t.arg.boolean({ description: 'true: only those still taking sheets.' }) },
    resolve: async (query, _root, args, ctx) => {
      const rows = await ctx.prisma.calibrationExercise.findMany({ ...query, where: args.programId ? { programId: String(args.programId) } : {}, orderBy: [{ createdAt: 'desc' }, { id: 'asc' }], take: 200 });
      const now = new Date();
      return args.open === true ? rows.filter((e) => isExerciseOpen(e, now)) : rows;
    },
  }),
  calibrationExercise: t.prismaField({
    type: 'CalibrationExercise',
    nullable: true,
    authScopes: (_root, _args, ctx) => mayRead(ctx),
    args: { id: t.arg.id({ required: true }) },
    resolve: (query, _root, args, ctx) => ctx.prisma.calibrationExercise.findUnique({ ...query, where: { id: String(args.id) } }),
  }),
}));

builder.mutationFields((t) => ({
  createCalibrationExercise: t.prismaField({
    type: 'CalibrationExercise',
    authScopes: { authenticated: true },
    errors: {},
    description: 'Sets a calibration exercise (committee members with a current term, HR).',
    args: { input: t.arg({ type: CreateCalibrationExerciseInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      const created = unwrap(
        await ctx.calibrationExercises.create(ctx.viewer!, {
          programId: String(input.programId),
          pathwayId: String(input.pathwayId),
          title: input.title,
          format: input.format,
          content: input.content,
          reference: input.reference ? levelsByCriterion(input.reference, 'reference') : null,
          closesAt: input.closesAt ?? null,
        }),
      );
      return ctx.prisma.calibrationExercise.findUniqueOrThrow({ ...answerQuery(query), where: { id: created.id } });
    },
  }),
  submitCalibrationScores: t.prismaField({
    type: 'CalibrationExercise',
    authScopes: { authenticated: true },
    errors: {},
    description: 'An assessor scores the benchmark once; their comparison is then on the exercise (myComparison).',
    args: { input: t.arg({ type: SubmitCalibrationScoresInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      const { exerciseId } = unwrap(await ctx.calibrationExercises.score(ctx.viewer!, { exerciseId: String(input.exerciseId), scores: levelsByCriterion(input.scores, 'scores'), comment: input.comment ?? '' }));
      return ctx.prisma.calibrationExercise.findUniqueOrThrow({ ...answerQuery(query), where: { id: exerciseId } });
    },
  }),
  closeCalibrationExercise: t.prismaField({
    type: 'CalibrationExercise',
    authScopes: { authenticated: true },
    errors: {},
    description: 'Stops taking sheets (committee members with a current term, HR).',
    args: { exerciseId: t.arg.id({ required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const closed = unwrap(await ctx.calibrationExercises.close(ctx.viewer!, String(args.exerciseId)));
      return ctx.prisma.calibrationExercise.findUniqueOrThrow({ ...answerQuery(query), where: { id: closed.id } });
    },
  }),
}));
