import { writeFileSync } from 'node:fs';
import type { Client } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';

export const historiesDir = new URL('../histories/', import.meta.url);

/**
 * With RECORD_HISTORIES=1, writes every run of a finished workflow (following continue-as-new back to
 * the first run) to test/histories/<name>.run<N>.json. The replay test then runs them against the
 * current workflow code, so a change that would break journeys in flight fails CI.
 */
export async function recordHistories(client: Client, workflowId: string, name: string): Promise<void> {
  if (process.env.RECORD_HISTORIES !== '1') return;
  const runs = [];
  let runId: string | undefined;
  do {
    const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
    runs.unshift(history);
    const started = history.events?.[0]?.workflowExecutionStartedEventAttributes;
    runId = started?.continuedExecutionRunId || undefined;
  } while (runId);
  runs.forEach((history, i) => {
    // The same proto3 JSON the Temporal CLI and UI export.
    writeFileSync(new URL(`${name}.run${i + 1}.json`, historiesDir), `${historyToJSON(history)}\n`);
  });
}
