import type { EligibilityResult } from '../domain/eligibility.js';
import type { JourneyStage } from '../domain/journey.js';
import type { JourneyEventPayloads, JourneyEventType } from '../domain/journey-events.js';
import { Prisma, type PrismaClient } from '../prisma/client.js';
import { jsonb, utcTimestamp as utc } from '../prisma/sql-values.js';
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

/**
 * The journey row's columns an event sets, each with its SQL value. Fields the event does not carry
 * (`undefined`: written by an older journey version, or no eligibility result in hand) are left out, so
 * they keep what the row holds.
 */
function journeyColumns(input: JourneyEventInput): [string, Prisma.Sql][] {
  const { journey } = input;
  // A value the activity's input lacks (JSON drops `undefined`) leaves the column as it is, as the client did.
  const text = (value: string | null | undefined) => (value === undefined ? undefined : Prisma.sql`${value}::text`);
  const timestamp = (value: string | null | undefined) => (value === undefined ? undefined : value === null ? Prisma.sql`NULL::timestamp(3)` : utc(value));
  const columns: [string, Prisma.Sql | undefined][] = [
    ['stage', text(input.stage)],
    ['cycle', Prisma.sql`${journey.cycle}::int`],
    ['ruleSetId', text(input.ruleSetId)],
    ['assessorId', text(journey.assessorId)],
    ['outcome', text(journey.outcome)],
    ['eligibility', journey.eligibility ? jsonb(journey.eligibility) : undefined],
    ['cohortId', text(journey.cohortId)],
    ['mentorId', text(journey.mentorId)],
    ['panel', journey.panel !== undefined ? Prisma.sql`${journey.panel}::text[]` : undefined],
    ['panelRound', journey.panel !== undefined ? Prisma.sql`${journey.panelRound ?? 0}::int` : undefined],
    ['pausedAt', timestamp(journey.pausedAt)],
    ['endReason', text(journey.endReason)],
    ['lastEventSeq', Prisma.sql`${input.seq}::int`],
    ['pathwayId', text(journey.pathwayId)],
    ['enrolledAt', utc(journey.enrolledAt)],
  ];
  return columns.filter((c): c is [string, Prisma.Sql] => c[1] !== undefined);
}

const name = (column: string) => Prisma.raw(`"${column}"`);

export function createReadModelActivities({ prisma }: { prisma: PrismaClient }) {
  return {
    /**
     * Appends one event to the audit trail and moves the journey's read model, in one statement: it runs
     * for every step of every journey, and an interactive transaction cost five round trips. The event is
     * inserted unless its id is already there (a retried write finds its own earlier row and does
     * nothing); only a newly inserted event creates or moves the journey row. Foreign keys are checked at
     * the statement's end, when the journey row of a first event exists.
     */
    async recordJourneyEvent(input: JourneyEventInput): Promise<{ recorded: boolean }> {
      const { journey } = input;
      const at = utc(input.at);
      const set = journeyColumns(input);
      // An event withheld from the journey's own people (a revocation proposed, not yet confirmed) does
      // not move its "last activity": they would see it move with nothing new on their trail.
      const movesLastActivity = !Object.hasOwn(WITHHELD_UNTIL, input.type);
      const updates = [...set, ...(movesLastActivity ? [['updatedAt', at] as [string, Prisma.Sql]] : [])];
      const inserted: [string, Prisma.Sql][] = [
        ['id', Prisma.sql`${input.journeyId}::text`],
        ['programId', Prisma.sql`${journey.programId}::text`],
        ['candidateId', Prisma.sql`${journey.candidateId}::text`],
        ['updatedAt', at],
        ...set,
      ];
      // The journey row follows its newest event only. A side task (mentoring, rule or program changes)
      // records while the main flow does, so two writes can land out of order; the older one must not
      // move the stage or lastEventSeq back. Newer: a later cycle (a re-entry starts its seq again), or a
      // higher seq in the same one; ON CONFLICT checks it under the row lock.
      const rows = await prisma.$queryRaw<{ recorded: boolean }[]>`
        WITH event AS (
          INSERT INTO "JourneyEvent" ("id", "journeyId", "seq", "type", "actorId", "at", "stage", "ruleSetId", "data")
          VALUES (${input.eventId}::text, ${input.journeyId}::text, ${input.seq}::int, ${input.type}::text, ${input.actorId}::text,
                  ${at}, ${input.stage}::text, ${input.ruleSetId}::text, ${jsonb(input.data)})
          ON CONFLICT ("id") DO NOTHING
          RETURNING "id"
        ), journey AS (
          INSERT INTO "Journey" (${Prisma.join(inserted.map(([c]) => name(c)))})
          SELECT ${Prisma.join(inserted.map(([, v]) => v))} FROM event
          ON CONFLICT ("id") DO UPDATE SET ${Prisma.join(updates.map(([c]) => Prisma.sql`${name(c)} = EXCLUDED.${name(c)}`))}
          WHERE "Journey"."cycle" < EXCLUDED."cycle" OR ("Journey"."cycle" = EXCLUDED."cycle" AND "Journey"."lastEventSeq" < EXCLUDED."lastEventSeq")
        )
        SELECT EXISTS (SELECT 1 FROM event) AS "recorded"`;
      return { recorded: rows[0]?.recorded === true };
    },
  };
}
