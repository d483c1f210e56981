import { Client, Connection } from '@temporalio/client';
import { seedDemoData } from '../../demo/seed.js';
import { type Database, openDatabase } from '../../prisma/client.js';
import { type AppProcesses, startAppProcesses } from './app-processes.js';
import { type ChaosCandidate, chaosCandidates, seedChaosCandidates } from './chaos-candidates.js';
import { startPostgresCluster, type TestPostgresCluster } from './postgres.js';
import { type RestartableSmtp, startRestartableSmtp } from './restartable-smtp.js';
import { startTemporalCluster } from './temporal-cluster.js';
import { startTemporalProcess, type TemporalProcess } from './temporal-process.js';

// Everything Certiflow runs on, each part as its own process a reliability test can take down: a
// PostgreSQL server of its own, a Temporal server, an SMTP server, and the worker and API processes;
// migrated and seeded with the demo data and `journeys` extra candidates. The Temporal server is the
// dev server on a SQLite file, or (topology `production`) the server built from go.temporal.io/server
// on the same PostgreSQL, with several workers and API processes behind a load balancer.

export interface ChaosTopology {
  temporal: 'dev-server' | 'cluster';
  workers: number;
  apis: number;
}

const DEV_TOPOLOGY: ChaosTopology = { temporal: 'dev-server', workers: 1, apis: 1 };

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

export async function startChaosStack({ journeys, prefix = 'chaos', topology = DEV_TOPOLOGY }: { journeys: number; prefix?: string; topology?: ChaosTopology }): Promise<ChaosStack> {
  const [postgres, smtp] = await Promise.all([startPostgresCluster(), startRestartableSmtp()]);
  // A cluster keeps its state in PostgreSQL; the production topology uses a namespace of its own, registered by the setup command.
  const temporal = await (topology.temporal === 'cluster'
    ? startTemporalCluster({ postgresUrl: postgres.url, namespace: 'certiflow' })
    : startTemporalProcess()
  ).catch(async (error: unknown) => {
    await Promise.all([postgres.stop(), smtp.close()]);
    throw error;
  });
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
    await seedDemoWithRetries(db.prisma);
    const candidates = chaosCandidates(journeys, prefix);
    await seedChaosCandidates(db.prisma, candidates);
    const app = await startAppProcesses({
      databaseUrl: postgres.url,
      temporalAddress: temporal.address,
      namespace: temporal.namespace,
      smtpPort: smtp.smtpPort,
      workers: topology.workers,
      apis: topology.apis,
    });
    parts.push({ stop: () => app.stop() });
    const connection = await Connection.connect({ address: temporal.address });
    parts.push({ stop: () => connection.close() });
    return {
      postgres,
      temporal,
      smtp,
      db,
      app,
      client: new Client({ connection, namespace: temporal.namespace }),
      candidates,
      crashes: () => [...app.workers, ...app.apis, temporal.server].flatMap((child) => child.crashes),
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
export async function seedDemoWithRetries(prisma: Database['prisma'], attempts = 3): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await seedDemoData(prisma);
      return;
    } catch (error) {
      if (attempt >= attempts) throw error;
      console.warn(`seeding the demo data failed (attempt ${attempt} of ${attempts}); again: ${(error as Error).message.split('\n').at(-1)}`);
    }
  }
}
