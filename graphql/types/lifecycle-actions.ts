import {
  adjustLearningPlanUpdate,
  decideAppealUpdate,
  fileAppealUpdate,
  moderateAssessmentUpdate,
  pauseJourneyUpdate,
  recordCheckInUpdate,
  recordMilestoneUpdate,
  resumeJourneyUpdate,
  revokeCredentialUpdate,
  transferPathwayUpdate,
  withdrawJourneyUpdate,
} from '../../workflows/journey/messages.js';
import { isHrViewer } from '../access.js';
import { builder, enumValues } from '../builder.js';
import type { GraphQLContext } from '../context.js';
import { unwrap } from './errors.js';
import { CriterionScoreInput, JourneyPayloadRef } from './journey-actions.js';

// Mutations of the full lifecycle. Each passes who is asking (and whether they act for HR or the
// committee) to the journey workflow, whose validator accepts the action or says why not.

/** Who is acting; committee powers need a term that is current now, not just the role. */
async function actor(ctx: GraphQLContext) {
  const now = new Date();
  const activeTerms = await ctx.prisma.committeeTerm.count({
    where: { personId: ctx.viewer!.personId, startsOn: { lte: now }, endsOn: { gt: now } },
  });
  return { actorId: ctx.viewer!.personId, isHr: isHrViewer(ctx.viewer), isCommittee: activeTerms > 0 };
}

const AppealOutcomeEnum = builder.enumType('AppealOutcome', { values: enumValues(['uphold', 'overturn', 'reassess'] as const) });

function journeyAction<Fields extends Record<string, unknown>>(
  name: string,
  description: string,
  fields: Parameters<typeof builder.inputType>[1]['fields'],
  send: (ctx: GraphQLContext, journeyId: string, input: Fields) => ReturnType<GraphQLContext['journeys']['act']>,
) {
  const Input = builder.inputType(`${name[0]!.toUpperCase()}${name.slice(1)}Input`, {
    fields: (t) => ({ journeyId: t.id({ required: true }), ...(fields as (t: unknown) => object)(t) }),
  });
  builder.mutationField(name, (t) =>
    t.field({
      type: JourneyPayloadRef,
      description,
      authScopes: { authenticated: true },
      errors: {},
      args: { input: t.arg({ type: Input, required: true }) },
      resolve: async (_root, { input }, ctx) => {
        const { journeyId, ...rest } = input as unknown as { journeyId: string } & Fields;
        const answer = unwrap(await send(ctx, String(journeyId), rest as unknown as Fields));
        return { journeyId: String(journeyId), stage: answer.stage };
      },
    }),
  );
}

journeyAction<{ progress: string; blockers: string; nextSteps: string }>(
  'recordCheckIn',
  "The mentor records the due check-in: progress, blockers and next steps.",
  (t) => ({ progress: t.string({ required: true }), blockers: t.string({ required: true }), nextSteps: t.string({ required: true }) }),
  (ctx, id, input) => ctx.journeys.act(id, recordCheckInUpdate, { actorId: ctx.viewer!.personId, ...input }),
);

journeyAction<{ goals: string[]; note: string }>(
  'adjustLearningPlan',
  'The candidate or their mentor replaces the learning plan.',
  (t) => ({ goals: t.stringList({ required: true }), note: t.string({ required: true }) }),
  (ctx, id, input) => ctx.journeys.act(id, adjustLearningPlanUpdate, { actorId: ctx.viewer!.personId, ...input }),
);

journeyAction<{ key: string; title: string; badge?: string | null }>(
  'recordMilestone',
  'A milestone or digital badge, recorded by the mentor, a panel member or HR.',
  (t) => ({ key: t.string({ required: true }), title: t.string({ required: true }), badge: t.string() }),
  async (ctx, id, { badge, ...input }) => ctx.journeys.act(id, recordMilestoneUpdate, { ...(await actor(ctx)), ...input, ...(badge ? { badge } : {}) }),
);

journeyAction<{ scores: { criterion: string; level: number }[]; rationale: string }>(
  'moderateAssessment',
  "The moderator's final scores when the panel disagreed beyond the program's threshold.",
  (t) => ({ scores: t.field({ type: [CriterionScoreInput], required: true }), rationale: t.string({ required: true }) }),
  (ctx, id, input) =>
    ctx.journeys.act(id, moderateAssessmentUpdate, {
      actorId: ctx.viewer!.personId,
      scores: Object.fromEntries(input.scores.map((s) => [s.criterion, s.level])),
      rationale: input.rationale,
    }),
);

journeyAction<{ grounds: string }>(
  'fileAppeal',
  'The candidate appeals a "not passed" decision within the appeal window, giving grounds.',
  (t) => ({ grounds: t.string({ required: true }) }),
  (ctx, id, input) => ctx.journeys.act(id, fileAppealUpdate, { actorId: ctx.viewer!.personId, ...input }),
);

journeyAction<{ outcome: 'uphold' | 'overturn' | 'reassess'; rationale: string }>(
  'decideAppeal',
  "An appointed reviewer's vote; the majority decides once every reviewer has voted.",
  (t) => ({ outcome: t.field({ type: AppealOutcomeEnum, required: true }), rationale: t.string({ required: true }) }),
  (ctx, id, input) => ctx.journeys.act(id, decideAppealUpdate, { actorId: ctx.viewer!.personId, ...input }),
);

journeyAction<{ reason: string }>(
  'pauseJourney',
  'Leave of absence: every deadline stops until the journey is resumed.',
  (t) => ({ reason: t.string({ required: true }) }),
  async (ctx, id, input) => ctx.journeys.act(id, pauseJourneyUpdate, { ...(await actor(ctx)), ...input }),
);

journeyAction<Record<string, never>>(
  'resumeJourney',
  'Ends a pause; every deadline moves by the time spent paused.',
  () => ({}),
  async (ctx, id) => ctx.journeys.act(id, resumeJourneyUpdate, await actor(ctx)),
);

journeyAction<{ reason: string }>(
  'withdrawJourney',
  'The candidate or HR withdraws the journey.',
  (t) => ({ reason: t.string({ required: true }) }),
  async (ctx, id, input) => ctx.journeys.act(id, withdrawJourneyUpdate, { ...(await actor(ctx)), ...input }),
);

journeyAction<{ pathwayId: string }>(
  'transferPathway',
  'Moves the journey to another pathway of the program before evidence is submitted.',
  (t) => ({ pathwayId: t.id({ required: true }) }),
  async (ctx, id, input) => ctx.journeys.act(id, transferPathwayUpdate, { ...(await actor(ctx)), pathwayId: String(input.pathwayId) }),
);

journeyAction<{ reason: string }>(
  'revokeCredential',
  'The certification committee revokes the credential, with a reason.',
  (t) => ({ reason: t.string({ required: true }) }),
  async (ctx, id, input) => ctx.journeys.act(id, revokeCredentialUpdate, { ...(await actor(ctx)), ...input }),
);
