import type { PrismaClient } from '../prisma/client.js';

// Where a journey's assessment round stands in the read model: who has scored, whether someone has, and
// who was asked to moderate. The workflow knows sooner (services/in-flight.ts); these answer when it
// cannot be asked, and for rounds already decided.

export function createPanelProgressService(prisma: PrismaClient) {
  return {
    /** Whether `personId` still has to score the journey's newest submission in `round` (false with no submission). */
    async scoringOutstanding(journeyId: string, round: number, personId: string): Promise<boolean> {
      const submission = await prisma.submission.findFirst({ where: { journeyId }, orderBy: { submittedAt: 'desc' }, select: { id: true } });
      if (!submission) return false;
      return (await prisma.panelScore.count({ where: { submissionId: submission.id, round, assessorId: personId } })) === 0;
    },

    /** Who has scored `round` of the journey, as the read model holds it. */
    async scoredBy(journeyId: string, round: number): Promise<string[]> {
      const scores = await prisma.panelScore.findMany({ where: { journeyId, round }, select: { assessorId: true } });
      return scores.map((score) => score.assessorId);
    },

    /** The committee member asked to moderate the journey's latest disagreement, if any. */
    async requestedModerator(journeyId: string): Promise<string | null> {
      const request = await prisma.journeyEvent.findFirst({
        where: { journeyId, type: 'moderation_requested' },
        orderBy: [{ at: 'desc' }, { seq: 'desc' }],
        select: { data: true },
      });
      return (request?.data as { moderatorId?: string } | undefined)?.moderatorId ?? null;
    },
  };
}

export type PanelProgressService = ReturnType<typeof createPanelProgressService>;
