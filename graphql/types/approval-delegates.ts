import { ErrorCode } from '../../domain/errors.js';
import { isHrViewer } from '../../domain/access.js';
import { canSeeRoles } from '../../services/access.js';
import { delegateChoicesWhere, setApprovalDelegate } from '../../services/people/delegation.js';
import { builder, CertiflowError } from '../builder.js';
import { unwrap } from './errors.js';
import { answerQuery } from '../answer-query.js';

// Approval delegates (services/people/delegation.ts): who decides enrolment approvals in a person's
// place. The person and HR see and set it; nobody else, not even the delegate, reads it from here (the
// delegate learns of it from the request they are sent).

builder.prismaObjectFields('Person', (t) => ({
  approvalDelegate: t.prismaField({
    type: 'Person',
    nullable: true,
    description: 'Who decides enrolment approvals in this person\'s place, while the delegation runs. Visible to the person and HR.',
    select: { approvalDelegateId: true },
    resolve: (query, person, _args, ctx) =>
      person.approvalDelegateId && canSeeRoles(ctx, person.id) ? ctx.prisma.person.findUnique({ ...query, where: { id: person.approvalDelegateId } }) : null,
  }),
  approvalDelegateUntil: t.field({
    type: 'DateTime',
    nullable: true,
    description: 'When the delegation ends; null while open-ended or when there is none. Visible to the person and HR.',
    select: { approvalDelegateUntil: true },
    resolve: (person, _args, ctx) => (canSeeRoles(ctx, person.id) ? person.approvalDelegateUntil : null),
  }),
}));

const SetApprovalDelegateInput = builder.inputType('SetApprovalDelegateInput', {
  fields: (t) => ({
    personId: t.id({ description: 'Whose approvals; HR may set anyone\'s, everyone else only their own (the default).' }),
    delegateId: t.id({ description: 'Who decides in their place; null clears the delegate.' }),
    until: t.field({ type: 'DateTime', description: 'When the delegation ends; absent, until cleared.' }),
  }),
});

builder.queryFields((t) => ({
  approvalDelegateChoices: t.prismaField({
    type: ['Person'],
    authScopes: { authenticated: true },
    description: "People the signed-in person may name as their approval delegate without HR: their own manager, their peers (same manager) and their direct reports, still employed. HR may name anyone with setApprovalDelegate's personId.",
    resolve: async (query, _root, _args, ctx) => {
      const where = await delegateChoicesWhere(ctx.prisma, ctx.viewer!.personId);
      return where ? ctx.prisma.person.findMany({ ...query, where, orderBy: [{ name: 'asc' }, { id: 'asc' }], take: 200 }) : [];
    },
  }),
}));

builder.mutationFields((t) => ({
  setApprovalDelegate: t.prismaField({
    type: 'Person',
    authScopes: { authenticated: true },
    errors: {},
    description: 'Names who decides enrolment approvals in a person\'s place (from the next request a journey sends), or clears it.',
    args: { input: t.arg({ type: SetApprovalDelegateInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      const viewer = ctx.viewer!;
      const personId = input.personId ? String(input.personId) : viewer.personId;
      if (personId !== viewer.personId && !isHrViewer(viewer)) {
        throw new CertiflowError({ code: ErrorCode.Forbidden, message: 'Only HR can name a delegate for someone else.', path: 'personId' });
      }
      const delegateId = input.delegateId ? String(input.delegateId) : null;
      if (delegateId && !isHrViewer(viewer)) {
        const where = await delegateChoicesWhere(ctx.prisma, personId);
        if (!where || (await ctx.prisma.person.count({ where: { AND: [where, { id: delegateId }] } })) === 0) {
          throw new CertiflowError({ code: ErrorCode.Forbidden, message: 'Name your manager, a peer or one of your direct reports (approvalDelegateChoices); HR can name anyone else.', path: 'delegateId' });
        }
      }
      unwrap(
        await setApprovalDelegate(ctx.prisma, {
          personId,
          delegateId,
          until: input.until ?? null,
          actor: { id: viewer.personId, source: 'portal' },
          now: new Date(),
        }),
      );
      return ctx.prisma.person.findUniqueOrThrow({ ...answerQuery(query), where: { id: personId } });
    },
  }),
}));
