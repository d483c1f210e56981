import { JourneyStage } from '../../domain/journey.js';
import { isHrViewer } from '../../domain/access.js';
import { builder, enumValues } from '../builder.js';
import { unwrap } from './errors.js';
import { JourneyPayloadRef } from './journey-actions.js';

// Approval requests as the approver sees them when signed in: the open ones waiting for them, and a
// decision that needs no emailed link. The link keeps working; both go through the same service.

builder.prismaObject('Approval', {
  description: "A request for a person's decision on a journey step, e.g. the manager's approval of an enrolment.",
  authScopes: (approval, ctx) => isHrViewer(ctx.viewer) || approval.approverId === ctx.viewer?.personId,
  fields: (t) => ({
    id: t.exposeID('id'),
    step: t.exposeString('step', { description: 'Which step is decided, e.g. manager_approval.' }),
    journey: t.relation('journey'),
    approver: t.prismaField({
      type: 'Person',
      resolve: (query, approval, _args, ctx) => ctx.prisma.person.findUniqueOrThrow({ ...query, where: { id: approval.approverId } }),
    }),
    requestedAt: t.expose('createdAt', { type: 'DateTime' }),
    expiresAt: t.expose('expiresAt', { type: 'DateTime', description: 'After this the request can no longer be decided.' }),
    decidedAt: t.expose('decidedAt', { type: 'DateTime', nullable: true }),
    decision: t.exposeString('decision', { nullable: true, description: 'approved or declined, once decided.' }),
    comment: t.exposeString('comment', { nullable: true }),
  }),
});

const ApprovalDecisionEnum = builder.enumType('ApprovalDecision', { values: enumValues(['approve', 'decline'] as const) });

const DecideApprovalInput = builder.inputType('DecideApprovalInput', {
  fields: (t) => ({
    approvalId: t.id({ required: true }),
    decision: t.field({ type: ApprovalDecisionEnum, required: true }),
    comment: t.string({ description: 'Optional; the candidate sees it with the decision.' }),
  }),
});

builder.queryFields((t) => ({
  myPendingApprovals: t.prismaField({
    type: ['Approval'],
    description: 'Approval requests sent to the signed-in person that are still open (undecided, unexpired), oldest first.',
    authScopes: { authenticated: true },
    resolve: (query, _root, _args, ctx) =>
      ctx.prisma.approval.findMany({
        ...query,
        where: {
          approverId: ctx.viewer!.personId,
          decidedAt: null,
          expiresAt: { gt: new Date() },
          journey: { stage: JourneyStage.AwaitingManagerApproval },
        },
        orderBy: { createdAt: 'asc' },
      }),
  }),
}));

builder.mutationFields((t) => ({
  decideApproval: t.field({
    type: JourneyPayloadRef,
    description: 'The approver decides an open request while signed in, as the emailed link would; only the approver it was sent to may.',
    authScopes: { authenticated: true },
    errors: {},
    args: { input: t.arg({ type: DecideApprovalInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const request = {
        approvalId: String(input.approvalId),
        viewerId: ctx.viewer!.personId,
        viewerSeesApprovals: isHrViewer(ctx.viewer),
        decision: input.decision,
        comment: input.comment?.trim() || undefined,
      };
      const decided = unwrap(await ctx.approvals.decideAsApprover(request));
      return { journeyId: decided.journeyId, stage: decided.stage };
    },
  }),
}));
