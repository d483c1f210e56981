import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import type { TemporalParts } from '../../test/harness/app.js';
import { startPostgres } from '../../test/harness/postgres.js';
import { createDevServerEnv } from '../../test/harness/temporal.js';
import { startTemporalCluster } from '../../test/harness/temporal-cluster.js';
import { startBenchApp } from '../journeys/app.js';
import { runEmpty, runNoopJourney } from '../journeys/baseline-driver.js';
import { certiflowJourneyId, type JourneyTimes, runJourney, STEPS } from '../journeys/driver.js';
import { countEventTypes, fetchRuns, keyCounts, shapeOf } from '../journeys/history-shape.js';
import { seedBenchPeople } from '../journeys/people.js';
import { describeUse, machineCpuPerJourney, measureChunk, newPhase, type Phase, perSecond, stepSummary, totalSummary } from '../journeys/phase.js';
import { pollWithBackoff, runPool } from '../pool.js';
import { descendantPids, postgresPids, resourceFigures } from '../proc.js';
import { busyShares, PGLITE, QUERY_COMPILER } from '../profile.js';
import { fmt, type Row, row } from '../report.js';
import type { SuiteOptions, SuiteOutput } from '../suite.js';
import { createBaselineWorker } from '../workflows/worker.js';

// Whole journeys against two baselines on the same server and the same worker set-up: an empty
// workflow, and a no-op workflow with a journey's activities, timers and updates. Three variants:
// `journeys` (the dev server, PGlite read model: `npm run dev`), `journeys-postgres` (the dev server,
// a PostgreSQL read model) and `journeys-production` (the Temporal server built from go.temporal.io/server
// on PostgreSQL, and the read model on the same PostgreSQL server: the production topology's parts).

interface Variant {
  database: 'pglite' | 'postgres';
  temporal: 'dev-server' | 'cluster';
}

const VARIANTS = {
  journeys: { database: 'pglite', temporal: 'dev-server' },
  'journeys-postgres': { database: 'postgres', temporal: 'dev-server' },
  'journeys-production': { database: 'postgres', temporal: 'cluster' },
} satisfies Record<string, Variant>;

interface Environment {
  temporal: TemporalParts;
  databaseUrl?: string;
  /** Names the Temporal server in the notes, and its process for the CPU figures. */
  server: { label: string; process: string };
  /** The PostgreSQL server's port, for its CPU figures (absent: PGlite, in this process). */
  postgresPort?: number;
  teardown(): Promise<void>;
}

async function startEnvironment(variant: Variant): Promise<Environment> {
  const postgres = variant.database === 'postgres' || variant.temporal === 'cluster' ? await startPostgres() : undefined;
  if (variant.temporal === 'dev-server') {
    const env = await createDevServerEnv();
    return {
      temporal: { client: env.client, nativeConnection: env.nativeConnection, namespace: env.namespace ?? 'default' },
      ...(postgres ? { databaseUrl: postgres.url, postgresPort: Number(new URL(postgres.url).port) } : {}),
      server: { label: 'the Temporal dev server', process: 'temporal' },
      teardown: async () => {
        await env.teardown();
        await postgres?.stop();
      },
    };
  }
  const cluster = await startTemporalCluster({ postgresUrl: postgres!.url, namespace: 'certiflow' });
  const connection = await Connection.connect({ address: cluster.address });
  const nativeConnection = await NativeConnection.connect({ address: cluster.address });
  return {
    temporal: { client: new Client({ connection, namespace: cluster.namespace }), nativeConnection, namespace: cluster.namespace },
    databaseUrl: postgres!.url,
    postgresPort: Number(new URL(postgres!.url).port),
    server: { label: 'the Temporal server (PostgreSQL)', process: 'server' },
    teardown: async () => {
      await nativeConnection.close();
      await connection.close();
      await cluster.server.stop();
      cluster.cleanUp();
      await postgres!.stop();
    },
  };
}

/** The probe journey's runs once the certification run has continued as new and the next one waits. */
async function historyOfCertifiedJourney(client: Client, journeyId: string) {
  return pollWithBackoff(async () => {
    const runs = await fetchRuns(client, journeyId);
    const holding = runs.length >= 2 && keyCounts(runs.slice(-1)).workflowTasks >= 1;
    return holding ? runs : undefined;
  }, `${journeyId} continuing as new after certification`);
}

