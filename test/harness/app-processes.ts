import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { mintDevToken } from '../../http/auth/tokens.js';
import { workflowBundle } from './app.js';
import { type Balancer, startBalancer } from './balancer.js';
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
  /** The Temporal namespace (registered beforehand on a real cluster; the dev server has `default`). */
  namespace?: string;
  /** How many worker and API processes; more than one API runs behind a load balancer (balancer.ts). */
  workers?: number;
  apis?: number;
}

export interface AppProcesses {
  /** The first worker and API process (the only ones unless more were asked for). */
  worker: ManagedChild;
  api: ManagedChild;
  workers: ManagedChild[];
  apis: ManagedChild[];
  /** Where people reach the API: the one process, or the load balancer in front of several. */
  baseUrl: string;
  balancer?: Balancer;
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
  const { workers: workerCount = 1, apis: apiCount = 1, namespace = 'default' } = options;
  const apiPorts = await Promise.all(Array.from({ length: apiCount }, () => freePort()));
  const balancer = apiCount > 1 ? await startBalancer(apiPorts) : undefined;
  const baseUrl = balancer?.url ?? `http://127.0.0.1:${apiPorts[0]}`;
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
    TEMPORAL_NAMESPACE: namespace,
    TEMPORAL_TASK_QUEUE: taskQueue,
    API_HOST: '127.0.0.1',
    // The campaign plays each person's browser behind a proxy on loopback (journey-campaign.ts).
    TRUST_PROXY: 'loopback',
    PUBLIC_URL: baseUrl,
    AUTH_JWT_SECRET: secrets.jwt,
    APPROVAL_LINK_SECRET: secrets.approvalLink,
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(options.smtpPort),
    ...options.env,
  };
  const tsx = (script: string, args: string[], extraEnv: Record<string, string> = {}) => ({
    command: process.execPath,
    args: ['--import', 'tsx', script, ...args],
    env: { ...env, ...extraEnv },
    cwd: repoRoot,
  });
  // Bundled once here, as a production image would; each worker (re)start then skips the bundling.
  const bundleFile = path.join(dataDir, 'workflow-bundle.js');
  writeFileSync(bundleFile, (await workflowBundle()).code);

  const connection = await Connection.connect({ address: options.temporalAddress });
  const client = new Client({ connection, namespace });
  const workers = Array.from({ length: workerCount }, (_, index) =>
    managedChild({
      name: workerCount > 1 ? `worker process ${index + 1}` : 'worker process',
      ...tsx('worker/main.ts', ['--workflow-bundle', bundleFile]),
      // Polling is what counts: the process bundles the workflows first, which takes seconds.
      ready: (child) => waitUntilReady(child, `polling ${taskQueue}`, () => hasPoller(client, namespace, taskQueue, child.pid), 180_000),
    }),
  );
  const apis = apiPorts.map((port, index) => {
    const url = `http://127.0.0.1:${port}`;
    return managedChild({
      name: apiCount > 1 ? `API process ${index + 1}` : 'API process',
      ...tsx('http/main.ts', [], { API_PORT: String(port) }),
      ready: (child) => waitUntilReady(child, `answering ${url}/healthz`, async () => (await fetch(`${url}/healthz`)).ok, 120_000),
    });
  });
  const all = [...workers, ...apis];
  try {
    await Promise.all(all.map((child) => child.start()));
  } catch (error) {
    await Promise.all(all.map((child) => child.kill()));
    await connection.close();
    await balancer?.close();
    throw error;
  }

  return {
    worker: workers[0]!,
    api: apis[0]!,
    workers,
    apis,
    baseUrl,
    ...(balancer ? { balancer } : {}),
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
      await Promise.all([...workers.map((worker) => worker.stop(20_000)), ...apis.map((api) => api.stop(10_000))]);
      await connection.close().catch(() => undefined);
      await balancer?.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** True when a worker of process `pid` polls the task queue for workflow tasks. */
async function hasPoller(client: Client, namespace: string, taskQueue: string, pid: number | undefined): Promise<boolean> {
  const { pollers } = await client.workflowService.describeTaskQueue({
    namespace,
    taskQueue: { name: taskQueue },
    taskQueueType: 1, // TASK_QUEUE_TYPE_WORKFLOW
  });
  // The SDK's default identity is "<pid>@<host>"; pollers of a killed process linger for a minute.
  return pollers.some((poller) => poller.identity?.startsWith(`${pid}@`));
}
