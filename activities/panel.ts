import { ApplicationFailure } from '@temporalio/common';
import { ErrorCode } from '../domain/errors.js';
import { JourneyStage } from '../domain/journey.js';
import type { Scores } from '../domain/rubric.js';
import type { PrismaClient } from '../prisma/client.js';
import type { PersonRef } from '../domain/journey-context.js';
import { drawPanel } from '../domain/selection.js';
import { conflictsOfInterest } from '../services/people/conflicts.js';
import { personRefsInOrder, toPersonRef, withSelectionLock } from './people.js';

/** An assessor is busy with a journey while its submission waits for scores or moderation. */
const OPEN_ASSESSMENT: string[] = [JourneyStage.AwaitingAssessment, JourneyStage.InModeration];

const failure = (type: ErrorCode, message: string) => ApplicationFailure.create({ type, message, nonRetryable: true });

/** How many other journeys' open assessments each assessor sits on: the draw prefers the lightest. */
async function openAssessmentLoad(tx: Pick<PrismaClient, 'journey'>, journeyId: string, ids: string[]): Promise<Map<string, number>> {
  // Single-assessor (v1) journeys still in assessment are workload too, hence `assessorId`.
  const open = await tx.journey.findMany({
    where: { id: { not: journeyId }, stage: { in: OPEN_ASSESSMENT }, OR: [{ panel: { hasSome: ids } }, { assessorId: { in: ids } }] },
    select: { panel: true, assessorId: true },
  });
  const load = new Map<string, number>();
  for (const row of open) {
    // A Set, so a panel journey that also names its first member as assessorId counts once.
    for (const id of new Set([...row.panel, ...(row.assessorId ? [row.assessorId] : [])])) load.set(id, (load.get(id) ?? 0) + 1);
  }
  return load;
}

export function createPanelActivities({ prisma }: { prisma: PrismaClient }) {
  return {
    /**
     * Chooses `size` assessors for one assessment round, none with a conflict of interest: not the
     * candidate, nobody above them (their management chain) or below them (direct and indirect reports),
     * none of the mentors of their journeys, nobody in `exclude` (the current mentor, earlier panels).
     * With `excludeTeammates` (a program option) nobody sharing the candidate's manager either. The panel
     * is stored with its round; a retry of the same round returns the stored panel unchanged.
     */
    async selectPanel(input: { journeyId: string; candidateId: string; size: number; round: number; exclude: string[]; excludeTeammates?: boolean }): Promise<PersonRef[]> {
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
        const excluded = new Set([candidate.id, ...(await conflictsOfInterest(tx, candidate.id, { teammates: input.excludeTeammates })), ...input.exclude]);
        const assessors = await tx.person.findMany({
          where: { roles: { has: 'assessor' }, leftAt: null, id: { notIn: [...excluded] } },
        });
        if (assessors.length < input.size) {
          throw failure(
            ErrorCode.NotFound,
            `Found ${assessors.length} eligible assessor(s) for ${candidate.id}, round ${input.round}; the panel needs ${input.size}`,
          );
        }

        const load = await openAssessmentLoad(tx, input.journeyId, assessors.map((a) => a.id));
        const panel = drawPanel(assessors, input.size, candidate.department, (id) => load.get(id) ?? 0);
        await tx.journey.update({
          where: { id: input.journeyId },
          data: { panel: panel.map((member) => member.id), panelRound: input.round },
        });
        return panel.map(toPersonRef);
      });
    },

    /**
     * Replaces panel members who step aside (a declared conflict) or whose time to score ran out, drawing
     * each replacement by the same rules as the panel (no conflict of interest, nobody in `exclude`, the
     * departments of those who stay counted). Returns the whole panel, or null when too few assessors are
     * free. Keyed by who leaves: a retry finds them gone and returns the stored panel unchanged.
     */
    async replacePanelMembers(input: { journeyId: string; candidateId: string; round: number; leaving: string[]; exclude: string[]; excludeTeammates?: boolean }): Promise<PersonRef[] | null> {
      return withSelectionLock(prisma, 'select-panel', async (tx) => {
        const journey = await tx.journey.findUnique({ where: { id: input.journeyId }, select: { panel: true, panelRound: true } });
        if (!journey) throw failure(ErrorCode.NotFound, `Journey ${input.journeyId} does not exist`);
        if (journey.panelRound !== input.round || !input.leaving.some((id) => journey.panel.includes(id))) return personRefsInOrder(tx, journey.panel);

        const candidate = await tx.person.findUnique({ where: { id: input.candidateId } });
        if (!candidate) throw failure(ErrorCode.NotFound, `Candidate ${input.candidateId} does not exist`);
        const staying = journey.panel.filter((id) => !input.leaving.includes(id));
        const excluded = new Set([candidate.id, ...(await conflictsOfInterest(tx, candidate.id, { teammates: input.excludeTeammates })), ...input.exclude, ...journey.panel]);
        const assessors = await tx.person.findMany({ where: { roles: { has: 'assessor' }, leftAt: null, id: { notIn: [...excluded] } } });
        const needed = journey.panel.length - staying.length;
        if (assessors.length < needed) return null;
        const seated = await tx.person.findMany({ where: { id: { in: staying } }, select: { id: true, department: true } });
        const load = await openAssessmentLoad(tx, input.journeyId, assessors.map((a) => a.id));
        const drawn = drawPanel(assessors, needed, candidate.department, (id) => load.get(id) ?? 0, seated);
        // Each newcomer takes the seat of the one they replace, so the panel's order (and its first member) holds.
        const queue = [...drawn];
        const panel = journey.panel.map((id) => (input.leaving.includes(id) ? queue.shift()!.id : id));
        await tx.journey.update({ where: { id: input.journeyId }, data: { panel } });
        return personRefsInOrder(tx, panel);
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
      await prisma.panelScore.createMany({
        data: [
          {
            id: input.panelScoreId,
            journeyId: input.journeyId,
            submissionId: input.submissionId,
            round: input.round,
            assessorId: input.assessorId,
            scores: input.scores,
            comment: input.comment,
            submittedAt: new Date(input.submittedAt),
          },
        ],
        skipDuplicates: true,
      });
    },
  };
}
