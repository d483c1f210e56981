import { ApplicationFailure, Context } from '@temporalio/activity';
import { ErrorCode } from '../domain/errors.js';
import type { PrismaClient } from '../prisma/client.js';
import type { JourneyNotice } from '../services/journey-notices.js';
import { createJourneyService } from '../services/journeys.js';
import { ChangeNotCommitted, createDepartureService } from '../services/people/departures.js';

// The directory-change workflow's steps. Journeys are told through this activity's own Temporal client;
// a journey Temporal could not reach makes the step fail and retry (the others' update ids make
// telling them again harmless), while a journey that refuses (already over) is simply done.

function departures(prisma: PrismaClient) {
  const { client, info } = Context.current();
  return createDepartureService({ prisma, journeys: createJourneyService({ prisma, client, taskQueue: info.taskQueue }) });
}

function unlessUnreachable(notices: JourneyNotice[]): { journeysTold: number } {
  const unreachable = notices.filter((n) => !n.accepted && n.code === ErrorCode.WorkflowUnavailable);
  if (unreachable.length) throw ApplicationFailure.retryable(`${unreachable.length} journey(s) could not be reached: ${unreachable.map((n) => n.journeyId).join(', ')}`);
  return { journeysTold: notices.filter((n) => n.accepted).length };
}

/** About an hour of retries (5 s doubling to 10 min): far longer than any transaction stays open. */
const MAX_WAIT_ATTEMPTS = 12;

/** A change not committed yet is retried; one that never commits (rolled back) ends the run: nothing happened. */
async function pending<T>(step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    if (!(error instanceof ChangeNotCommitted)) throw error;
    const gaveUp = Context.current().info.attempt >= MAX_WAIT_ATTEMPTS;
    throw ApplicationFailure.create({ message: gaveUp ? `${error.message} The change was rolled back.` : error.message, type: 'CHANGE_NOT_COMMITTED', nonRetryable: gaveUp });
  }
}

export function createDirectoryActivities({ prisma }: { prisma: PrismaClient }) {
  return {
    async endJourneysOfLeaver(input: { personId: string; version: number; leftAt: string }): Promise<{ journeysTold: number }> {
      return unlessUnreachable(await pending(() => departures(prisma).endJourneysOfLeaver(input.personId, input.version, input.leftAt)));
    },
    async tellJourneysNewManager(input: { personId: string; version: number }): Promise<{ journeysTold: number }> {
      return unlessUnreachable(await pending(() => departures(prisma).tellNewManager(input.personId, input.version)));
    },
    async eraseLeaver(input: { personId: string; leftAt: string }): Promise<'erased' | 'returned' | 'already'> {
      return createDepartureService({ prisma }).eraseLeaver(input.personId, input.leftAt);
    },
  };
}
