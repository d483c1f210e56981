import { ApplicationFailure } from '@temporalio/common';
import { ErrorCode } from '../domain/errors.js';
import type { Prisma, PrismaClient } from '../prisma/client.js';

/** Only a credential that is still in force, or expired within its grace period, can change. */
const CHANGEABLE = ['active', 'expired'];

type Outcome = 'revoked' | 'lapsed' | 'renewed';

const failure = (type: ErrorCode, message: string) => ApplicationFailure.create({ type, message, nonRetryable: true });

export function createCredentialLifecycleActivities({ prisma }: { prisma: PrismaClient }) {
  /**
   * Moves a changeable credential to `target` in one conditional update. Finding it already there means
   * a retry (or an earlier identical call) got there first, which is success; any other status is final.
   */
  async function transition(credentialId: string, target: Outcome, extra: Prisma.CredentialUpdateManyMutationInput = {}): Promise<void> {
    const { count } = await prisma.credential.updateMany({
      where: { id: credentialId, status: { in: CHANGEABLE } },
      data: { ...extra, status: target },
    });
    if (count > 0) return;
    const credential = await prisma.credential.findUnique({ where: { id: credentialId }, select: { status: true } });
    if (!credential) throw failure(ErrorCode.NotFound, `Credential ${credentialId} does not exist`);
    if (credential.status === target) return;
    throw failure(
      ErrorCode.NotAllowedInStage,
      `Credential ${credentialId} is ${credential.status}; only an active or expired credential can become ${target}`,
    );
  }

  return {
    /** The first revocation stands: a retry keeps the original actor, reason and time. */
    async revokeCredential(input: { credentialId: string; actorId: string; reason: string; at: string }): Promise<void> {
      await transition(input.credentialId, 'revoked', { revokedAt: new Date(input.at), revokedBy: input.actorId, revokedReason: input.reason });
    },

    /**
     * A revocation overturned on appeal: the credential is in force again (or expired, if its date has
     * passed meanwhile), and the revocation's record is cleared. Finding it in force already is a retry.
     */
    async reinstateCredential(input: { credentialId: string; at: string }): Promise<void> {
      const credential = await prisma.credential.findUnique({ where: { id: input.credentialId }, select: { status: true, expiresAt: true } });
      if (!credential) throw failure(ErrorCode.NotFound, `Credential ${input.credentialId} does not exist`);
      if (credential.status !== 'revoked') return;
      const status = credential.expiresAt.getTime() > Date.parse(input.at) ? 'active' : 'expired';
      await prisma.credential.updateMany({ where: { id: input.credentialId, status: 'revoked' }, data: { status, revokedAt: null, revokedBy: null, revokedReason: null } });
    },

    /** The grace period after expiry ended without a renewal. */
    async lapseCredential(input: { credentialId: string }): Promise<void> {
      await transition(input.credentialId, 'lapsed');
    },

    /** Superseded by the next cycle's credential. */
    async markCredentialRenewed(input: { credentialId: string }): Promise<void> {
      await transition(input.credentialId, 'renewed');
    },
  };
}
