import { deriveApprovalToken, hashToken } from '../services/approval-links.js';
import type { PrismaClient } from '../prisma/client.js';

export function createApprovalActivities({ prisma, linkSecret }: { prisma: PrismaClient; linkSecret: string }) {
  return {
    /** Stores an approval request with only the hash of its link token; a retry upserts the same row. */
    async openApproval(input: {
      approvalId: string;
      journeyId: string;
      step: string;
      approverId: string;
      createdAt: string;
      expiresAt: string;
    }): Promise<void> {
      const tokenHash = hashToken(deriveApprovalToken(linkSecret, input.approvalId));
      await prisma.approval.createMany({
        data: [
          {
            id: input.approvalId,
            journeyId: input.journeyId,
            step: input.step,
            approverId: input.approverId,
            tokenHash,
            createdAt: new Date(input.createdAt),
            expiresAt: new Date(input.expiresAt),
          },
        ],
        skipDuplicates: true,
      });
    },

    /** Marks the request decided so its link is spent; the first decision wins. */
    async closeApproval(input: { approvalId: string; decision: string; comment: string | null; decidedAt: string }) {
      await prisma.approval.updateMany({
        where: { id: input.approvalId, decidedAt: null },
        data: { decision: input.decision, comment: input.comment, decidedAt: new Date(input.decidedAt) },
      });
    },
  };
}
