import type { EligibilityResult } from '../domain/eligibility.js';
import type { JourneyStage } from '../domain/journey.js';
import type { JourneyEventPayloads, JourneyEventType } from '../domain/journey-events.js';
import type { Prisma, PrismaClient } from '../prisma/client.js';
import { WITHHELD_UNTIL } from '../domain/event-audiences.js';

export interface JourneyEventInput {
  /** Derived in the workflow (uuid4), so a retried write finds its own earlier row and does nothing. */
  eventId: string;
  journeyId: string;
  seq: number;
  /** One of the journey event types (domain/journey-events.ts), with its data below. */
  type: JourneyEventType;
  actorId: string | null;
  at: string;
  stage: JourneyStage;
  ruleSetId: string | null;
  data: JourneyEventPayloads[JourneyEventType];
  journey: {
    programId: string;
    pathwayId: string;
    candidateId: string;
    enrolledAt: string;
    cycle: number;
    assessorId: string | null;
    outcome: string | null;
    eligibility: EligibilityResult | null;
    // Full lifecycle; absent in events written by v1 journeys.
    cohortId?: string | null;
    mentorId?: string | null;
    panel?: string[];
    panelRound?: number;
    pausedAt?: string | null;
    endReason?: string | null;
  };
}

const json = (value: unknown) => value as Prisma.InputJsonValue;

export function createReadModelActivities({ prisma }: { prisma: PrismaClient }) {
  return {
    /** Appends one event to the audit trail and moves the journey's read model in the same transaction. */
    async recordJourneyEvent(input: JourneyEventInput): Promise<{ recorded: boolean }> {
      return prisma.$transaction(async (tx) => {
        const existing = await tx.journeyEvent.findUnique({ where: { id: input.eventId }, select: { id: true } });
        if (existing) return { recorded: false };
        const at = new Date(input.at);
        const { journey } = input;
        const fields = {
          stage: input.stage,
          cycle: journey.cycle,
          ruleSetId: input.ruleSetId,
          assessorId: journey.assessorId,
          outcome: journey.outcome,
          eligibility: journey.eligibility ? json(journey.eligibility) : undefined,
          ...(journey.cohortId !== undefined ? { cohortId: journey.cohortId } : {}),
          ...(journey.mentorId !== undefined ? { mentorId: journey.mentorId } : {}),
          ...(journey.panel !== undefined ? { panel: journey.panel, panelRound: journey.panelRound ?? 0 } : {}),
          ...(journey.pausedAt !== undefined ? { pausedAt: journey.pausedAt ? new Date(journey.pausedAt) : null } : {}),
          ...(journey.endReason !== undefined ? { endReason: journey.endReason } : {}),
          // An event withheld from the journey's own people (a revocation proposed, not yet confirmed) does
          // not move its "last activity": they would see it move with nothing new on their trail.
          ...(Object.hasOwn(WITHHELD_UNTIL, input.type) ? {} : { updatedAt: at }),
          lastEventSeq: input.seq,
        };
        // The journey row follows its newest event only. A side task (mentoring, rule or program changes)
        // records while the main flow does, so two writes can land out of order; the older one must not
        // move the stage or lastEventSeq back. Newer: a later cycle (a re-entry starts its seq again), or
        // a higher seq in the same one. The conditional UPDATE re-checks under the row lock on PostgreSQL.
        const newer = { OR: [{ cycle: { lt: journey.cycle } }, { cycle: journey.cycle, lastEventSeq: { lt: input.seq } }] };
        const moved = await tx.journey.updateMany({
          where: { id: input.journeyId, ...newer },
          data: { ...fields, pathwayId: journey.pathwayId, enrolledAt: new Date(journey.enrolledAt) },
        });
        if (moved.count === 0 && !(await tx.journey.findUnique({ where: { id: input.journeyId }, select: { id: true } }))) {
          await tx.journey.create({
            data: {
              id: input.journeyId,
              programId: journey.programId,
              pathwayId: journey.pathwayId,
              candidateId: journey.candidateId,
              enrolledAt: new Date(journey.enrolledAt),
              updatedAt: at,
              ...fields,
            },
          });
        }
        await tx.journeyEvent.create({
          data: {
            id: input.eventId,
            journeyId: input.journeyId,
            seq: input.seq,
            type: input.type,
            actorId: input.actorId,
            at,
            stage: input.stage,
            ruleSetId: input.ruleSetId,
            data: json(input.data),
          },
        });
        return { recorded: true };
      });
    },
  };
}
