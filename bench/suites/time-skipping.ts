import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { journeyWorkflowId } from '../../domain/workflow-ids.js';
import { startTestApp, type TestApp } from '../../test/harness/app.js';
import {
  approvalLinkFor,
  clickApproval,
  enroll,
  scoreByPanel,
  submitRecertification,
  submitReport,
  waitForEvent,
  waitForNewRun,
  waitForStage,
} from '../../test/harness/journey-driver.js';
import { createTimeSkippingEnv } from '../../test/harness/temporal.js';
import { getJourneyQuery } from '../../workflows/journey/messages.js';
import { benchCandidateId, seedBenchPeople } from '../journeys/people.js';
import { busyShares, mergeSamples, profileOwners, type Samples } from '../profile.js';
import { fmt, row } from '../report.js';
import { median } from '../stats.js';
import type { SuiteOptions, SuiteOutput } from '../suite.js';
import { emptyWorkflow } from '../workflows/empty.js';
import { sleepWorkflow } from '../workflows/sleep.js';
import { createBaselineWorker } from '../workflows/worker.js';

// Wall-clock seconds for a simulated multi-year journey under Temporal's time-skipping test server:
// enrol, certify, and re-certify twice (each renewal on a new run), driven as the lifecycle tests drive
// it (test/workflows/lifecycle-credential.test.ts). Against an empty workflow under the same server, and
// a workflow that sleeps through the same simulated span in one timer. Each repetition gets a fresh
// server and app, so no earlier journey's timers fire while the next one runs.

const DAY = 86_400_000;

/** Moves the clock into the re-certification window of the credential held by `runId`. */
async function advanceIntoWindow(env: TestWorkflowEnvironment, journeyId: string, runId: string) {
  const held = await env.client.workflow.getHandle(journeyId, runId).query(getJourneyQuery);
  const opensAt = Date.parse(held.deadlines!.recertificationWindow!);
  await env.sleep(opensAt - (await env.currentTimeMs()) + DAY);
  await waitForStage(env.client, journeyId, 'recertification_due');
}

/** Wall-clock milliseconds of each step, summed by name over the journey: where the seconds go. */
type Laps = Map<string, number>;

async function lap<T>(laps: Laps, name: string, fn: () => Promise<T>): Promise<T> {
  const start = performance.now();
  try {
    return await fn();
  } finally {
    laps.set(name, (laps.get(name) ?? 0) + performance.now() - start);
  }
}

/** Enrolment to credential, as certifyCandidate (journey-driver.ts) does it, step by step on the clock. */
async function certify(env: TestWorkflowEnvironment, app: TestApp, personId: string, laps: Laps): Promise<{ journeyId: string; runId: string }> {
  const { journeyId } = await lap(laps, 'enrol → awaiting approval', async () => {
    const enrolled = await enroll(app, personId);
    await waitForStage(env.client, enrolled.journeyId, 'awaiting_manager_approval');
    return enrolled;
  });
  await lap(laps, 'approval email → awaiting submission', async () => {
    const click = await clickApproval(await approvalLinkFor(app, 'maya@example.com'), 'approve');
    if (click.postStatus !== 200) throw new Error(`approval POST answered ${click.postStatus}`);
    await waitForStage(env.client, journeyId, 'awaiting_submission');
  });
  const { runId } = await env.client.workflow.getHandle(journeyId).describe();
  await lap(laps, 'submission (mutation)', async () => {
    const submitted = await submitReport(app, personId, journeyId);
    if ((submitted.data as { submitEvidence?: { __typename: string } })?.submitEvidence?.__typename !== 'MutationSubmitEvidenceSuccess') {
      throw new Error(`submitEvidence failed: ${JSON.stringify(submitted)}`);
    }
  });
  await lap(laps, 'panel drawn, scores (mutations)', () => scoreByPanel(app, env.client, journeyId, [4, 3, 3, 3]));
  await lap(laps, 'last score → credential recorded', () => waitForEvent(app, journeyId, 'credential_issued'));
  return { journeyId, runId: await lap(laps, 'continue-as-new → next run', () => waitForNewRun(env.client, journeyId, runId)) };
}

async function recertify(env: TestWorkflowEnvironment, app: TestApp, personId: string, journeyId: string, runId: string, cycle: number, laps: Laps) {
  await lap(laps, 'skip to the re-certification window', () => advanceIntoWindow(env, journeyId, runId));
  await lap(laps, 'submission (mutation)', async () => {
    const submitted = await submitRecertification(app, personId, journeyId);
    if (submitted.__typename !== 'MutationSubmitEvidenceSuccess') throw new Error(`re-certification refused: ${JSON.stringify(submitted)}`);
  });
  await lap(laps, 'panel drawn, scores (mutations)', () => scoreByPanel(app, env.client, journeyId, [3, 3, 3, 3]));
  await lap(laps, 'last score → credential recorded', () => waitForEvent(app, journeyId, 'credential_renewed', cycle));
  return lap(laps, 'continue-as-new → next run', () => waitForNewRun(env.client, journeyId, runId));
}

async function timed<T>(fn: () => Promise<T>): Promise<number> {
  const start = performance.now();
  await fn();
  return (performance.now() - start) / 1000;
}

