import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import type { NativeConnection, Worker, WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { createActivities } from '../../activities/index.js';
import { type Config, loadConfig } from '../../config/index.js';
import { seedDemoData } from '../../demo/seed.js';
import { mintDevToken } from '../../http/auth/tokens.js';
import { createApiServer } from '../../http/app.js';
import { portalSettings } from '../../http/portal/settings.js';
import { createSmtpTransport } from '../../mail/transport.js';
import { type Database, openDatabase } from '../../prisma/client.js';
import { createServices } from '../../services/index.js';
import { buildWorkflowBundle } from '../../worker/bundle.js';
import { createJourneyWorker } from '../../worker/create-worker.js';
import { type SmtpCatcher, startSmtpCatcher } from './smtp.js';

// The whole application for a test: real database (in-memory PGlite unless a URL is given), real SMTP
// catcher, real Temporal (whichever environment the test brings), the worker and the HTTP API.

let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;
/** Bundling takes seconds; do it once per test file, as a production build does once per release. */
export const workflowBundle = () => {
  bundle ??= buildWorkflowBundle();
  return bundle;
};

export interface TemporalParts {
  client: Client;
  nativeConnection: NativeConnection;
  namespace: string;
}

export interface TestApp {
  db: Database;
  smtp: SmtpCatcher;
  config: Config;
  baseUrl: string;
  taskQueue: string;
  asOf: string;
  startWorker(): Promise<Worker>;
  /** Runs `fn` while a worker polls, then shuts it down. */
  withWorker<T>(fn: () => Promise<T>): Promise<T>;
  graphql<T = Record<string, unknown>>(personId: string | null, query: string, variables?: Record<string, unknown>): Promise<{ data?: T; errors?: { message: string; extensions?: Record<string, unknown> }[] }>;
  close(): Promise<void>;
}

export interface TestAppOptions {
  databaseUrl?: string;
  asOf?: string;
  /** Where email goes: an SMTP catcher in this process by default; the bench runs one in its own process. */
  smtp?: () => Promise<SmtpCatcher>;
  /** Per-address limit on the emailed-link pages; `false` for load from one address (the bench). */
  linkRateLimit?: false;
}

export async function startTestApp(temporal: TemporalParts, options: TestAppOptions = {}): Promise<TestApp> {
  const db = await openDatabase(options.databaseUrl ? { url: options.databaseUrl } : {});
  await db.migrate();
  const asOf = options.asOf ?? new Date().toISOString();
  await seedDemoData(db.prisma, asOf);
  const smtp = await (options.smtp ?? startSmtpCatcher)();
  const taskQueue = `test-${randomUUID()}`;

  let server: Server | undefined;
  let config = loadConfig({ NODE_ENV: 'test', DEV_MODE: 'true', TEMPORAL_TASK_QUEUE: taskQueue, ...smtp.config } as unknown as NodeJS.ProcessEnv);
  const uploadsDir = path.join(tmpdir(), `certiflow-uploads-${randomUUID()}`);
  const services = createServices({ prisma: db.prisma, client: temporal.client, taskQueue, uploadsDir });
  server = createApiServer({ services, jwtSecret: config.AUTH_JWT_SECRET, production: false, log: (m, e) => console.error(m, e), portal: portalSettings(config), ...(options.linkRateLimit === false ? { linkRateLimit: false as const } : {}) });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  config = { ...config, PUBLIC_URL: baseUrl };

  const transport = createSmtpTransport(config);
  const activities = createActivities({ prisma: db.prisma, transport, config });
  const workers = new Set<Worker>();
  // One development token per person for the app's life, as a client keeps its token.
  const tokens = new Map<string, Promise<string>>();
  const tokenFor = (personId: string) => {
    if (!tokens.has(personId)) tokens.set(personId, mintDevToken(config.AUTH_JWT_SECRET, personId));
    return tokens.get(personId)!;
  };

  const startWorker = async () => {
    const worker = await createJourneyWorker({
      connection: temporal.nativeConnection,
      namespace: temporal.namespace,
      taskQueue,
      activities,
      workflowBundle: await workflowBundle(),
    });
    workers.add(worker);
    return worker;
  };

  return {
    db,
    smtp,
    config,
    baseUrl,
    taskQueue,
    asOf,
    startWorker,
    async withWorker(fn) {
      const worker = await startWorker();
      try {
        return await worker.runUntil(fn);
      } finally {
        workers.delete(worker);
      }
    },
    async graphql(personId, query, variables) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (personId) headers.authorization = `Bearer ${await tokenFor(personId)}`;
      const response = await fetch(`${baseUrl}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
      return response.json() as never;
    },
    async close() {
      for (const worker of workers) if (worker.getState() === 'RUNNING') worker.shutdown();
      await new Promise<void>((resolve) => server!.close(() => resolve()));
      transport.close();
      await smtp.close();
      await db.close();
    },
  };
}
