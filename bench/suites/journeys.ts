import { randomUUID } from 'node:crypto';
import os from 'node:os';
import type { Client } from '@temporalio/client';
import type { Worker } from '@temporalio/worker';
import { createDevServerEnv } from '../../test/harness/temporal.js';
import { startBenchApp } from '../journeys/app.js';
import { runEmpty, runNoopJourney } from '../journeys/baseline-driver.js';
import { certiflowJourneyId, type JourneyTimes, runJourney, STEPS } from '../journeys/driver.js';
import { countEventTypes, fetchRuns, keyCounts, shapeOf } from '../journeys/history-shape.js';
import { seedBenchPeople } from '../journeys/people.js';
import { describeUse, measureChunk, newPhase, type Phase, perSecond, stepSummary, totalSummary } from '../journeys/phase.js';
import { pollWithBackoff, runPool } from '../pool.js';
import { resourceFigures } from '../proc.js';
import { busyShares, PGLITE, QUERY_COMPILER } from '../profile.js';
import { fmt, type Row, row } from '../report.js';
import type { SuiteOptions, SuiteOutput } from '../suite.js';
import { createBaselineWorker } from '../workflows/worker.js';

// Whole journeys on the Temporal dev server, against two baselines on the same server and the same
// worker set-up: an empty workflow, and a no-op workflow with a journey's activities, timers and updates.

/** The probe journey's runs once the certification run has continued as new and the next one waits. */
async function historyOfCertifiedJourney(client: Client, journeyId: string) {
  return pollWithBackoff(async () => {
    const runs = await fetchRuns(client, journeyId);
    const holding = runs.length >= 2 && keyCounts(runs.slice(-1)).workflowTasks >= 1;
    return holding ? runs : undefined;
  }, `${journeyId} continuing as new after certification`);
}

function bottleneck(phase: Phase): string {
  const f = resourceFigures(phase.use!);
  const shares = busyShares(phase.samples);
  const database = (shares[PGLITE] ?? 0) + (shares[QUERY_COMPILER] ?? 0) + (shares['Prisma client'] ?? 0);
  const cores = f.processCores + (f.serverCores.temporal ?? 0);
  const pct = (x: number) => `${Math.round(x * 100)}%`;
  const machine =
    cores > os.availableParallelism() * 0.8 || f.loadAverage.max > os.availableParallelism()
      ? ` The machine was busy too: this process and the dev server used ${fmt(cores)} of ${os.availableParallelism()} cores, load average up to ${fmt(f.loadAverage.max)}.`
      : '';
  if (f.mainThreadBusy > 0.85) {
    return (
      `Bottleneck: this process's main thread, busy ${pct(f.mainThreadBusy)} of the time; it runs the API, the activities and the embedded database. ` +
      `${pct(database)} of its busy samples were the database path (PGlite ${pct(shares[PGLITE] ?? 0)}, Prisma's query compiler ${pct(shares[QUERY_COMPILER] ?? 0)}, ` +
      `Prisma client ${pct(shares['Prisma client'] ?? 0)})${(shares[PGLITE] ?? 0) >= 0.2 ? ': PGlite is a bottleneck, and a PostgreSQL server would move that work off the thread' : ''}.${machine}`
    );
  }
  return `No thread of this process was saturated (main thread busy ${pct(f.mainThreadBusy)}): round trips to the Temporal server set the pace.${machine}`;
}

export async function run({ quick, log }: SuiteOptions): Promise<SuiteOutput> {
  const count = quick ? 40 : 1_000;
  const concurrency = quick ? 20 : 50;
  const rounds = quick ? 2 : 4;
  const warmUp = quick ? 5 : 20;

  log('starting the Temporal dev server and the app (PGlite read model, SMTP catcher process, API, journey worker)');
  const env = await createDevServerEnv();
  const namespace = env.namespace ?? 'default';
  const app = await startBenchApp({ client: env.client, nativeConnection: env.nativeConnection, namespace });
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
    const chunk = Math.ceil(count / rounds);
    for (let round = 0; round < rounds; round++) {
      const indices = Array.from({ length: Math.min(chunk, count - round * chunk) }, (_, k) => round * chunk + k);
      // The order turns each round, so no contender always follows the heaviest.
      for (let k = 0; k < contenders.length; k++) {
        const [phase, one] = contenders[(round + k) % contenders.length]!;
        await measureChunk(phase, indices, concurrency, one);
        log(`round ${round + 1}/${rounds}: ${phase.label} ${phase.times.length}/${count} done, ${phase.failures.length} failed`);
      }
    }

    const { empty, noop, certiflow } = phases;
    const rows: Row[] = [
      row('throughput', 'journeys/s', perSecond(certiflow), { 'empty workflow': perSecond(empty), 'no-op journey': perSecond(noop) }),
      row('whole journey p50', 'ms', totalSummary(certiflow).p50, { 'empty workflow': totalSummary(empty).p50, 'no-op journey': totalSummary(noop).p50 }),
      row('whole journey p99', 'ms', totalSummary(certiflow).p99, { 'empty workflow': totalSummary(empty).p99, 'no-op journey': totalSummary(noop).p99 }),
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
      `One dev server (in-memory SQLite) and one worker set-up for all three (workers in this process, cache 500 workflows, both polling throughout); ` +
        `${concurrency} journeys in flight; ${rounds} rounds in which the three take turns; a step ends when polling (10→200 ms backoff) sees the next stage.`,
      'Certiflow runs through the real API (GraphQL over HTTP, the approval link from the real email, GET then POST) with the embedded PGlite read model, ' +
        "all in this process as with `npm run dev`; the harness's SMTP catcher runs in a child process, so a saturated main thread does not time out the senders.",
      ...[empty, noop, certiflow].map(describeUse),
      bottleneck(certiflow),
      ...(failures.length > 0 ? [`${failures.length} journeys failed and are left out of the figures; the first: ${failures[0]}`] : []),
    ];
    return {
      title: 'whole journeys on the Temporal dev server vs an empty and a no-op workflow',
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
    await env.teardown();
  }
}
