import type { PrismaClient } from '../prisma/client.js';

// Revocation takes two committee members (workflow patch decision-appeals): the first member's
// revokeCredential is a proposal, recorded as a revocation_proposed event, and stands in the journey's
// state until a second member confirms it and the credential is revoked. Whatever else happens meanwhile
// (a renewal included) leaves it standing, so only credential_revoked closes it here too.

export interface RevocationProposal {
  journeyId: string;
  credentialId: string;
  proposedBy: string | null;
  reason: string;
  proposedAt: Date;
}

const after = (a: { at: Date; seq: number }, b: { at: Date; seq: number }) => a.at.getTime() > b.at.getTime() || (a.at.getTime() === b.at.getTime() && a.seq > b.seq);

/** Proposals waiting for a second committee member, by credential id, oldest first; only for credentials still active. */
export async function pendingRevocationProposals(prisma: PrismaClient): Promise<Map<string, RevocationProposal>> {
  // Proposals are rare events (one per revocation), so reading them all is cheap.
  const proposals = await prisma.journeyEvent.findMany({
    where: { type: 'revocation_proposed' },
    select: { journeyId: true, at: true, seq: true, actorId: true, data: true },
    orderBy: [{ at: 'asc' }, { seq: 'asc' }],
  });
  if (proposals.length === 0) return new Map();
  const journeyIds = [...new Set(proposals.map((p) => p.journeyId))];
  const [revocations, credentials] = await Promise.all([
    prisma.journeyEvent.findMany({ where: { type: 'credential_revoked', journeyId: { in: journeyIds } }, select: { journeyId: true, at: true, seq: true } }),
    prisma.credential.findMany({ where: { status: 'active', journeyId: { in: journeyIds } }, select: { id: true, journeyId: true } }),
  ]);
  const latest = new Map(proposals.map((p) => [p.journeyId, p]));
  const pending = new Map<string, RevocationProposal>();
  for (const credential of credentials) {
    const proposal = latest.get(credential.journeyId)!;
    if (revocations.some((r) => r.journeyId === credential.journeyId && after(r, proposal))) continue;
    const reason = (proposal.data as { reason?: unknown } | null)?.reason;
    pending.set(credential.id, {
      journeyId: credential.journeyId,
      credentialId: credential.id,
      proposedBy: proposal.actorId,
      reason: typeof reason === 'string' ? reason : '',
      proposedAt: proposal.at,
    });
  }
  return new Map([...pending].sort(([, a], [, b]) => a.proposedAt.getTime() - b.proposedAt.getTime()));
}