interface Repetition {
  journeySeconds: number;
  /** Milliseconds per step (journey-driver's polling included: up to one interval per wait). */
  laps: Record<string, number>;
  /** This process's main thread during the journey, sampled by owner (idle included). */
  samples: Samples;
  simulatedDays: number;
  emptySeconds: number;
  sleepSeconds: number;
}

async function repetition(rep: number, log: SuiteOptions['log']): Promise<Repetition> {
  const env = await createTimeSkippingEnv();
  const namespace = env.namespace ?? 'default';
  const app = await startTestApp({ client: env.client, nativeConnection: env.nativeConnection, namespace });
  const workers: { worker: Worker; running: Promise<void> }[] = [];
  try {
    // A bench candidate of maya's, so the harness's approval step (maya's newest email) finds the link.
    await seedBenchPeople(app.db.prisma, { candidates: 1, concurrency: 1, managerId: 'maya' });
    const taskQueue = `bench-skip-${randomUUID()}`;
    for (const create of [() => app.startWorker(), () => createBaselineWorker({ connection: env.nativeConnection, namespace, taskQueue })]) {
      const worker = await create();
      workers.push({ worker, running: worker.run() });
    }
    const client: Client = env.client;
    const personId = benchCandidateId(0);
    const journeyId = journeyWorkflowId('cloud-architecture-practitioner', personId);

    const simulatedStart = await env.currentTimeMs();
    const laps: Laps = new Map();
    const { value: journeySeconds, samples } = await profileOwners(() =>
      timed(async () => {
        const { runId } = await certify(env, app, personId, laps);
        const second = await recertify(env, app, personId, journeyId, runId, 1, laps);
        await recertify(env, app, personId, journeyId, second, 2, laps);
      }),
    );
    const simulatedMs = (await env.currentTimeMs()) - simulatedStart;
    log(`repetition ${rep}: ${fmt(simulatedMs / DAY)} simulated days in ${fmt(journeySeconds)} s`);

    const empties: number[] = [];
    for (let i = 0; i < 10; i++) empties.push(await timed(() => client.workflow.execute(emptyWorkflow, { taskQueue, workflowId: `empty-${i}` })));
    const sleeps: number[] = [];
    for (let i = 0; i < 3; i++) sleeps.push(await timed(() => client.workflow.execute(sleepWorkflow, { taskQueue, workflowId: `sleep-${i}`, args: [simulatedMs] })));
    return { journeySeconds, samples, laps: Object.fromEntries([...laps].map(([name, ms]) => [name, Math.round(ms)])), simulatedDays: simulatedMs / DAY, emptySeconds: median(empties), sleepSeconds: median(sleeps) };
  } finally {
    for (const { worker } of workers) if (worker.getState() === 'RUNNING') worker.shutdown();
    await Promise.allSettled(workers.map((w) => w.running));
    await app.close();
    await env.teardown();
  }
}

export async function run({ quick, log }: SuiteOptions): Promise<SuiteOutput> {
  const repetitions = quick ? 1 : 3;
  const reps: Repetition[] = [];
  for (let rep = 1; rep <= repetitions; rep++) reps.push(await repetition(rep, log));
  const journey = median(reps.map((r) => r.journeySeconds));
  const days = median(reps.map((r) => r.simulatedDays));
  const samples = reps.map((r) => r.samples).reduce(mergeSamples);
  const total = Object.values(samples).reduce((sum, n) => sum + n, 0) || 1;
  const busy = Object.entries(busyShares(samples)).slice(0, 6).map(([owner, share]) => `${owner} ${Math.round(share * 100)}%`);
  const laps = Object.keys(reps[0]!.laps).map((name) => `${name} ${fmt(median(reps.map((r) => r.laps[name] ?? 0)) / 1000)} s`);
  return {
    title: 'a simulated multi-year journey under the time-skipping test server vs an empty workflow',
    sizes: { repetitions, simulatedDays: Math.round(days) },
    rows: [
      row('enrol, certify, re-certify twice: wall clock', 's', journey, {
        'empty workflow': median(reps.map((r) => r.emptySeconds)),
        'one timer over the same simulated span': median(reps.map((r) => r.sleepSeconds)),
      }),
    ],
    notes: [
      `${fmt(days)} simulated days (${fmt(days / 365)} years: certification now, renewals inside the 60-day windows before each two-year expiry) in ${fmt(journey)} s of wall clock, ` +
        `the median of ${repetitions} repetition(s), each on a fresh time-skipping server with the real activities, PGlite and an SMTP catcher; baselines in the same server and process.`,
      'Driven through the real API as the lifecycle tests drive it: GraphQL mutations, the approval link from the email, a panel of three for the certification and one assessor per renewal; the harness polls every 100 ms.',
      'The empty figure is the median of 10 sequential executions, the one-timer figure of 3.',
      `Where the wall clock goes (medians, summed over the three cycles): ${laps.join('; ')}.`,
      `This process (API, worker, activities, PGlite) was busy ${Math.round((1 - (samples.idle ?? 0) / total) * 100)}% of the journey's wall clock; the rest it waited for the test server (a JVM, its own process) and the harness's polls. Its busy samples: ${busy.join(', ')}.`,
    ],
    details: { repetitions: reps },
  };
}
