import { ApplicationFailure } from '@temporalio/common';
import { ErrorCode } from '../domain/errors.js';
import { JourneyStage } from '../domain/journey.js';
import type { Scores } from '../domain/rubric.js';
import type { PrismaClient } from '../prisma/client.js';
import type { PersonRef } from '../domain/journey-context.js';
import { drawPanel } from '../domain/selection.js';
import { conflictsOfInterest, personRefsInOrder, toPersonRef, withSelectionLock } from './people.js';

/** An assessor is busy with a journey while its submission waits for scores or moderation. */
const OPEN_ASSESSMENT: string[] = [JourneyStage.AwaitingAssessment, JourneyStage.InModeration];

const failure = (type: ErrorCode, message: string) => ApplicationFailure.create({ type, message, nonRetryable: true });

export function createPanelActivities({ prisma }: { prisma: PrismaClient }) {
  return {
    /**
     * Chooses `size` assessors for one assessment round, none with a conflict of interest: not the
     * candidate, nobody above them (their management chain) or below them (direct and indirect reports),
     * none of the mentors of their journeys, nobody in `exclude` (the current mentor, earlier panels).
     * The panel is stored with its round; a retry of the same round returns the stored panel unchanged.
     */
    async selectPanel(input: { journeyId: string; candidateId: string; size: number; round: number; exclude: string[] }): Promise<PersonRef[]> {
      if (!Number.isInteger(input.size) || input.size < 1) {
        throw failure(ErrorCode.InvalidInput, `A panel needs at least one member; got size ${input.size}`);
      }
      // Serialised so two journeys drawn at the same moment see each other's panels in the workload.
      return withSelectionLock(prisma, 'select-panel', async (tx) => {
        const journey = await tx.journey.findUnique({ where: { id: input.journeyId }, select: { panel: true, panelRound: true } });
        if (!journey) throw failure(ErrorCode.NotFound, `Journey ${input.journeyId} does not exist`);
        if (journey.panelRound === input.round && journey.panel.length > 0) return personRefsInOrder(tx, journey.panel);
        if (journey.panelRound > input.round) {
          throw failure(ErrorCode.NotAllowedInStage, `Journey ${input.journeyId} already has a panel for round ${journey.panelRound}; round ${input.round} is over`);
        }

        const candidate = await tx.person.findUnique({ where: { id: input.candidateId } });
        if (!candidate) throw failure(ErrorCode.NotFound, `Candidate ${input.candidateId} does not exist`);
        const excluded = new Set([candidate.id, ...(await conflictsOfInterest(tx, candidate.id)), ...input.exclude]);
        const assessors = await tx.person.findMany({
          where: { roles: { has: 'assessor' }, leftAt: null, id: { notIn: [...excluded] } },
        });
        if (assessors.length < input.size) {
          throw failure(
            ErrorCode.NotFound,
            `Found ${assessors.length} eligible assessor(s) for ${candidate.id}, round ${input.round}; the panel needs ${input.size}`,
          );
        }

        const ids = assessors.map((a) => a.id);
        // Single-assessor (v1) journeys still in assessment are workload too, hence `assessorId`.
        const open = await tx.journey.findMany({
          where: {
            id: { not: input.journeyId },
            stage: { in: OPEN_ASSESSMENT },
            OR: [{ panel: { hasSome: ids } }, { assessorId: { in: ids } }],
          },
          select: { panel: true, assessorId: true },
        });
        const load = new Map<string, number>();
        for (const row of open) {
          // A Set, so a panel journey that also names its first member as assessorId counts once.
          for (const id of new Set([...row.panel, ...(row.assessorId ? [row.assessorId] : [])])) {
            load.set(id, (load.get(id) ?? 0) + 1);
          }
        }

        const panel = drawPanel(assessors, input.size, candidate.department, (id) => load.get(id) ?? 0);
        await tx.journey.update({
          where: { id: input.journeyId },
          data: { panel: panel.map((member) => member.id), panelRound: input.round },
        });
        return panel.map(toPersonRef);
      });
    },

    /** One score sheet per assessor, submission and round: the first one stands, a retry changes nothing. */
    async recordPanelScore(input: {
      panelScoreId: string;
      journeyId: string;
      submissionId: string;
      round: number;
      assessorId: string;
      scores: Scores;
      comment: string;
      submittedAt: string;
    }): Promise<void> {
      await prisma.panelScore.upsert({
        where: { submissionId_round_assessorId: { submissionId: input.submissionId, round: input.round, assessorId: input.assessorId } },
        create: {
          id: input.panelScoreId,
          journeyId: input.journeyId,
          submissionId: input.submissionId,
          round: input.round,
          assessorId: input.assessorId,
          scores: input.scores,
          comment: input.comment,
          submittedAt: new Date(input.submittedAt),
        },
        update: {},
      });
    },
  };
}
