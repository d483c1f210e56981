import { Client, Connection } from '@temporalio/client';
import { seedDemoData } from '../../demo/seed.js';
import { type Database, openDatabase } from '../../prisma/client.js';
import { type AppProcesses, startAppProcesses } from './app-processes.js';
import { type ChaosCandidate, chaosCandidates, seedChaosCandidates } from './chaos-candidates.js';
import { startPostgresCluster, type TestPostgresCluster } from './postgres.js';
import { type RestartableSmtp, startRestartableSmtp } from './restartable-smtp.js';
import { startTemporalProcess, type TemporalProcess } from './temporal-process.js';

// Everything Certiflow runs on, each part as its own process a reliability test can take down: a
// PostgreSQL server of its own, the Temporal dev server on a SQLite file, an SMTP server, and the
// worker and API processes; migrated and seeded with the demo data and `journeys` extra candidates.

export interface ChaosStack {
  postgres: TestPostgresCluster;
  temporal: TemporalProcess;
  smtp: RestartableSmtp;
  /** The test's own connection to the read model, for checks. */
  db: Database;
  app: AppProcesses;
  client: Client;
  candidates: ChaosCandidate[];
  /** Processes that exited without being asked to, with their last output. */
  crashes(): string[];
  stop(): Promise<void>;
}

export async function startChaosStack({ journeys, prefix = 'chaos' }: { journeys: number; prefix?: string }): Promise<ChaosStack> {
  const [postgres, temporal, smtp] = await Promise.all([startPostgresCluster(), startTemporalProcess(), startRestartableSmtp()]);
  const parts: { stop(): Promise<unknown> }[] = [
    { stop: () => postgres.stop() },
    { stop: async () => { await temporal.server.stop(); temporal.cleanUp(); } },
    { stop: () => smtp.close() },
  ];
  const stop = async () => {
    for (let part = parts.pop(); part; part = parts.pop()) await part.stop().catch((error: unknown) => console.warn('stopping a chaos part failed', error));
  };
  try {
    const db = await openDatabase({ url: postgres.url });
    parts.push({ stop: () => db.close() });
    await db.migrate();
    await withRetries(() => seedDemoData(db.prisma));
    const candidates = chaosCandidates(journeys, prefix);
    await seedChaosCandidates(db.prisma, candidates);
    const app = await startAppProcesses({ databaseUrl: postgres.url, temporalAddress: temporal.address, smtpPort: smtp.smtpPort });
    parts.push({ stop: () => app.stop() });
    const connection = await Connection.connect({ address: temporal.address });
    parts.push({ stop: () => connection.close() });
    return {
      postgres,
      temporal,
      smtp,
      db,
      app,
      client: new Client({ connection }),
      candidates,
      crashes: () => [...app.worker.crashes, ...app.api.crashes, ...temporal.server.crashes],
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * The demo seed runs in one interactive transaction with Prisma's 5 s timeout; on a machine busy with
 * other suites it can run out and leave a half-done transaction behind. It is idempotent: run it again.
 */
async function withRetries(seed: () => Promise<unknown>, attempts = 3): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await seed();
      return;
    } catch (error) {
      if (attempt >= attempts) throw error;
      console.warn(`seeding the demo data failed (attempt ${attempt} of ${attempts}); again: ${(error as Error).message.split('\n').at(-1)}`);
    }
  }
}
