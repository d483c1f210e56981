import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { findOrInstallTemporalCli } from '../../scripts/temporal-cli.js';
import { findOrInstallTestServer } from '../../scripts/test-server.js';

// Both environments run real servers from binaries we build or resolve ourselves: without an
// `existing-path` executable the SDK tries to download one from GitHub, which is unreachable here.

let runtimeInstalled = false;
/** Worker lifecycle lines at INFO drown test output; keep warnings and errors. Once per process. */
function installQuietRuntime(): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  Runtime.install({ logger: new DefaultLogger('WARN') });
}

/** Temporal's Java test server with time skipping: `env.sleep('90 days')` returns at once. */
/**
 * The SDK gives a server 5 s to come up; on a 2-core machine running other suites a JVM can miss that.
 * A slow start is retried; a server that cannot start at all still fails the test after the last try.
 */
async function startWithRetry(start: () => Promise<TestWorkflowEnvironment>, attempts = 3): Promise<TestWorkflowEnvironment> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await start();
    } catch (error) {
      if (attempt >= attempts || !/did not start|timed? ?out/i.test(String(error))) throw error;
      console.warn(`Temporal test server was slow to start (attempt ${attempt} of ${attempts}); retrying`);
    }
  }
}

export async function createTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  installQuietRuntime();
  const path = await findOrInstallTestServer();
  return startWithRetry(() => TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path } } }));
}

export interface DevServerEnvOptions {
  /** Created at start-up; defaults to "default". */
  namespace?: string;
  /** SQLite file to keep state across restarts; in-memory when absent. */
  dbFilename?: string;
  extraArgs?: string[];
}

/** The full dev server from the Temporal CLI (no time skipping), for behaviour the test server lacks. */
export async function createDevServerEnv(opts: DevServerEnvOptions = {}): Promise<TestWorkflowEnvironment> {
  installQuietRuntime();
  const path = await findOrInstallTemporalCli();
  return startWithRetry(() => TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path },
      // With ui false the SDK passes --headless, so the UI server never starts; the port is picked
      // free by the SDK, so parallel test files do not collide.
      ui: false,
      namespace: opts.namespace,
      dbFilename: opts.dbFilename,
      log: { format: 'pretty', level: 'error' },
      extraArgs: opts.extraArgs,
    },
  }));
}
