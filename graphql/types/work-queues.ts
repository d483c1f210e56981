import { FINAL_STAGES, JourneyStage } from '../../domain/journey.js';
import type { Prisma } from '../../prisma/client.js';
import type { InFlight, } from '../../services/in-flight.js';
import { isHrViewer } from '../../domain/access.js';
import { builder } from '../builder.js';
import type { GraphQLContext } from '../context.js';
import { judgedAnonymously } from '../committee-access.js';

// What is waiting for the people who act on others' journeys: a manager's reports, a mentor's mentees,
// an assessor's panels, a committee member's appeals and the credentials the committee may revoke.
// Each list holds only journeys the person already may see (services/access.ts); the Journey type's
// own scopes still apply to every item.

/** One workflow query per journey per request, however many fields ask. */
const glances = new WeakMap<GraphQLContext, Map<string, Promise<InFlight | null>>>();
function inFlight(ctx: GraphQLContext, journeyId: string): Promise<InFlight | null> {
  const byJourney = glances.get(ctx) ?? new Map<string, Promise<InFlight | null>>();
  glances.set(ctx, byJourney);
  const glance = byJourney.get(journeyId) ?? ctx.inFlight.glance(journeyId);
  byJourney.set(journeyId, glance);
  return glance;
}

const LIST_LIMIT = 200;
const SCORED_STAGES: string[] = [JourneyStage.AwaitingAssessment, JourneyStage.RecertificationReview];

const journeys = (ctx: GraphQLContext, query: object, where: Prisma.JourneyWhereInput) =>
  ctx.prisma.journey.findMany({ ...query, where, orderBy: [{ updatedAt: 'desc' }, { id: 'asc' }], take: LIST_LIMIT });

const isCommittee = (ctx: GraphQLContext) => ctx.viewer?.roles.includes('committee') ?? false;

builder.queryFields((t) => ({
  reportJourneys: t.prismaField({
    type: ['Journey'],
    description: "Journeys of the signed-in person's direct reports, most recently active first (at most 200).",
    authScopes: { authenticated: true },
    resolve: (query, _root, _args, ctx) => journeys(ctx, query, { candidateId: { in: ctx.viewer!.reportIds } }),
  }),
  menteeJourneys: t.prismaField({
    type: ['Journey'],
    description: 'Journeys the signed-in person mentors, most recently active first (at most 200).',
    authScopes: { authenticated: true },
    resolve: (query, _root, _args, ctx) => journeys(ctx, query, { mentorId: ctx.viewer!.personId }),
  }),
  panelJourneys: t.prismaField({
    type: ['Journey'],
    description: 'Journeys whose current assessment panel includes the signed-in person (see scoringDue), most recently active first.',
    authScopes: { assessor: true },
    resolve: (query, _root, _args, ctx) =>
      journeys(ctx, query, { OR: [{ panel: { has: ctx.viewer!.personId } }, { assessorId: ctx.viewer!.personId }] }),
  }),
  moderationJourneys: t.prismaField({
    type: ['Journey'],
    description: 'Journeys whose assessment the signed-in committee member was asked to moderate (see moderationDue), most recently active first.',
    authScopes: (_root, _args, ctx) => isCommittee(ctx),
    resolve: (query, _root, _args, ctx) =>
      journeys(ctx, query, { events: { some: { type: 'moderation_requested', data: { path: ['moderatorId'], equals: ctx.viewer!.personId } } } }),
  }),
  appealReviews: t.prismaField({
    type: ['Appeal'],
    description: 'Appeals the signed-in person sits on as a reviewer, oldest first; `open: true` keeps only undecided ones.',
    authScopes: { authenticated: true },
    args: { open: t.arg.boolean() },
    resolve: (query, _root, args, ctx) =>
      ctx.prisma.appeal.findMany({
        ...query,
        where: { reviewers: { has: ctx.viewer!.personId }, ...(args.open === true ? { decidedAt: null } : args.open === false ? { NOT: { decidedAt: null } } : {}) },
        orderBy: { filedAt: 'asc' },
      }),
  }),
  activeCredentials: t.prismaField({
    type: ['Credential'],
    description:
      "Active credentials, which the certification committee may revoke; for committee members and HR (at most 200, soonest expiry first). Not those of journeys the viewer judges anonymised: a credential's number and dates would say whose it is.",
    authScopes: (_root, _args, ctx) => isHrViewer(ctx.viewer) || isCommittee(ctx),
    args: { programId: t.arg.id() },
    resolve: async (query, _root, args, ctx) => {
      const rows = await ctx.prisma.credential.findMany({
        ...query,
        where: { status: 'active', ...(args.programId ? { programId: String(args.programId) } : {}) },
        orderBy: [{ expiresAt: 'asc' }, { id: 'asc' }],
        take: LIST_LIMIT,
      });
      const anonymous = await judgedAnonymously(ctx, rows.map((row) => row.journeyId));
      return anonymous.size === 0 ? rows : rows.filter((row) => !anonymous.has(row.journeyId));
    },
  }),
}));

