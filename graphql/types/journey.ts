import { ErrorCode } from '../../domain/errors.js';
import { JOURNEY_STAGES, type JourneyStage } from '../../domain/journey.js';
import { canSeeJourney, canSeeScores } from '../access.js';
import { builder, CertiflowError, enumValues } from '../builder.js';

export const JourneyStageEnum = builder.enumType('JourneyStage', { values: enumValues(JOURNEY_STAGES) });

builder.prismaObject('Journey', {
  description: 'One candidate on one program: where they are, what happened, and under which rules.',
  authScopes: (journey, ctx) => canSeeJourney(ctx.viewer, journey),
  fields: (t) => ({
    id: t.exposeID('id'),
    stage: t.field({ type: JourneyStageEnum, resolve: (j) => j.stage as JourneyStage }),
    cycle: t.exposeInt('cycle'),
    program: t.relation('program'),
    pathway: t.relation('pathway'),
    candidate: t.relation('candidate'),
    enrolledAt: t.expose('enrolledAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
    ruleSetId: t.exposeString('ruleSetId', { nullable: true, description: 'The eligibility rule-set version pinned at enrolment.' }),
    outcome: t.exposeString('outcome', { nullable: true }),
    eligibility: t.field({
      type: 'JSON',
      nullable: true,
      description: 'The last eligibility evaluation: every condition with expected and actual values, and the reasons.',
      resolve: (j) => j.eligibility,
    }),
    events: t.relation('events', { query: { orderBy: [{ at: 'asc' }, { seq: 'asc' }] } }),
    submissions: t.relation('submissions', { query: { orderBy: { submittedAt: 'asc' } } }),
    assessments: t.relation('assessments', { query: { orderBy: { decidedAt: 'asc' } } }),
    credentials: t.relation('credentials', { query: { orderBy: { cycle: 'asc' } } }),
  }),
});

builder.prismaObject('JourneyEvent', {
  // Reachable only through a Journey, whose own scopes decide who sees it.
  authScopes: { authenticated: true },
  description: 'An entry of the journey audit trail.',
  fields: (t) => ({
    id: t.exposeID('id'),
    seq: t.exposeInt('seq'),
    type: t.exposeString('type'),
    at: t.expose('at', { type: 'DateTime' }),
    stage: t.exposeString('stage'),
    actor: t.prismaField({
      type: 'Person',
      nullable: true,
      resolve: (query, event, _args, ctx) =>
        event.actorId ? ctx.prisma.person.findUnique({ ...query, where: { id: event.actorId } }) : null,
    }),
    ruleSetId: t.exposeString('ruleSetId', { nullable: true }),
    data: t.field({ type: 'JSON', resolve: (e) => e.data }),
  }),
});

builder.prismaObject('Submission', {
  // Reachable only through a Journey, whose own scopes decide who sees it.
  authScopes: { authenticated: true },
  fields: (t) => ({
    id: t.exposeID('id'),
    format: t.exposeString('format'),
    title: t.exposeString('title'),
    content: t.exposeString('content'),
    reflection: t.exposeString('reflection'),
    contentHash: t.exposeString('contentHash'),
    submittedAt: t.expose('submittedAt', { type: 'DateTime' }),
  }),
});

builder.prismaObject('Assessment', {
  // Reachable only through a Journey, whose own scopes decide who sees it.
  authScopes: { authenticated: true },
  fields: (t) => ({
    id: t.exposeID('id'),
    outcome: t.exposeString('outcome'),
    rationale: t.exposeString('rationale'),
    decidedAt: t.expose('decidedAt', { type: 'DateTime' }),
    average: t.float({
      nullable: true,
      description: 'Visible to the candidate, their assessor and HR.',
      select: { journey: { select: { candidateId: true, assessorId: true } } },
      resolve: (a, _args, ctx) => (canSeeScores(ctx.viewer, a.journey) ? a.average : null),
    }),
    scores: t.field({
      type: 'JSON',
      nullable: true,
      description: 'Level per rubric criterion. Visible to the candidate, their assessor and HR.',
      select: { journey: { select: { candidateId: true, assessorId: true } } },
      resolve: (a, _args, ctx) => (canSeeScores(ctx.viewer, a.journey) ? a.scores : null),
    }),
  }),
});

builder.prismaObject('Credential', {
  // Reachable only through a Journey, whose own scopes decide who sees it.
  authScopes: { authenticated: true },
  description: 'A credential issued at the end of a successful cycle.',
  fields: (t) => ({
    id: t.exposeID('id'),
    number: t.exposeString('number'),
    status: t.exposeString('status'),
    issuedAt: t.expose('issuedAt', { type: 'DateTime' }),
    expiresAt: t.expose('expiresAt', { type: 'DateTime' }),
    program: t.relation('program'),
    holder: t.relation('person'),
  }),
});

builder.queryFields((t) => ({
  journey: t.prismaField({
    type: 'Journey',
    nullable: true,
    authScopes: { authenticated: true },
    args: { id: t.arg.id({ required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const journey = await ctx.prisma.journey.findUnique({ ...query, where: { id: String(args.id) } });
      // Someone else's journey is indistinguishable from a missing one.
      return journey && canSeeJourney(ctx.viewer, journey) ? journey : null;
    },
  }),
  myJourneys: t.prismaField({
    type: ['Journey'],
    authScopes: { authenticated: true },
    resolve: (query, _root, _args, ctx) =>
      ctx.prisma.journey.findMany({ ...query, where: { candidateId: ctx.viewer!.personId }, orderBy: { enrolledAt: 'desc' } }),
  }),
  journeys: t.prismaField({
    type: ['Journey'],
    description: 'Journeys for HR and program owners, newest first.',
    authScopes: { hr: true },
    args: {
      programId: t.arg.id(),
      stage: t.arg({ type: JourneyStageEnum }),
      first: t.arg.int({ defaultValue: 50 }),
    },
    resolve: (query, _root, args, ctx) => {
      if ((args.first ?? 50) > 200 || (args.first ?? 50) < 1) {
        throw new CertiflowError({ code: ErrorCode.InvalidInput, message: 'first must be between 1 and 200', path: 'first' });
      }
      return ctx.prisma.journey.findMany({
        ...query,
        where: { ...(args.programId ? { programId: String(args.programId) } : {}), ...(args.stage ? { stage: args.stage } : {}) },
        orderBy: [{ enrolledAt: 'desc' }, { id: 'asc' }],
        take: args.first ?? 50,
      });
    },
  }),
}));
