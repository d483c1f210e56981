import { bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { workflowInterceptorsPath, workflowsPath } from './create-worker.js';

// The journey workflows as one bundle, built ahead of time: a production image ships it and starts each
// worker with `--workflow-bundle <file>`, so a restart runs at once instead of bundling for seconds
// (and every worker of a release runs byte-identical workflow code). Tests bundle the same way. The
// bundle carries the tracing interceptors (workflows/tracing-interceptors.ts): a worker given a bundle
// ignores interceptor modules passed at start, so they must be in it.

type BundleLogger = NonNullable<Parameters<typeof bundleWorkflowCode>[0]['logger']>;

/** Only warnings and errors: the bundler's progress lines say nothing a person acts on. */
const quietLogger: BundleLogger = {
  trace() {},
  debug() {},
  info() {},
  log() {},
  warn: (message: string) => console.warn(message),
  error: (message: string) => console.error(message),
};

export function buildWorkflowBundle(logger: BundleLogger = quietLogger): Promise<WorkflowBundleWithSourceMap> {
  return bundleWorkflowCode({ workflowsPath, workflowInterceptorModules: [workflowInterceptorsPath], logger });
}