builder.prismaObjectFields('Journey', (t) => ({
  panelRound: t.exposeInt('panelRound', { description: 'The assessment round the current panel was drawn for.' }),
  scoringDue: t.boolean({
    description: 'True when the signed-in person sits on the current panel and has not yet scored this round.',
    select: { id: true, stage: true, panel: true, panelRound: true },
    resolve: async (journey, _args, ctx) => {
      const me = ctx.viewer?.personId;
      if (!me || !SCORED_STAGES.includes(journey.stage) || !journey.panel.includes(me)) return false;
      const scored = (await inFlight(ctx, journey.id))?.scoredBy;
      if (scored) return !scored.includes(me);
      // The workflow cannot say right now: the read model knows once the whole panel has scored.
      return ctx.panelProgress.scoringOutstanding(journey.id, journey.panelRound, me);
    },
  }),
  panelScoredBy: t.prismaField({
    type: ['Person'],
    nullable: true,
    description: 'Members of the current panel who have scored this round: who, never what (scores stay hidden until all have scored). Null when it cannot be told right now.',
    select: { id: true, stage: true, panel: true, panelRound: true },
    resolve: async (query, journey, _args, ctx) => {
      const scored = SCORED_STAGES.includes(journey.stage)
        ? ((await inFlight(ctx, journey.id))?.scoredBy ?? null)
        : await ctx.panelProgress.scoredBy(journey.id, journey.panelRound);
      if (!scored) return null;
      const members = scored.filter((id) => journey.panel.includes(id));
      return ctx.prisma.person.findMany({ ...query, where: { id: { in: members } }, orderBy: { id: 'asc' } });
    },
  }),
  nextCheckInDue: t.field({
    type: 'DateTime',
    nullable: true,
    description: 'When the check-in the mentor can record now is due (it may be past: overdue until it is marked missed). Null when none is open, or when the workflow cannot say right now.',
    select: { id: true, stage: true },
    resolve: async (journey, _args, ctx) => (FINAL_STAGES.includes(journey.stage as JourneyStage) ? null : ((await inFlight(ctx, journey.id))?.openCheckIn?.dueAt ?? null)),
  }),
  moderationDue: t.boolean({
    description: 'True when the journey is in moderation and the signed-in person is the moderator asked to decide it.',
    select: { id: true, stage: true },
    resolve: async (journey, _args, ctx) => {
      if (journey.stage !== JourneyStage.InModeration || !ctx.viewer) return false;
      return (await ctx.panelProgress.requestedModerator(journey.id)) === ctx.viewer.personId;
    },
  }),
}));

builder.prismaObjectFields('Appeal', (t) => ({
  viewerHasVoted: t.boolean({
    description: 'True when the signed-in reviewer has voted on this appeal (votes are read from the workflow until the appeal is decided).',
    select: { journeyId: true, reviewers: true, decidedAt: true, decidedBy: true },
    resolve: async (appeal, _args, ctx) => {
      const me = ctx.viewer?.personId;
      if (!me || !appeal.reviewers.includes(me)) return false;
      if (appeal.decidedAt) return appeal.decidedBy?.split(',').includes(me) ?? false;
      return (await inFlight(ctx, appeal.journeyId))?.appealVoters.includes(me) ?? false;
    },
  }),
  journey: t.relation('journey', { description: 'The appealed journey (its own scopes decide what the reader sees).' }),
  assessment: t.prismaField({
    type: 'Assessment',
    nullable: true,
    description: 'The decision being appealed.',
    resolve: (query, appeal, _args, ctx) => ctx.prisma.assessment.findUnique({ ...query, where: { id: appeal.assessmentId } }),
  }),
}));
