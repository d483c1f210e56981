import { ApplicationFailure, Context } from '@temporalio/activity';
import type { PrismaClient } from '../prisma/client.js';
import { createJourneyService } from '../services/journeys.js';
import { createProgramService } from '../services/programs/service.js';

export function createProgramActivities({ prisma }: { prisma: PrismaClient }) {
  return {
    /**
     * Applies a published program version at its effective date. The journeys it tells run on this
     * activity's own task queue; the service's answers are recorded on the version. Safe to retry.
     */
    async applyProgramVersion(input: { versionId: string }): Promise<{ journeysTold: number }> {
      const { client, info } = Context.current();
      const journeys = createJourneyService({ prisma, client, taskQueue: info.taskQueue });
      const applied = await createProgramService({ prisma, journeys }).apply(input.versionId);
      if (!applied.ok) throw ApplicationFailure.create({ type: applied.error.code, message: applied.error.message, nonRetryable: true });
      return { journeysTold: applied.value.notices.filter((n) => n.accepted).length };
    },
  };
}
