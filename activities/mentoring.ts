import { ApplicationFailure } from '@temporalio/common';
import { ErrorCode } from '../domain/errors.js';
import { FINAL_STAGES, JourneyStage } from '../domain/journey.js';
import type { PrismaClient } from '../prisma/client.js';
import type { PersonRef } from '../domain/journey-context.js';
import { chooseMentor } from '../domain/selection.js';
import { directReports, managerChain } from '../services/people/conflicts.js';
import { toPersonRef, withSelectionLock } from './people.js';

/** A mentee stops taking a mentor's time once the journey has ended or the candidate is certified. */
const MENTORING_ENDED: string[] = [...FINAL_STAGES, JourneyStage.Certified];

export interface LearningPlan {
  goals: string[];
  note: string;
  updatedAt: string;
  updatedBy: string;
}

const notFound = (message: string) => ApplicationFailure.create({ type: ErrorCode.NotFound, message, nonRetryable: true });

export function createMentoringActivities({ prisma }: { prisma: PrismaClient }) {
  return {
    /**
     * Picks a mentor outside the candidate's reporting line (neither above nor below them) who still has
     * room, preferring another department, then the lightest load. Null when every mentor is full: the
     * journey goes on without one rather than waiting. A retry returns the mentor already chosen.
     */
    async assignMentor(input: { journeyId: string; candidateId: string }): Promise<PersonRef | null> {
      return withSelectionLock(prisma, 'assign-mentor', async (tx) => {
        const journey = await tx.journey.findUnique({ where: { id: input.journeyId }, select: { mentorId: true } });
        if (!journey) throw notFound(`Journey ${input.journeyId} does not exist`);
        if (journey.mentorId) return toPersonRef(await tx.person.findUniqueOrThrow({ where: { id: journey.mentorId } }));

        const candidate = await tx.person.findUnique({ where: { id: input.candidateId } });
        if (!candidate) throw notFound(`Candidate ${input.candidateId} does not exist`);
        const excluded = new Set([candidate.id, ...(await managerChain(tx, candidate.id)), ...(await directReports(tx, candidate.id))]);
        const mentors = await tx.person.findMany({
          where: { roles: { has: 'mentor' }, leftAt: null, mentorCapacity: { gt: 0 }, id: { notIn: [...excluded] } },
        });
        const active = await tx.journey.groupBy({
          by: ['mentorId'],
          where: { mentorId: { in: mentors.map((m) => m.id) }, stage: { notIn: MENTORING_ENDED } },
          _count: { _all: true },
        });
        const load = new Map(active.map((row) => [row.mentorId, row._count._all]));
        const loadOf = (id: string) => load.get(id) ?? 0;
        const chosen = chooseMentor(mentors, candidate.department, loadOf);
        if (!chosen) return null;
        await tx.journey.updateMany({ where: { id: input.journeyId, mentorId: null }, data: { mentorId: chosen.id } });
        return toPersonRef(chosen);
      });
    },

    /**
     * One row per scheduled check-in. The workflow may write it again when it is held or missed, so the
     * mutable fields follow the latest call; repeating a call leaves the row as it was.
     */
    async recordCheckIn(input: {
      checkInId: string;
      journeyId: string;
      mentorId: string;
      dueAt: string;
      recordedAt?: string;
      progress?: string;
      blockers?: string;
      nextSteps?: string;
      missed: boolean;
    }): Promise<void> {
      const fields = {
        dueAt: new Date(input.dueAt),
        recordedAt: input.recordedAt ? new Date(input.recordedAt) : null,
        progress: input.progress ?? null,
        blockers: input.blockers ?? null,
        nextSteps: input.nextSteps ?? null,
        missed: input.missed,
      };
      await prisma.checkIn.upsert({
        where: { id: input.checkInId },
        create: { id: input.checkInId, journeyId: input.journeyId, mentorId: input.mentorId, ...fields },
        update: fields,
      });
    },

    /** An award is a fact: the first write stands and a retry changes nothing. */
    async recordMilestone(input: {
      milestoneId: string;
      journeyId: string;
      key: string;
      title: string;
      badge?: string;
      awardedAt: string;
      awardedBy: string;
    }): Promise<void> {
      await prisma.milestone.createMany({
        data: [
          {
            id: input.milestoneId,
            journeyId: input.journeyId,
            key: input.key,
            title: input.title,
            badge: input.badge ?? null,
            awardedAt: new Date(input.awardedAt),
            awardedBy: input.awardedBy,
          },
        ],
        skipDuplicates: true,
      });
    },

    /** The plan is replaced as a whole, so writing the same plan twice is harmless. */
    async saveLearningPlan(input: { journeyId: string; plan: LearningPlan }): Promise<void> {
      const { goals, note, updatedAt, updatedBy } = input.plan;
      // Copied field by field so nothing but the plan's own fields reaches the JSON column.
      const { count } = await prisma.journey.updateMany({
        where: { id: input.journeyId },
        data: { learningPlan: { goals, note, updatedAt, updatedBy } },
      });
      if (count === 0) throw notFound(`Journey ${input.journeyId} does not exist`);
    },
  };
}
