import { type Client, QueryNotRegisteredError, QueryRejectedError, ServiceError, WorkflowNotFoundError } from '@temporalio/client';
import { getJourneyQuery } from '../workflows/journey/messages.js';

// What a journey's workflow holds before its read model does. Panel scores, the check-in being waited
// for and appeal votes reach the database only once complete (all scored, recorded or missed, all voted),
// yet the people acting need to know where things stand now: who has scored or voted (never what), and
// which check-in is open. Asked of the workflow with its query, which changes nothing.

/** How long a page waits for the workflow before doing without (falling back to the read model). */
const QUERY_MS = 3000;

export interface InFlight {
  /** Assessors of the current panel round who have scored. */
  scoredBy: string[];
  /** The check-in the mentor can record now: scheduled, neither recorded nor missed. */
  openCheckIn: { dueAt: string } | null;
  /** Reviewers who have voted on the appeal under review. */
  appealVoters: string[];
}

export function createInFlightService({ client }: { client: Client }) {
  return {
    /** The journey's work in flight; null when the workflow cannot say in time (ended, no worker, server away). */
    async glance(journeyId: string): Promise<InFlight | null> {
      try {
        const state = await client.withDeadline(Date.now() + QUERY_MS, () => client.workflow.getHandle(journeyId).query(getJourneyQuery));
        const open = state.checkIns?.at(-1);
        return {
          scoredBy: Object.keys(state.panelScores ?? {}),
          openCheckIn: open && !open.recordedAt && !open.missed ? { dueAt: open.dueAt } : null,
          appealVoters: Object.keys(state.appeal?.votes ?? {}),
        };
      } catch (error) {
        if ([ServiceError, WorkflowNotFoundError, QueryNotRegisteredError, QueryRejectedError].some((type) => error instanceof type)) return null;
        throw error;
      }
    },
  };
}

export type InFlightService = ReturnType<typeof createInFlightService>;
