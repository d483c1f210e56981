import { ErrorCode } from '../../domain/errors.js';
import { EvidenceFormat, type JourneyStage } from '../../domain/journey.js';
import { journeyGate } from '../../services/access.js';
import { builder, CertiflowError, enumValues } from '../builder.js';
import { unwrap } from './errors.js';
import { JourneyStageEnum } from './journey.js';
import { journeyNamedOrThrow, shownJourneyId } from './journey-anonymity.js';

// Mutations through which people act on a journey. Each one translates GraphQL input into a service
// call behind the caller's gate (a journey they may not see is NOT_FOUND, as a missing one); the journey
// workflow then decides whether the action is allowed and says why not.

interface JourneyPayload {
  journeyId: string;
  created?: boolean;
  stage?: JourneyStage;
}

export const JourneyPayloadRef = builder.objectRef<JourneyPayload>('JourneyPayload').implement({
  fields: (t) => ({
    // The id the caller knows the journey by (an alias for an anonymised assessor); the payload keeps the real one.
    journeyId: t.id({ resolve: (p, _args, ctx) => shownJourneyId(ctx, p.journeyId) }),
    created: t.boolean({
      nullable: true,
      description: 'For enrolment: false when the candidate already had this journey running.',
      resolve: (p) => p.created ?? null,
    }),
    stage: t.field({ type: JourneyStageEnum, nullable: true, resolve: (p) => (p.stage ?? null) as JourneyStage | null }),
    journey: t.prismaField({
      type: 'Journey',
      nullable: true,
      resolve: (query, p, _args, ctx) => ctx.prisma.journey.findUnique({ ...query, where: { id: p.journeyId } }),
    }),
  }),
});

const EvidenceFormatEnum = builder.enumType('EvidenceFormat', { values: enumValues(Object.values(EvidenceFormat)) });

const EnrollInput = builder.inputType('EnrollInput', {
  fields: (t) => ({
    programId: t.id({ required: true }),
    pathwayId: t.id({ required: true }),
    candidateId: t.id({ description: 'HR may enrol someone else; candidates enrol themselves.' }),
    cohortId: t.id({ description: 'The cohort to join, e.g. a pilot cohort.' }),
  }),
});

const SubmitEvidenceInput = builder.inputType('SubmitEvidenceInput', {
  fields: (t) => ({
    journeyId: t.id({ required: true }),
    format: t.field({ type: EvidenceFormatEnum, required: true }),
    title: t.string({ required: true }),
    content: t.string({ required: true, description: 'The report text, or a link to the video.' }),
    reflection: t.string({ required: true, description: 'The reflective note that accompanies every submission.' }),
    url: t.string({ description: 'A video by https link.' }),
    fileSha256: t.string({ description: 'An evidence file uploaded with POST /uploads, by the sha256 it returned.' }),
    scheduledAt: t.field({ type: 'DateTime', description: 'A live demonstration: when it takes place, agreed with the panel.' }),
  }),
});

export const CriterionScoreInput = builder.inputType('CriterionScoreInput', {
  fields: (t) => ({ criterion: t.string({ required: true }), level: t.int({ required: true }) }),
});

/**
 * A list of CriterionScoreInput as levels by criterion. A criterion given twice is refused, naming it
 * (`scores.security`): keeping either level silently would record a score the person did not mean.
 */
export function levelsByCriterion(list: readonly { criterion: string; level: number }[], field: string): Record<string, number> {
  const levels: Record<string, number> = {};
  for (const [index, { criterion, level }] of list.entries()) {
    if (Object.hasOwn(levels, criterion)) {
      const first = list.findIndex((s) => s.criterion === criterion);
      throw new CertiflowError({ code: ErrorCode.InvalidInput, message: `"${criterion}" is given twice (items ${first + 1} and ${index + 1}); give each criterion once.`, path: `${field}.${criterion}` });
    }
    levels[criterion] = level;
  }
  return levels;
}

const ScoreSubmissionInput = builder.inputType('ScoreSubmissionInput', {
  fields: (t) => ({
    journeyId: t.id({ required: true }),
    scores: t.field({ type: [CriterionScoreInput], required: true }),
    comment: t.string({ required: true }),
  }),
});

// CertiflowError is in the builder's default error types, so each of these returns a typed union.

builder.mutationFields((t) => ({
  enroll: t.field({
    type: JourneyPayloadRef,
    authScopes: { authenticated: true },
    errors: {},
    args: { input: t.arg({ type: EnrollInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const viewer = ctx.viewer!;
      const candidateId = input.candidateId ? String(input.candidateId) : viewer.personId;
      if (candidateId !== viewer.personId && !viewer.roles.some((r) => r === 'hr' || r === 'admin')) {
        throw new CertiflowError({ code: ErrorCode.Forbidden, message: 'Only HR can enrol someone else.', path: 'candidateId' });
      }
      const request = {
        candidateId,
        programId: String(input.programId),
        pathwayId: String(input.pathwayId),
        actorId: viewer.personId,
        ...(input.cohortId ? { cohortId: String(input.cohortId) } : {}),
      };
      return unwrap(await ctx.journeys.enroll(request));
    },
  }),
  submitEvidence: t.field({
    type: JourneyPayloadRef,
    authScopes: { authenticated: true },
    errors: {},
    args: { input: t.arg({ type: SubmitEvidenceInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const { journeyId, url, fileSha256, scheduledAt, ...evidence } = input;
      const request = {
        ...evidence,
        actorId: ctx.viewer!.personId,
        ...(url ? { url } : {}),
        ...(scheduledAt ? { scheduledAt: scheduledAt.toISOString() } : {}),
      };
      const id = await journeyNamedOrThrow(ctx, String(journeyId));
      const answer = unwrap(await ctx.journeys.submitEvidence(journeyGate(ctx), id, request, fileSha256 ?? undefined));
      return { journeyId: id, stage: answer.stage };
    },
  }),
  scoreSubmission: t.field({
    type: JourneyPayloadRef,
    authScopes: { assessor: true },
    errors: {},
    args: { input: t.arg({ type: ScoreSubmissionInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const request = { actorId: ctx.viewer!.personId, scores: levelsByCriterion(input.scores, 'scores'), comment: input.comment };
      const id = await journeyNamedOrThrow(ctx, String(input.journeyId));
      const answer = unwrap(await ctx.journeys.scoreSubmission(journeyGate(ctx), id, request));
      return { journeyId: id, stage: answer.stage };
    },
  }),
}));
