import type { UpdateDefinition } from '@temporalio/client';
import {
  adjustLearningPlanUpdate,
  decideAppealUpdate,
  declareConflictUpdate,
  fileAppealUpdate,
  moderateAssessmentUpdate,
  pauseJourneyUpdate,
  recordCheckInUpdate,
  recordMilestoneUpdate,
  resumeJourneyUpdate,
  revokeCredentialUpdate,
  type StageAnswer,
  transferPathwayUpdate,
  withdrawJourneyUpdate,
} from '../../workflows/journey/messages.js';
import { actingAs, journeyGate, revocationGate } from '../../services/access.js';
import { ErrorCode } from '../../domain/errors.js';
import { builder, CertiflowError, enumValues } from '../builder.js';
import { conflictedWithHolder } from '../committee-access.js';
import type { GraphQLContext } from '../context.js';
import { unwrap } from './errors.js';
import { CriterionScoreInput, JourneyPayloadRef, levelsByCriterion } from './journey-actions.js';
import { journeyNamedOrThrow } from './journey-anonymity.js';

// Mutations of the full lifecycle. Each passes who is asking (and whether they act for HR or the
// committee) to the journey workflow, whose validator accepts the action or says why not. Every one goes
// through the caller's gate first: a journey they may not see answers NOT_FOUND, as a missing one does.

/** Who is acting; committee powers need a term that is current now, not just the role. */
const actor = (ctx: GraphQLContext) => actingAs({ prisma: ctx.prisma, viewer: ctx.viewer! });

const AppealOutcomeEnum = builder.enumType('AppealOutcome', { values: enumValues(['uphold', 'overturn', 'reassess'] as const) });

function journeyAction<Fields extends Record<string, unknown>, I>(
  name: string,
  description: string,
  fields: Parameters<typeof builder.inputType>[1]['fields'],
  definition: UpdateDefinition<StageAnswer, [I], string>,
  toInput: (ctx: GraphQLContext, input: Fields, journeyId: string) => I | Promise<I>,
  gate = journeyGate,
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
        const id = await journeyNamedOrThrow(ctx, String(journeyId));
        const message = await toInput(ctx, rest as unknown as Fields, id);
        const answer = unwrap(await ctx.journeys.actAs(gate(ctx), id, definition, message));
        return { journeyId: id, stage: answer.stage };
      },
    }),
  );
}

const by = (ctx: GraphQLContext) => ({ actorId: ctx.viewer!.personId });

journeyAction(
  'recordCheckIn',
  'The mentor records the due check-in: progress, blockers and next steps.',
  (t) => ({ progress: t.string({ required: true }), blockers: t.string({ required: true }), nextSteps: t.string({ required: true }) }),
  recordCheckInUpdate,
  (ctx, input: { progress: string; blockers: string; nextSteps: string }) => ({ ...by(ctx), ...input }),
);

journeyAction(
  'adjustLearningPlan',
  'The candidate or their mentor replaces the learning plan.',
  (t) => ({ goals: t.stringList({ required: true }), note: t.string({ required: true }) }),
  adjustLearningPlanUpdate,
  (ctx, input: { goals: string[]; note: string }) => ({ ...by(ctx), ...input }),
);

journeyAction(
  'recordMilestone',
  'A milestone or digital badge, recorded by the mentor, a panel member or HR.',
  (t) => ({ key: t.string({ required: true }), title: t.string({ required: true }), badge: t.string() }),
  recordMilestoneUpdate,
  async (ctx, { badge, ...input }: { key: string; title: string; badge?: string | null }) => ({ ...(await actor(ctx)), ...input, ...(badge ? { badge } : {}) }),
);

journeyAction(
  'moderateAssessment',
  "The moderator's final scores when the panel disagreed beyond the program's threshold.",
  (t) => ({ scores: t.field({ type: [CriterionScoreInput], required: true }), rationale: t.string({ required: true }) }),
  moderateAssessmentUpdate,
  (ctx, input: { scores: { criterion: string; level: number }[]; rationale: string }) => ({
    ...by(ctx),
    scores: levelsByCriterion(input.scores, 'scores'),
    rationale: input.rationale,
  }),
);