function bottleneck(phase: Phase, server: string, embedded: boolean): string {
  const f = resourceFigures(phase.use!);
  const shares = busyShares(phase.samples);
  const database = (shares[PGLITE] ?? 0) + (shares[QUERY_COMPILER] ?? 0) + (shares['Prisma client'] ?? 0);
  const pct = (x: number) => `${Math.round(x * 100)}%`;
  const machine =
    f.machineCores > os.availableParallelism() * 0.8 || f.loadAverage.max > os.availableParallelism()
      ? ` The machine was busy too: every process on it together used ${fmt(f.machineCores)} of ${os.availableParallelism()} cores (this process ${fmt(f.processCores)}, ${server} ${fmt(f.serverCores.temporal ?? 0)}), load average up to ${fmt(f.loadAverage.max)}; with every core busy, the rate follows the CPU a journey costs all processes together.`
      : '';
  if (f.mainThreadBusy > 0.85) {
    return (
      `Bottleneck: this process's main thread, busy ${pct(f.mainThreadBusy)} of the time; it runs the API and the activities${embedded ? ' and the embedded database' : ' (the database is a PostgreSQL server of its own)'}. ` +
      `${pct(database)} of its busy samples were the database path (PGlite ${pct(shares[PGLITE] ?? 0)}, Prisma's query compiler ${pct(shares[QUERY_COMPILER] ?? 0)}, ` +
      `Prisma client ${pct(shares['Prisma client'] ?? 0)})${(shares[PGLITE] ?? 0) >= 0.2 ? ': PGlite is a bottleneck, and a PostgreSQL server would move that work off the thread' : ''}.${machine}`
    );
  }
  return `No thread of this process was saturated (main thread busy ${pct(f.mainThreadBusy)}): round trips to the Temporal server set the pace.${machine}`;
}

export const run = (options: SuiteOptions) => runVariant(VARIANTS.journeys, options);
export const runPostgres = (options: SuiteOptions) => runVariant(VARIANTS['journeys-postgres'], options);
export const runProduction = (options: SuiteOptions) => runVariant(VARIANTS['journeys-production'], options);

