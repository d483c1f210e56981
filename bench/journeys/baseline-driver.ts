import type { Client } from '@temporalio/client';
import { pollWithBackoff } from '../pool.js';
import { emptyWorkflow } from '../workflows/empty.js';
import { noopJourneyWorkflow, phaseQuery, stepUpdate } from '../workflows/noop-journey.js';
import type { JourneyShape, NoopPhase } from '../workflows/shape.js';
import type { JourneyTimes } from './driver.js';

// The baselines driven as the journey is: the no-op journey's steps are timed at the same points (a
// step ends when the workflow waits for the next person), its updates sent in the same order, with the
// waits polled with the same backoff. A journey's first two updates are the approval and the
// evidence; the rest are the panel's scores, sent one after another without waiting in between.

export async function runEmpty(client: Client, taskQueue: string, id: string): Promise<JourneyTimes> {
  const start = performance.now();
  await client.workflow.execute(emptyWorkflow, { taskQueue, workflowId: id });
  const total = performance.now() - start;
  return { steps: [], total };
}

async function waitForPhase(client: Client, id: string, wanted: (phase: NoopPhase) => boolean): Promise<void> {
  await pollWithBackoff(async () => {
    try {
      return wanted(await client.workflow.getHandle(id).query(phaseQuery)) ? true : undefined;
    } catch {
      return undefined;
    }
  }, `${id} phase`);
}

export async function runNoopJourney(client: Client, taskQueue: string, id: string, shape: JourneyShape): Promise<JourneyTimes> {
  const updates = shape.runs[0]!.length - 1;
  const marks = [performance.now()];
  await client.workflow.start(noopJourneyWorkflow, { taskQueue, workflowId: id, args: [shape, 0] });
  const handle = client.workflow.getHandle(id);
  for (let u = 0; u < updates; u++) {
    if (u <= 2) {
      await waitForPhase(client, id, (p) => 'waitingFor' in p && p.waitingFor === u);
      marks.push(performance.now());
    }
    await handle.executeUpdate(stepUpdate, { args: [u] });
  }
  await waitForPhase(client, id, (p) => 'certified' in p || 'holding' in p);
  marks.push(performance.now());
  return { steps: marks.slice(1).map((t, k) => t - marks[k]!), total: marks.at(-1)! - marks[0]! };
}
