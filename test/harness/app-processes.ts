import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { mintDevToken } from '../../http/auth/tokens.js';
import { workflowBundle } from './app.js';
import { freePort, type ManagedChild, managedChild, waitUntilReady } from './child-process.js';

// The worker (worker/main.ts) and the API (http/main.ts) as the separate processes they are in
// production, configured only through the environment, so a test can SIGKILL either and start it again.
// They need PostgreSQL (DATABASE_URL): PGlite belongs to one process.

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

export interface AppProcessesOptions {
  databaseUrl: string;
  temporalAddress: string;
  smtpPort: number;
  /** Extra or overriding environment for both processes. */
  env?: Record<string, string>;
}

export interface AppProcesses {
  worker: ManagedChild;
  api: ManagedChild;
  baseUrl: string;
  taskQueue: string;
  secrets: { jwt: string; approvalLink: string };
  /** POSTs a GraphQL request to the API process as `personId`. */
  graphql<T = Record<string, unknown>>(personId: string | null, query: string, variables?: Record<string, unknown>): Promise<GraphQLAnswer<T>>;
  stop(): Promise<void>;
}

export interface GraphQLAnswer<T> {
  status: number;
  retryAfter: string | null;
  data?: T | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

export async function startAppProcesses(options: AppProcessesOptions): Promise<AppProcesses> {
  const apiPort = await freePort();
  const baseUrl = `http://127.0.0.1:${apiPort}`;
  const taskQueue = `chaos-${process.pid}-${Date.now()}`;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'certiflow-app-'));
  const secrets = { jwt: 'chaos-test-jwt-secret-0123456789', approvalLink: 'chaos-test-link-secret-0123456789' };
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    // Not production: that mode requires every secret the code base grows. Errors are masked alike.
    NODE_ENV: 'test',
    DEV_MODE: 'true',
    LOG_LEVEL: 'warn',
    DATA_DIR: dataDir,
    DATABASE_URL: options.databaseUrl,
    DATABASE_POOL_SIZE: '5',
    TEMPORAL_ADDRESS: options.temporalAddress,
    TEMPORAL_TASK_QUEUE: taskQueue,
    API_HOST: '127.0.0.1',
    // The campaign plays each person's browser behind a proxy on loopback (journey-campaign.ts).
    TRUST_PROXY: 'loopback',
    API_PORT: String(apiPort),
    PUBLIC_URL: baseUrl,
    AUTH_JWT_SECRET: secrets.jwt,
    APPROVAL_LINK_SECRET: secrets.approvalLink,
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(options.smtpPort),
    ...options.env,
  };
  const tsx = (script: string, ...args: string[]) => ({ command: process.execPath, args: ['--import', 'tsx', script, ...args], env, cwd: repoRoot });
  // Bundled once here, as a production image would; each worker (re)start then skips the bundling.
  const bundleFile = path.join(dataDir, 'workflow-bundle.js');
  writeFileSync(bundleFile, (await workflowBundle()).code);

  const connection = await Connection.connect({ address: options.temporalAddress });
  const client = new Client({ connection });
  const worker = managedChild({
    name: 'worker process',
    ...tsx('worker/main.ts', '--workflow-bundle', bundleFile),
    // Polling is what counts: the process bundles the workflows first, which takes seconds.
    ready: (child) => waitUntilReady(child, `polling ${taskQueue}`, () => hasPoller(client, taskQueue, child.pid), 180_000),
  });
  const api = managedChild({
    name: 'API process',
    ...tsx('http/main.ts'),
    ready: (child) => waitUntilReady(child, `answering ${baseUrl}/healthz`, async () => (await fetch(`${baseUrl}/healthz`)).ok, 120_000),
  });
  try {
    await Promise.all([worker.start(), api.start()]);
  } catch (error) {
    await Promise.all([worker.kill(), api.kill()]);
    await connection.close();
    throw error;
  }

  return {
    worker,
    api,
    baseUrl,
    taskQueue,
    secrets,
    async graphql(personId, query, variables) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (personId) headers.authorization = `Bearer ${await mintDevToken(secrets.jwt, personId)}`;
      // An update waits for a worker; while none runs the request would hang, so it gives up and is retried.
      const response = await fetch(`${baseUrl}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query, variables }), signal: AbortSignal.timeout(60_000) });
      const body = (await response.json()) as Pick<GraphQLAnswer<never>, 'data' | 'errors'>;
      return { status: response.status, retryAfter: response.headers.get('retry-after'), ...body };
    },
    async stop() {
      await Promise.all([worker.stop(20_000), api.stop(10_000)]);
      await connection.close().catch(() => undefined);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** True when a worker of process `pid` polls the task queue for workflow tasks. */
async function hasPoller(client: Client, taskQueue: string, pid: number | undefined): Promise<boolean> {
  const { pollers } = await client.workflowService.describeTaskQueue({
    namespace: 'default',
    taskQueue: { name: taskQueue },
    taskQueueType: 1, // TASK_QUEUE_TYPE_WORKFLOW
  });
  // The SDK's default identity is "<pid>@<host>"; pollers of a killed process linger for a minute.
  return pollers.some((poller) => poller.identity?.startsWith(`${pid}@`));
}
