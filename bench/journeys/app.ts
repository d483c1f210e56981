import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Worker } from '@temporalio/worker';
import { createActivities } from '../../activities/index.js';
import { loadConfig } from '../../config/index.js';
import { seedDemoData } from '../../demo/seed.js';
import { mintDevToken } from '../../http/auth/tokens.js';
import { createApiServer } from '../../http/app.js';
import { createSmtpTransport } from '../../mail/transport.js';
import { openDatabase } from '../../prisma/client.js';
import { createServices } from '../../services/index.js';
import { type TemporalParts, type TestApp, workflowBundle } from '../../test/harness/app.js';
import { createJourneyWorker } from '../../worker/create-worker.js';
import { startSmtpProcess } from './smtp-process.js';

// The test harness's app (test/harness/app.ts startTestApp), put together the same way with one change
// for load: the SMTP catcher runs in its own process (see smtp-process.ts). The result is a TestApp, so
// the harness's journey steps drive it unchanged; tokens are minted once per person, not per request.

export async function startBenchApp(temporal: TemporalParts, options: { databaseUrl?: string } = {}): Promise<TestApp> {
  const db = await openDatabase(options.databaseUrl ? { url: options.databaseUrl } : {});
  await db.migrate();
  const asOf = new Date().toISOString();
  await seedDemoData(db.prisma, asOf);
  const smtp = await startSmtpProcess();
  const taskQueue = `bench-${randomUUID()}`;
  let config = loadConfig({ NODE_ENV: 'test', DEV_MODE: 'true', TEMPORAL_TASK_QUEUE: taskQueue, ...smtp.config } as unknown as NodeJS.ProcessEnv);
  const uploadsDir = path.join(tmpdir(), `certiflow-bench-uploads-${randomUUID()}`);
  const services = createServices({ prisma: db.prisma, client: temporal.client, taskQueue, uploadsDir });
  const server: Server = createApiServer({ services, jwtSecret: config.AUTH_JWT_SECRET, production: false, log: (m, e) => console.error(m, e) });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  config = { ...config, PUBLIC_URL: baseUrl };
  const transport = createSmtpTransport(config);
  const activities = createActivities({ prisma: db.prisma, transport, config });
  const workers = new Set<Worker>();
  const tokens = new Map<string, Promise<string>>();
  const tokenFor = (personId: string) => {
    if (!tokens.has(personId)) tokens.set(personId, mintDevToken(config.AUTH_JWT_SECRET, personId));
    return tokens.get(personId)!;
  };

  const startWorker = async () => {
    const worker = await createJourneyWorker({ connection: temporal.nativeConnection, namespace: temporal.namespace, taskQueue, activities, workflowBundle: await workflowBundle() });
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
      await new Promise<void>((resolve) => server.close(() => resolve()));
      transport.close();
      await smtp.close();
      await db.close();
    },
  };
}