async function runVariant(variant: Variant, { quick, log }: SuiteOptions): Promise<SuiteOutput> {
  const count = quick ? 40 : 1_000;
  const concurrency = quick ? 20 : 50;
  const rounds = quick ? 2 : 4;
  const warmUp = quick ? 5 : 20;
  const readModel = variant.database === 'pglite' ? 'the embedded PGlite read model' : 'a PostgreSQL read model';

  log(`starting ${variant.temporal === 'cluster' ? 'PostgreSQL and the Temporal server on it' : 'the Temporal dev server'} and the app (${readModel}, SMTP catcher process, API, journey worker)`);
  const environment = await startEnvironment(variant);
  const env = environment.temporal;
  const { namespace } = env;
  const app = await startBenchApp(env, environment.databaseUrl ? { databaseUrl: environment.databaseUrl } : {}).catch(async (error: unknown) => {
    await environment.teardown();
    throw error;
  });
  const workers: { worker: Worker; running: Promise<void> }[] = [];
  const startWorker = async (create: () => Promise<Worker>) => {
    const worker = await create();
    workers.push({ worker, running: worker.run() });
  };

  try {
    // Candidates: the measured journeys, then the warm-up ones, then the probe whose history is counted.
    await seedBenchPeople(app.db.prisma, { candidates: count + warmUp + 1, concurrency });
    const taskQueue = `bench-baseline-${randomUUID()}`;
    // Both workers poll throughout, so each contender runs beside the same idle pollers.
    await startWorker(() => app.startWorker());
    await startWorker(() => createBaselineWorker({ connection: env.nativeConnection, namespace, taskQueue }));

    log('probe journey: counting its history for the no-op baseline');
    const probe = count + warmUp;
    await runJourney(app, env.client, probe);
    const runs = await historyOfCertifiedJourney(env.client, certiflowJourneyId(probe));
    const shape = shapeOf(runs);
    const journeyCounts = keyCounts(runs);
    log(`journey history: ${JSON.stringify(journeyCounts)}`);

    log(`warming up: ${warmUp} of each`);
    await runPool(Array.from({ length: warmUp }, (_, i) => i), warmUp, async (i) => {
      await runJourney(app, env.client, count + i);
      await runEmpty(env.client, taskQueue, `warm-empty-${i}`);
      await runNoopJourney(env.client, taskQueue, `warm-noop-${i}`, shape);
    });
    const noopCounts = keyCounts(await historyOfCertifiedJourney(env.client, 'warm-noop-0'));
    log(`no-op history: ${JSON.stringify(noopCounts)}`);

    const phases = { empty: newPhase('empty workflow'), noop: newPhase('no-op journey'), certiflow: newPhase('Certiflow journey') };
    const contenders: [Phase, (i: number) => Promise<JourneyTimes>][] = [
      [phases.empty, (i) => runEmpty(env.client, taskQueue, `empty-${i}`)],
      [phases.noop, (i) => runNoopJourney(env.client, taskQueue, `noop-${i}`, shape)],
      [phases.certiflow, (i) => runJourney(app, env.client, i)],
    ];
    // Every process a journey keeps busy besides this one; the catcher is the only node child of this process.
    const port = environment.postgresPort;
    const serverProcesses: Record<string, () => number[]> = {
      temporal: () => descendantPids(environment.server.process),
      ...(port ? { postgres: () => postgresPids(port) } : {}),
      smtp: () => descendantPids('node'),
    };
    const serverNames: Record<string, string> = {
      temporal: environment.server.label,
      ...(port ? { postgres: variant.temporal === 'cluster' ? "PostgreSQL (the read model and Temporal's persistence)" : 'PostgreSQL' } : {}),
      smtp: 'the SMTP catcher',
    };
    const chunk = Math.ceil(count / rounds);
    for (let round = 0; round < rounds; round++) {
      const indices = Array.from({ length: Math.min(chunk, count - round * chunk) }, (_, k) => round * chunk + k);
      // The order turns each round, so no contender always follows the heaviest.
      for (let k = 0; k < contenders.length; k++) {
        const [phase, one] = contenders[(round + k) % contenders.length]!;
        await measureChunk(phase, indices, concurrency, one, serverProcesses);
        log(`round ${round + 1}/${rounds}: ${phase.label} ${phase.times.length}/${count} done, ${phase.failures.length} failed`);
      }
    }

    const { empty, noop, certiflow } = phases;
    const rows: Row[] = [
      row('throughput', 'journeys/s', perSecond(certiflow), { 'empty workflow': perSecond(empty), 'no-op journey': perSecond(noop) }),
      row('whole journey p50', 'ms', totalSummary(certiflow).p50, { 'empty workflow': totalSummary(empty).p50, 'no-op journey': totalSummary(noop).p50 }),
      row('whole journey p99', 'ms', totalSummary(certiflow).p99, { 'empty workflow': totalSummary(empty).p99, 'no-op journey': totalSummary(noop).p99 }),
      // On a machine whose cores are all busy, the rate follows what a journey costs every process together.
      row('CPU per journey, every process on the machine', 'ms', machineCpuPerJourney(certiflow), { 'no-op journey': machineCpuPerJourney(noop) }),
    ];
    for (const [step, name] of STEPS.entries()) {
      rows.push(row(`${name} p50`, 'ms', stepSummary(certiflow, step).p50, { 'no-op journey': stepSummary(noop, step).p50 }));
      rows.push(row(`${name} p99`, 'ms', stepSummary(certiflow, step).p99, { 'no-op journey': stepSummary(noop, step).p99 }));
    }
    const failures = [...empty.failures, ...noop.failures, ...certiflow.failures];
    const c = journeyCounts;
    const n = noopCounts;
    const notes = [
      `A real journey's history (the certification run and the run holding the credential) counted ${c.activities} activities, ${c.timersStarted} timers ` +
        `(${c.timersCancelled} cancelled), ${c.updates} updates, ${c.signals} signals, ${c.workflowTasks} workflow tasks and ${c.events} events in ${c.runs} runs; ` +
        `the no-op journey's own history: ${n.activities} activities, ${n.timersStarted} timers (${n.timersCancelled} cancelled), ${n.updates} updates, ` +
        `${n.signals} signals, ${n.workflowTasks} workflow tasks, ${n.events} events in ${n.runs} runs.`,
      "Certiflow ÷ no-op is Certiflow's own overhead (API, database, email, journey logic); no-op ÷ empty is what a journey's shape costs in Temporal alone.",
      `One Temporal server (${variant.temporal === 'cluster' ? 'go.temporal.io/server on PostgreSQL, 4 history shards, all services in one process' : 'the dev server, in-memory SQLite'}) and one worker set-up for all three (workers in this process, cache 500 workflows, both polling throughout); ` +
        `${concurrency} journeys in flight; ${rounds} rounds in which the three take turns; a step ends when polling (10→200 ms backoff) sees the next stage.`,
      `Certiflow runs through the real API (GraphQL over HTTP, the approval link from the real email, GET then POST) with ${readModel}, ` +
        "API and worker in this process as with `npm run dev`; the harness's SMTP catcher runs in a child process, so a saturated main thread does not time out the senders.",
      ...[empty, noop, certiflow].map((phase) => describeUse(phase, serverNames)),
      bottleneck(certiflow, environment.server.label, variant.database === 'pglite'),
      ...(failures.length > 0 ? [`${failures.length} journeys failed and are left out of the figures; the first: ${failures[0]}`] : []),
    ];
    const where =
      variant.temporal === 'cluster'
        ? 'on the Temporal server on PostgreSQL (production topology)'
        : `on the Temporal dev server${variant.database === 'postgres' ? ' with a PostgreSQL read model' : ''}`;
    return {
      title: `whole journeys ${where} vs an empty and a no-op workflow`,
      sizes: { journeys: count, concurrency, rounds, warmUpJourneys: warmUp },
      rows,
      notes,
      details: {
        journeyHistory: { ...journeyCounts, byType: countEventTypes(runs), shape },
        noopHistory: noopCounts,
        phases: Object.fromEntries(
          [empty, noop, certiflow].map((p) => [
            p.label,
            {
              perSecond: perSecond(p),
              total: totalSummary(p),
              steps: p.times[0]?.steps.length ? STEPS.map((_, s) => stepSummary(p, s)) : [],
              resources: p.use ? resourceFigures(p.use) : null,
              mainThreadSamples: busyShares(p.samples),
              failures: p.failures.length,
            },
          ]),
        ),
      },
    };
  } finally {
    for (const { worker } of workers) if (worker.getState() === 'RUNNING') worker.shutdown();
    await Promise.allSettled(workers.map((w) => w.running));
    await app.close();
    await environment.teardown();
  }
}
