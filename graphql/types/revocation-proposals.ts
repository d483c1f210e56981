import { isHrOrCommittee } from '../../domain/access.js';
import { pendingRevocationProposals, type RevocationProposal } from '../../services/revocation-proposals.js';
import { builder } from '../builder.js';
import type { GraphQLContext } from '../context.js';

// Revocations proposed by one committee member and waiting for a second (services/revocation-proposals.ts).
// The committee and HR see them, reason included; nobody else, the holder included, is told of a proposal
// until the credential is revoked: the reason may name evidence under investigation.

const committeeOrHr = (ctx: GraphQLContext) => isHrOrCommittee(ctx.viewer);

/** Read once per request, however many credentials ask. */
const proposals = new WeakMap<GraphQLContext, Promise<Map<string, RevocationProposal>>>();
function pending(ctx: GraphQLContext): Promise<Map<string, RevocationProposal>> {
  const known = proposals.get(ctx) ?? pendingRevocationProposals(ctx.prisma);
  proposals.set(ctx, known);
  return known;
}

const RevocationProposalRef = builder.objectRef<RevocationProposal>('RevocationProposal').implement({
  description: 'A revocation one committee member proposed; it takes effect when a second member confirms it with revokeCredential.',
  authScopes: (_parent, ctx) => committeeOrHr(ctx),
  fields: (t) => ({
    proposedBy: t.prismaField({
      type: 'Person',
      nullable: true,
      resolve: (query, p, _args, ctx) => (p.proposedBy ? ctx.prisma.person.findUnique({ ...query, where: { id: p.proposedBy } }) : null),
    }),
    reason: t.exposeString('reason'),
    proposedAt: t.expose('proposedAt', { type: 'DateTime' }),
  }),
});

builder.prismaObjectFields('Credential', (t) => ({
  revocationProposal: t.field({
    type: RevocationProposalRef,
    nullable: true,
    description: 'A revocation proposed and waiting for a second committee member. Null when there is none, and for anyone but committee members and HR.',
    resolve: async (credential, _args, ctx) => (committeeOrHr(ctx) ? ((await pending(ctx)).get(credential.id) ?? null) : null),
  }),
}));

builder.queryFields((t) => ({
  pendingRevocations: t.prismaField({
    type: ['Credential'],
    description: 'Active credentials whose revocation one committee member proposed, oldest proposal first: for the committee (a second member confirms) and HR.',
    authScopes: (_root, _args, ctx) => committeeOrHr(ctx),
    resolve: async (query, _root, _args, ctx) => {
      const ids = [...(await pending(ctx)).keys()];
      const rows = await ctx.prisma.credential.findMany({ ...query, where: { id: { in: ids } } });
      return ids.flatMap((id) => rows.filter((r) => r.id === id));
    },
  }),
}));