journeyAction(
  'fileAppeal',
  'The candidate appeals a "not passed" decision within the appeal window, giving grounds.',
  (t) => ({ grounds: t.string({ required: true }) }),
  fileAppealUpdate,
  (ctx, input: { grounds: string }) => ({ ...by(ctx), ...input }),
);

journeyAction(
  'decideAppeal',
  "An appointed reviewer's vote; the majority decides once every reviewer has voted.",
  (t) => ({ outcome: t.field({ type: AppealOutcomeEnum, required: true }), rationale: t.string({ required: true }) }),
  decideAppealUpdate,
  (ctx, input: { outcome: 'uphold' | 'overturn' | 'reassess'; rationale: string }) => ({ ...by(ctx), ...input }),
);

journeyAction(
  'declareConflict',
  'A panel member who has not scored, the moderator, or an appeal reviewer who has not voted declares a conflict of interest and steps aside; someone else is drawn at once by the same rules.',
  (t) => ({ explanation: t.string({ required: true, description: 'Why you cannot judge this candidate fairly (seen by HR only).' }) }),
  declareConflictUpdate,
  (ctx, input: { explanation: string }) => ({ ...by(ctx), ...input }),
);

journeyAction(
  'pauseJourney',
  'Leave of absence: every deadline stops until the journey is resumed.',
  (t) => ({ reason: t.string({ required: true }) }),
  pauseJourneyUpdate,
  async (ctx, input: { reason: string }) => ({ ...(await actor(ctx)), ...input }),
);

journeyAction(
  'resumeJourney',
  'Ends a pause; every deadline moves by the time spent paused.',
  () => ({}),
  resumeJourneyUpdate,
  (ctx) => actor(ctx),
);

journeyAction(
  'withdrawJourney',
  'The candidate or HR withdraws the journey.',
  (t) => ({ reason: t.string({ required: true }) }),
  withdrawJourneyUpdate,
  async (ctx, input: { reason: string }) => ({ ...(await actor(ctx)), ...input }),
);

journeyAction(
  'transferPathway',
  'Moves the journey to another pathway of the program before evidence is submitted.',
  (t) => ({ pathwayId: t.id({ required: true }) }),
  transferPathwayUpdate,
  async (ctx, input: { pathwayId: string }) => ({ ...(await actor(ctx)), pathwayId: String(input.pathwayId) }),
);

journeyAction(
  'revokeCredential',
  'The certification committee revokes the credential, with a reason: a first member proposes, a second confirms (confirmsProposalBy).',
  (t) => ({
    reason: t.string({ required: true }),
    confirmsProposalBy: t.id({
      description:
        'The member whose proposed revocation this confirms (Credential.revocationProposal.proposedBy). Required to confirm one; without it, revoking a credential whose revocation another member proposed is refused (CONFLICT).',
    }),
  }),
  revokeCredentialUpdate,
  async (ctx, { confirmsProposalBy, ...input }: { reason: string; confirmsProposalBy?: string | number | null }, journeyId) => {
    // Neither proposing nor confirming is for the holder, nor for anyone with a conflict of interest with them.
    const journey = await ctx.prisma.journey.findUnique({ where: { id: journeyId }, select: { candidateId: true } });
    if (journey && (await conflictedWithHolder(ctx, journey.candidateId))) {
      throw new CertiflowError({
        code: ErrorCode.Forbidden,
        message: 'You hold this credential, manage its holder or mentored them: another committee member must decide on its revocation.',
        path: 'journeyId',
      });
    }
    return { ...(await actor(ctx)), ...input, ...(confirmsProposalBy ? { confirms: String(confirmsProposalBy) } : {}) };
  },
  revocationGate,
);
