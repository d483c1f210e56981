import { proxyActivities, sleep } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';

// A program version approved to take effect on a future date: a durable timer, then the version is
// applied (its terms written, every journey of the program told). Survives restarts of every process.

const { applyProgramVersion } = proxyActivities<Pick<Activities, 'applyProgramVersion'>>({
  startToCloseTimeout: '10 minutes',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});

export async function programVersionWorkflow(input: { versionId: string; effectiveAt: string }): Promise<{ journeysTold: number }> {
  const wait = Date.parse(input.effectiveAt) - Date.now();
  if (wait > 0) await sleep(wait);
  return applyProgramVersion({ versionId: input.versionId });
}
