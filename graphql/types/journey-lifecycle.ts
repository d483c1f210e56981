import { appealFilter, panelScoreVisible } from '../../services/access.js';
import { canSeeDevelopment, isCandidateOrHr } from '../../domain/access.js';
import { builder } from '../builder.js';
import type { GraphQLContext } from '../context.js';
import { noteRead } from '../read-audit.js';
import { candidateHidden } from './journey-anonymity.js';
import { CohortObject } from './program.js';

// Read side of the full lifecycle: mentoring, milestones, panel scores, appeals. Reached through a
// Journey, whose scopes decide who sees it at all; fields below narrow further where the rules say so.

// What a check-in says can be personal (blockers at home, health): it is for the people who support the
// candidate's learning, not for the panel or the committee, who see only that it happened.
const development = { journey: { select: { candidateId: true, mentorId: true } } } as const;
type CheckInRow = Record<'progress' | 'blockers' | 'nextSteps', string | null> & { journey: { candidateId: string; mentorId: string | null } };
function note(ctx: GraphQLContext, row: CheckInRow & { journeyId: string }, key: 'progress' | 'blockers' | 'nextSteps') {
  if (!canSeeDevelopment(ctx.viewer, row.journey) || row[key] === null) return null;
  noteRead(ctx, { kind: 'development', subjectId: row.journey.candidateId, journeyId: row.journeyId });
  return row[key];
}
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

// Whoever reaches an appeal may read it (Journey.appeals and appealReviews hand out only those they may
// see); its grounds and the committee's reasons are what the read audit records.
const candidate = { journey: { select: { candidateId: true } } } as const;
function appealText(ctx: GraphQLContext, appeal: { journeyId: string; journey: { candidateId: string } }, text: string | null): string | null {
  if (text !== null) noteRead(ctx, { kind: 'appeal', subjectId: appeal.journey.candidateId, journeyId: appeal.journeyId });
  return text;
}

builder.prismaObject('Appeal', {
  authScopes: { authenticated: true },
  fields: (t) => ({
    id: t.exposeID('id'),
    grounds: t.string({ select: candidate, resolve: (a, _args, ctx) => appealText(ctx, a, a.grounds) ?? '' }),
    filedAt: t.expose('filedAt', { type: 'DateTime' }),
    reviewers: t.exposeStringList('reviewers'),
    outcome: t.exposeString('outcome', { nullable: true }),
    rationale: t.string({ nullable: true, select: candidate, resolve: (a, _args, ctx) => appealText(ctx, a, a.rationale) }),
    decidedAt: t.expose('decidedAt', { type: 'DateTime', nullable: true }),
  }),
});

type PanelScoreRow = { journeyId: string; submissionId: string; round: number; assessorId: string; journey: { candidateId: string } };
/** The value when the viewer may see this panel score, noted in the read audit when one goes out. */
async function shownPanelScore<T>(ctx: GraphQLContext, score: PanelScoreRow, value: T | null): Promise<T | null> {
  if (value === null || !(await panelScoreVisible(ctx, score))) return null;
  noteRead(ctx, { kind: 'scores', subjectId: score.journey.candidateId, journeyId: score.journeyId });
  return value;
}

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
      select: candidate,
      resolve: (score, _args, ctx) => shownPanelScore(ctx, score, score.scores),
    }),
    comment: t.string({
      nullable: true,
      select: candidate,
      resolve: (score, _args, ctx) => shownPanelScore(ctx, score, score.comment),
    }),
  }),
});

builder.prismaObjectFields('Journey', (t) => ({
  // A cohort's name may be a team's ("Platform pilot"): not for an anonymised assessment's judges.
  cohort: t.field({
    type: CohortObject,
    nullable: true,
    select: (_args, _ctx, nestedSelection) => ({ cohort: nestedSelection(true) }),
    resolve: async (journey, _args, ctx) => (journey.cohort && !(await candidateHidden(ctx, journey.id, journey)) ? journey.cohort : null),
  }),
  mentor: t.prismaField({
    type: 'Person',
    nullable: true,
    description: "The candidate's mentor; null for an anonymised assessment's judges (a mentor often works beside the candidate).",
    resolve: async (query, journey, _args, ctx) =>
      journey.mentorId && !(await candidateHidden(ctx, journey.id, journey)) ? ctx.prisma.person.findUnique({ ...query, where: { id: journey.mentorId } }) : null,
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
    resolve: (j, _args, ctx) => {
      if (!isCandidateOrHr(ctx.viewer, j) || j.endReason === null) return null;
      noteRead(ctx, { kind: 'end_reason', subjectId: j.candidateId, journeyId: j.id });
      return j.endReason;
    },
  }),
  learningPlan: t.field({
    type: 'JSON',
    nullable: true,
    description: 'Goals and a note; for HR, the candidate, their manager and their mentor.',
    select: { learningPlan: true },
    resolve: (j, _args, ctx) => {
      if (!canSeeDevelopment(ctx.viewer, j) || j.learningPlan === null) return null;
      noteRead(ctx, { kind: 'development', subjectId: j.candidateId, journeyId: j.id });
      return j.learningPlan;
    },
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
