import { appealFilter, panelScoreVisible } from '../../services/access.js';
import { canSeeDevelopment, isCandidateOrHr } from '../../domain/access.js';
import { builder } from '../builder.js';
import type { GraphQLContext } from '../context.js';

// Read side of the full lifecycle: mentoring, milestones, panel scores, appeals. Reached through a
// Journey, whose scopes decide who sees it at all; fields below narrow further where the rules say so.

// What a check-in says can be personal (blockers at home, health): it is for the people who support the
// candidate's learning, not for the panel or the committee, who see only that it happened.
const development = { journey: { select: { candidateId: true, mentorId: true } } } as const;
type CheckInRow = Record<'progress' | 'blockers' | 'nextSteps', string | null> & { journey: { candidateId: string; mentorId: string | null } };
const note = (ctx: GraphQLContext, row: CheckInRow, key: 'progress' | 'blockers' | 'nextSteps') => (canSeeDevelopment(ctx.viewer, row.journey) ? row[key] : null);
const NOTE = 'For HR, the candidate, their manager and their mentor.';

builder.prismaObject('CheckIn', {
  authScopes: { authenticated: true },
  fields: (t) => ({
    id: t.exposeID('id'),
    dueAt: t.expose('dueAt', { type: 'DateTime' }),
    recordedAt: t.expose('recordedAt', { type: 'DateTime', nullable: true }),
    missed: t.exposeBoolean('missed'),
    progress: t.string({ nullable: true, description: NOTE, select: development, resolve: (c, _args, ctx) => note(ctx, c, 'progress') }),
    blockers: t.string({ nullable: true, description: NOTE, select: development, resolve: (c, _args, ctx) => note(ctx, c, 'blockers') }),
    nextSteps: t.string({ nullable: true, description: NOTE, select: development, resolve: (c, _args, ctx) => note(ctx, c, 'nextSteps') }),
  }),
});

builder.prismaObject('Milestone', {
  description: 'A milestone or digital badge earned on the way, e.g. "portfolio reviewed".',
  authScopes: { authenticated: true },
  fields: (t) => ({
    id: t.exposeID('id'),
    key: t.exposeString('key'),
    title: t.exposeString('title'),
    badge: t.exposeString('badge', { nullable: true }),
    awardedAt: t.expose('awardedAt', { type: 'DateTime' }),
  }),
});

builder.prismaObject('Appeal', {
  authScopes: { authenticated: true },
  fields: (t) => ({
    id: t.exposeID('id'),
    grounds: t.exposeString('grounds'),
    filedAt: t.expose('filedAt', { type: 'DateTime' }),
    reviewers: t.exposeStringList('reviewers'),
    outcome: t.exposeString('outcome', { nullable: true }),
    rationale: t.exposeString('rationale', { nullable: true }),
    decidedAt: t.expose('decidedAt', { type: 'DateTime', nullable: true }),
  }),
});


builder.prismaObject('PanelScore', {
  description: "One assessor's independent scores.",
  authScopes: { authenticated: true },
  fields: (t) => ({
    id: t.exposeID('id'),
    round: t.exposeInt('round'),
    assessor: t.prismaField({
      type: 'Person',
      resolve: (query, score, _args, ctx) => ctx.prisma.person.findUniqueOrThrow({ ...query, where: { id: score.assessorId } }),
    }),
    submittedAt: t.expose('submittedAt', { type: 'DateTime' }),
    scores: t.field({
      type: 'JSON',
      nullable: true,
      description: 'Hidden from the rest of the panel until every member has scored.',
      resolve: async (score, _args, ctx) => ((await panelScoreVisible(ctx, score)) ? score.scores : null),
    }),
    comment: t.string({
      nullable: true,
      resolve: async (score, _args, ctx) => ((await panelScoreVisible(ctx, score)) ? score.comment : null),
    }),
  }),
});

builder.prismaObjectFields('Journey', (t) => ({
  cohort: t.relation('cohort', { nullable: true }),
  mentor: t.prismaField({
    type: 'Person',
    nullable: true,
    resolve: (query, journey, _args, ctx) => (journey.mentorId ? ctx.prisma.person.findUnique({ ...query, where: { id: journey.mentorId } }) : null),
  }),
  panel: t.prismaField({
    type: ['Person'],
    description: 'The current assessment panel.',
    resolve: (query, journey, _args, ctx) => ctx.prisma.person.findMany({ ...query, where: { id: { in: journey.panel } }, orderBy: { id: 'asc' } }),
  }),
  pausedAt: t.expose('pausedAt', { type: 'DateTime', nullable: true }),
  // Why it ended may be the assessment's rationale (scores), a withdrawal's or revocation's reason.
  endReason: t.string({
    nullable: true,
    description: 'Why the journey ended; for HR and the candidate.',
    select: { endReason: true },
    resolve: (j, _args, ctx) => (isCandidateOrHr(ctx.viewer, j) ? j.endReason : null),
  }),
  learningPlan: t.field({
    type: 'JSON',
    nullable: true,
    description: 'Goals and a note; for HR, the candidate, their manager and their mentor.',
    select: { learningPlan: true },
    resolve: (j, _args, ctx) => (canSeeDevelopment(ctx.viewer, j) ? j.learningPlan : null),
  }),
  checkIns: t.relation('checkIns', { query: { orderBy: { dueAt: 'asc' } } }),
  milestones: t.relation('milestones', { query: { orderBy: { awardedAt: 'asc' } } }),
  panelScores: t.relation('panelScores', { query: { orderBy: [{ round: 'asc' }, { submittedAt: 'asc' }] } }),
  // Committee members see only the appeals they sit on; HR and the candidate see all.
  appeals: t.prismaField({
    type: ['Appeal'],
    resolve: (query, journey, _args, ctx) =>
      ctx.prisma.appeal.findMany({ ...query, where: { journeyId: journey.id, ...appealFilter(ctx.viewer, journey) }, orderBy: { filedAt: 'asc' } }),
  }),
}));
