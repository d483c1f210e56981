import { pendingRevocationProposals, type RevocationProposal } from '../../services/revocation-proposals.js';
import { builder } from '../builder.js';
import { conflictedWithHolder, isHrOrSittingCommittee, judgedAnonymously } from '../committee-access.js';
import type { GraphQLContext } from '../context.js';

// Revocations proposed by one committee member and waiting for a second (services/revocation-proposals.ts).
// The sitting committee (a current term, not just the role) and HR see them, reason included; nobody else,
// the holder included (even on the committee), is told of a proposal until the credential is revoked: the
// reason may name evidence under investigation.

/** Read once per request, however many credentials ask. */
const proposals = new WeakMap<GraphQLContext, Promise<Map<string, RevocationProposal>>>();
function pending(ctx: GraphQLContext): Promise<Map<string, RevocationProposal>> {
  const known = proposals.get(ctx) ?? pendingForViewer(ctx);
  proposals.set(ctx, known);
  return known;
}

/**
 * The proposals this viewer may be told of, oldest first: not one against a credential they hold or have
 * a conflict of interest with (they manage or mentored its holder), nor one on a journey they judge
 * anonymised. A committee member can be any of these.
 */
async function pendingForViewer(ctx: GraphQLContext): Promise<Map<string, RevocationProposal>> {
  const all = await pendingRevocationProposals(ctx.prisma);
  if (all.size === 0) return all;
  const [holders, anonymous] = await Promise.all([
    ctx.prisma.credential.findMany({ where: { id: { in: [...all.keys()] } }, select: { id: true, personId: true } }),
    judgedAnonymously(ctx, [...all.values()].map((p) => p.journeyId)),
  ]);
  const holderOf = new Map(holders.map((c) => [c.id, c.personId]));
  const shown = new Map<string, RevocationProposal>();
  for (const [credentialId, proposal] of all) {
    const holder = holderOf.get(credentialId);
    if (!holder || anonymous.has(proposal.journeyId) || (await conflictedWithHolder(ctx, holder))) continue;
    shown.set(credentialId, proposal);
  }
  return shown;
}

const RevocationProposalRef = builder.objectRef<RevocationProposal>('RevocationProposal').implement({
  description: 'A revocation one committee member proposed; it takes effect when a second member confirms it with revokeCredential.',
  authScopes: (_parent, ctx) => isHrOrSittingCommittee(ctx),
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
    description: 'A revocation proposed and waiting for a second committee member. Null when there is none, and for anyone but HR and committee members with a current term.',
    resolve: async (credential, _args, ctx) => ((await isHrOrSittingCommittee(ctx)) ? ((await pending(ctx)).get(credential.id) ?? null) : null),
  }),
}));

builder.queryFields((t) => ({
  pendingRevocations: t.prismaField({
    type: ['Credential'],
    description: 'Active credentials whose revocation one committee member proposed, oldest proposal first: for committee members with a current term (a second member confirms) and HR.',
    authScopes: (_root, _args, ctx) => isHrOrSittingCommittee(ctx),
    resolve: async (query, _root, _args, ctx) => {
      const ids = [...(await pending(ctx)).keys()];
      const rows = await ctx.prisma.credential.findMany({ ...query, where: { id: { in: ids } } });
      return ids.flatMap((id) => rows.filter((r) => r.id === id));
    },
  }),
}));
