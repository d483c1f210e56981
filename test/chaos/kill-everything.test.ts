import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditJourneys } from '../harness/chaos-audit.js';
import { startMonkey } from '../harness/chaos-monkey.js';
import { chaosScale, chaosSeed, reportFigures } from '../harness/chaos-scale.js';
import { type ChaosStack, startChaosStack } from '../harness/chaos-stack.js';
import { createCampaign } from '../harness/journey-campaign.js';

// Kill everything: while journeys are in flight, the worker, the API and the Temporal dev server are
// SIGKILLed at random moments (one at a time, and regularly all three at once) and started again. Every journey must still end where its people steered it, with each approval, audit event,
// credential and email exactly once; emails are counted where they arrive, at the SMTP server.

const seed = chaosSeed();
const t0 = Date.now();
const log = (line: string) => console.log(`[kill-everything ${Math.round((Date.now() - t0) / 1000)} s] ${line}`);

let stack: ChaosStack;

beforeAll(async () => {
  stack = await startChaosStack({ journeys: chaosScale.journeys });
  log(`started PostgreSQL, the Temporal server, SMTP, the worker and the API; seed ${seed}`);
});

afterAll(async () => {
  await stack?.stop();
});

describe('kill everything', () => {
  it(`finishes ${chaosScale.journeys} journeys through SIGKILLs of the worker, the API and the Temporal server`, async () => {
    const { app, temporal, db, smtp, client, candidates } = stack;
    const started = Date.now();
    const campaign = createCampaign({ app, prisma: db.prisma, smtp, candidates });
    const monkey = startMonkey({
      targets: [temporal.server, app.worker, app.api],
      seed,
      kills: chaosScale.kills,
      intervalMs: chaosScale.killIntervalMs,
      downMs: [200, 3_000],
      allAtOnceEvery: chaosScale.allAtOnceEvery,
      log,
    });
    try {
      await campaign.run({ timeoutMs: chaosScale.timeoutMs, progress: log });
    } finally {
      await monkey.stop();
    }
    const finishedAt = Date.now();
    const lastKill = monkey.records.at(-1);

    const audit = await auditJourneys({ prisma: db.prisma, client, smtp, candidates });
    const killsOf = (name: string) => monkey.records.filter((r) => r.targets.includes(name)).length;
    reportFigures('kill-everything', {
      seed,
      journeys: audit.journeys,
      certified: audit.certified,
      declined: audit.declined,
      kills: monkey.records.length,
      killsByTarget: { temporal: killsOf(temporal.server.name), worker: killsOf(app.worker.name), api: killsOf(app.api.name) },
      allAtOnce: monkey.records.filter((r) => r.targets.length === 3).length,
      failedRestarts: monkey.records.reduce((n, r) => n + r.failedStarts, 0),
      emailsReceived: audit.emails.received,
      emailsDistinct: audit.emails.distinct,
      emailsByTemplate: audit.emails.byTemplate,
      approvals: audit.approvals,
      credentials: audit.credentials,
      events: audit.events,
      personSteps: campaign.stats.steps,
      refusedSteps: campaign.stats.refusals,
      seconds: Math.round((finishedAt - started) / 1000),
      secondsAfterLastKill: lastKill ? Math.round((finishedAt - lastKill.at - lastKill.downMs) / 1000) : null,
      crashes: stack.crashes().length,
    });

    expect(campaign.stats.wrongEnds).toEqual({});
    expect(audit.problems).toEqual([]);
    // Every process died at least once while journeys were in flight, and none died on its own.
    expect(Math.min(killsOf(temporal.server.name), killsOf(app.worker.name), killsOf(app.api.name))).toBeGreaterThanOrEqual(1);
    expect(stack.crashes()).toEqual([]);
  }, chaosScale.timeoutMs + 120_000);
});
