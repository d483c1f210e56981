import type { UpdateDefinition } from '@temporalio/client';
import { ErrorCode } from '../domain/errors.js';
import type { StageAnswer } from '../workflows/journey/messages.js';
import type { JourneyService } from './journeys.js';

// Telling many running journeys of one decision (a rule-set or program version): each journey's answer is
// kept, one refusing or Temporal being unreachable for it never stops the others, and an update id per
// journey makes a repeated call apply once.

/** What one journey's workflow answered. */
export type JourneyNotice =
  | { journeyId: string; accepted: true; stage: string }
  | { journeyId: string; accepted: false; code: string; message: string };

/** Journeys are told in small batches: many at once would queue on the worker anyway. */
const NOTIFY_CONCURRENCY = 8;

export async function tellJourneys<I>(
  journeys: Pick<JourneyService, 'act'> | undefined,
  journeyIds: string[],
  definition: UpdateDefinition<StageAnswer, [I], string>,
  input: I,
  updateId: (journeyId: string) => string,
): Promise<JourneyNotice[]> {
  const tell = async (journeyId: string): Promise<JourneyNotice> => {
    if (!journeys) return { journeyId, accepted: false, code: ErrorCode.WorkflowUnavailable, message: 'This process has no Temporal client; the journey was not told.' };
    try {
      const answer = await journeys.act(journeyId, definition, input, updateId(journeyId));
      if (answer.ok) return { journeyId, accepted: true, stage: answer.value.stage };
      return { journeyId, accepted: false, code: answer.error.code, message: answer.error.message };
    } catch (error) {
      // Temporal unreachable or an unexpected failure: recorded for this journey; the others are still told.
      return { journeyId, accepted: false, code: ErrorCode.WorkflowUnavailable, message: (error as Error).message };
    }
  };
  const results: JourneyNotice[] = new Array(journeyIds.length);
  let next = 0;
  const lane = async () => {
    for (let i = next++; i < journeyIds.length; i = next++) results[i] = await tell(journeyIds[i]!);
  };
  await Promise.all(Array.from({ length: Math.min(NOTIFY_CONCURRENCY, journeyIds.length) }, lane));
  return results;
}
