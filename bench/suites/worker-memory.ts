import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { randomUUID } from 'node:crypto';
import { seedDemoData } from '../../demo/seed.js';
import { openDatabase } from '../../prisma/client.js';
import { createJourneyService } from '../../services/journeys.js';
import { startPostgres } from '../../test/harness/postgres.js';
import { startSmtpCatcher } from '../../test/harness/smtp.js';
import { createDevServerEnv } from '../../test/harness/temporal.js';
import { benchCandidateId, seedBenchPeople } from '../journeys/people.js';
import { pollUntil, runPool } from '../pool.js';
import { fmt, row } from '../report.js';
import { median } from '../stats.js';
import type { SuiteOptions, SuiteOutput } from '../suite.js';
import type { MemorySample } from '../worker-memory/child.js';

// Resident memory of a journey worker process with 10,000 journeys open (each waiting for its manager's
// approval), against the same worker idle. The worker runs in a child process so its RSS is its own; the
// database is a PostgreSQL server (as with `npm run worker`), so no embedded database sits in that RSS.

const MB = 2 ** 20;
const CACHE_SIZE = 500; // worker/create-worker.ts maxCachedWorkflows

function startChild(env: Record<string, string>): ChildProcess {
  const child = fork(fileURLToPath(new URL('../worker-memory/child.ts', import.meta.url)), [], {
    execArgv: ['--import', 'tsx', '--expose-gc'],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return child;
}

function ask(child: ChildProcess, collect = true): Promise<MemorySample> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`worker process exited (${code})`));
    const onMessage = (message: { type: string; sample?: MemorySample }) => {
      if (message.type !== 'sample') return;
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve(message.sample!);
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
    child.send({ type: 'sample', collect });
  });
}

/** Three samples a second apart, each after a full GC; the median of each figure. */
async function settledSample(child: ChildProcess): Promise<MemorySample> {
  const samples: MemorySample[] = [];
  for (let i = 0; i < 3; i++) {
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    samples.push(await ask(child));
  }
  const pick = (key: keyof MemorySample) => median(samples.map((s) => s[key]));
  return { rss: pick('rss'), heapUsed: pick('heapUsed'), heapTotal: pick('heapTotal'), external: pick('external') };
}

export async function run({ quick, log }: SuiteOptions): Promise<SuiteOutput> {
  const journeys = quick ? 1_000 : 10_000;
  const concurrency = 50;
  log('starting the Temporal dev server, PostgreSQL and an SMTP catcher');
  const env = await createDevServerEnv();
  const postgres = await startPostgres();
  const smtp = await startSmtpCatcher();
  const db = await openDatabase({ url: postgres.url });
  let child: ChildProcess | undefined;
  try {
    await db.migrate();
    await seedDemoData(db.prisma);
    await seedBenchPeople(db.prisma, { candidates: journeys, concurrency: 10 });
    const taskQueue = `bench-memory-${randomUUID()}`;
    child = startChild({
      NODE_ENV: 'development',
      DATABASE_URL: postgres.url,
      TEMPORAL_ADDRESS: env.address,
      TEMPORAL_NAMESPACE: env.namespace ?? 'default',
      TEMPORAL_TASK_QUEUE: taskQueue,
      SMTP_HOST: smtp.config.SMTP_HOST,
      SMTP_PORT: String(smtp.config.SMTP_PORT),
      LOG_LEVEL: 'error',
    });
    const [ready] = (await once(child, 'message')) as [{ type: string }];
    if (ready.type !== 'ready') throw new Error(`worker process said ${JSON.stringify(ready)}`);
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    const idle = await settledSample(child);
    log(`idle worker: RSS ${fmt(idle.rss / MB)} MB, heap ${fmt(idle.heapUsed / MB)} MB`);

    const journeysService = createJourneyService({ prisma: db.prisma, client: env.client, taskQueue });
    let peakRss = idle.rss;
    const started = performance.now();
    const watch = setInterval(() => {
      ask(child!, false).then((s) => (peakRss = Math.max(peakRss, s.rss)), () => undefined);
    }, 2_000);
    try {
      await runPool(Array.from({ length: journeys }, (_, i) => i), concurrency, async (i) => {
        const candidateId = benchCandidateId(i);
        const enrolled = await journeysService.enroll({ programId: 'cloud-architecture-practitioner', pathwayId: 'cap-portfolio', candidateId, actorId: candidateId });
        if (!enrolled.ok) throw new Error(`enrol ${candidateId}: ${enrolled.error.message}`);
        if ((i + 1) % (journeys / 10) === 0) log(`${i + 1}/${journeys} journeys started`);
      });
      let logged = 0;
      await pollUntil(
        async () => {
          const waiting = await db.prisma.journey.count({ where: { stage: 'awaiting_manager_approval' } });
          if (waiting - logged >= journeys / 10) {
            log(`${waiting}/${journeys} journeys waiting for approval`);
            logged = waiting;
          }
          return waiting >= journeys ? waiting : undefined;
        },
        'every journey waiting for approval',
        60 * 60_000,
        1_000,
      );
    } finally {
      clearInterval(watch);
    }
    const rampSeconds = (performance.now() - started) / 1000;
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    const loaded = await settledSample(child);
    log(`worker with ${journeys} open journeys: RSS ${fmt(loaded.rss / MB)} MB, heap ${fmt(loaded.heapUsed / MB)} MB`);
    const cached = Math.min(journeys, CACHE_SIZE);

    return {
      title: `journey worker memory with ${journeys.toLocaleString('en-US')} open journeys vs idle`,
      sizes: { openJourneys: journeys, workflowCacheSize: CACHE_SIZE },
      rows: [
        row(`RSS with ${journeys.toLocaleString('en-US')} journeys open`, 'MB', loaded.rss / MB, { 'same worker idle': idle.rss / MB }),
        row('main-thread V8 heap used', 'MB', loaded.heapUsed / MB, { 'same worker idle': idle.heapUsed / MB }),
        row('peak RSS while the journeys started', 'MB', peakRss / MB, { 'same worker idle': idle.rss / MB }),
      ],
      notes: [
        `RSS grew by ${fmt((loaded.rss - idle.rss) / MB)} MB: ${fmt((loaded.rss - idle.rss) / 1024 / journeys)} KB per open journey, ` +
          `or ${fmt((loaded.rss - idle.rss) / 1024 / cached)} KB per cached one: the worker keeps at most ${CACHE_SIZE} workflows in memory ` +
          '(maxCachedWorkflows in worker/create-worker.ts) and replays the others from history when they next have work, so memory follows the cache size, not the number of open journeys.',
        `Each journey waits at awaiting_manager_approval (an approval email sent, a 7-day timer running); the ${journeys.toLocaleString('en-US')} were started through the journey service, ${concurrency} at a time, and all reached that stage in ${fmt(rampSeconds)} s.`,
        'Figures are medians of three samples taken after a full garbage collection (--expose-gc), five seconds after the worker went quiet; the peak is sampled every 2 s without collecting.',
        "Workflow code runs in the SDK's worker thread, whose V8 heap is not in the main-thread heap figure; RSS includes it, and the native Temporal core.",
      ],
      details: { idle, loaded, peakRss, rampSeconds, cached },
    };
  } finally {
    if (child && child.exitCode === null) {
      child.send({ type: 'stop' });
      await Promise.race([once(child, 'exit'), new Promise((resolve) => setTimeout(resolve, 15_000))]);
      if (child.exitCode === null) child.kill();
    }
    await db.close();
    await smtp.close();
    await postgres.stop();
    await env.teardown();
  }
}
