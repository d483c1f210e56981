import type { Client } from '@temporalio/client';
import type { JourneyShape, Segment } from '../workflows/shape.js';

// Reads a finished journey's history (every run, following continue-as-new back to the first) and counts
// what Temporal did for it: the no-op baseline is built from these counts, and they are printed.

type HistoryEvent = Record<string, unknown>;

/** An event's type from the one `…EventAttributes` field it carries, e.g. "activityTaskScheduled". */
export function eventType(event: HistoryEvent): string {
  const key = Object.keys(event).find((k) => k.endsWith('EventAttributes') && event[k] != null);
  return key ? key.slice(0, -'EventAttributes'.length) : 'unknown';
}

/** Every run's events, oldest run first. */
export async function fetchRuns(client: Client, workflowId: string): Promise<HistoryEvent[][]> {
  const runs: HistoryEvent[][] = [];
  let runId: string | undefined;
  do {
    const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
    const events = (history.events ?? []) as unknown as HistoryEvent[];
    runs.unshift(events);
    const started = events[0]?.workflowExecutionStartedEventAttributes as { continuedExecutionRunId?: string } | undefined;
    runId = started?.continuedExecutionRunId || undefined;
  } while (runId);
  return runs;
}

const PERSON_MESSAGES = new Set(['workflowExecutionUpdateAccepted', 'workflowExecutionSignaled']);

/** Segments per run: activities and timers started before each person's update or signal, and after the last. */
export function shapeOf(runs: HistoryEvent[][]): JourneyShape {
  return {
    runs: runs.map((events) => {
      const segments: Segment[] = [{ activities: 0, timers: 0 }];
      for (const event of events) {
        const type = eventType(event);
        if (PERSON_MESSAGES.has(type)) segments.push({ activities: 0, timers: 0 });
        const current = segments.at(-1)!;
        if (type === 'activityTaskScheduled') current.activities += 1;
        if (type === 'timerStarted') current.timers += 1;
      }
      return segments;
    }),
  };
}

/** How many events of each type, over all runs. */
export function countEventTypes(runs: HistoryEvent[][]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const type of runs.flat().map(eventType)) counts[type] = (counts[type] ?? 0) + 1;
  return counts;
}

/** The counts that define "the same work" for the no-op baseline. */
export function keyCounts(runs: HistoryEvent[][]) {
  const c = countEventTypes(runs);
  return {
    runs: runs.length,
    events: runs.flat().length,
    activities: c.activityTaskScheduled ?? 0,
    timersStarted: c.timerStarted ?? 0,
    timersCancelled: c.timerCanceled ?? 0,
    updates: c.workflowExecutionUpdateAccepted ?? 0,
    signals: c.workflowExecutionSignaled ?? 0,
    workflowTasks: c.workflowTaskCompleted ?? 0,
  };
}
