import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode, type NativeConnection, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { baselineActivities } from './activities.js';

// The baselines' own worker, set up as the journey worker is (worker/create-worker.ts): same connection,
// same cache size, a prebuilt bundle; only the workflows and activities differ.

export const baselineWorkflowsPath = fileURLToPath(new URL('./index.ts', import.meta.url));

const silent = { trace() {}, debug() {}, info() {}, log() {}, warn: console.warn, error: console.error };

let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;
export const baselineBundle = () => {
  bundle ??= bundleWorkflowCode({ workflowsPath: baselineWorkflowsPath, logger: silent });
  return bundle;
};

export async function createBaselineWorker(options: { connection: NativeConnection; namespace: string; taskQueue: string }): Promise<Worker> {
  return Worker.create({
    ...options,
    activities: baselineActivities,
    workflowBundle: await baselineBundle(),
    maxCachedWorkflows: 500,
  });
}
