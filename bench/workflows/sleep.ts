import { sleep } from '@temporalio/workflow';

/** Sleeps through a span of (simulated) time in one timer: the time-skipping server's cheapest long run. */
export async function sleepWorkflow(ms: number): Promise<string> {
  await sleep(ms);
  return 'done';
}
