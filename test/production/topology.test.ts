import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditJourneys } from '../harness/chaos-audit.js';
import { startMonkey } from '../harness/chaos-monkey.js';
import { chaosSeed, reportFigures } from '../harness/chaos-scale.js';
import { type ChaosStack, startChaosStack } from '../harness/chaos-stack.js';
import { createCampaign } from '../harness/journey-campaign.js';
import type { TemporalCluster } from '../harness/temporal-cluster.js';

// Production topology: the Temporal server built from go.temporal.io/server with PostgreSQL persistence
// and visibility (set up by `npm run temporal:server -- setup` and `npm run temporal:namespace`), two
// worker processes and two API processes behind a load balancer, all on one PostgreSQL server. Journeys
// run from enrolment to credential while one worker and one API process are SIGKILLed and restarted
// (and, in the long run, the Temporal server too); the chaos suite's audit then finds nothing lost and
// nothing done twice. `npm run test:production` runs the long version (PRODUCTION_SCALE=full).

const FULL = process.env.PRODUCTION_SCALE === 'full';
const scale = FULL
  ? { journeys: 100, kills: 12, killIntervalMs: [8_000, 20_000] as [number, number], killServer: true, allAtOnceEvery: undefined, timeoutMs: 1_200_000 }
  : // Short: each kill takes the first worker and the first API process together, so both die while the
    // journeys are in flight even when a restart on a busy machine outlasts the campaign.
    { journeys: 10, kills: 2, killIntervalMs: [1_000, 3_000] as [number, number], killServer: false, allAtOnceEvery: 1, timeoutMs: 400_000 };

const seed = chaosSeed();
const t0 = Date.now();
const log = (line: string) => console.log(`[production ${Math.round((Date.now() - t0) / 1000)} s] ${line}`);

let stack: ChaosStack;

beforeAll(async () => {
  stack = await startChaosStack({ journeys: scale.journeys, prefix: 'prod', topology: { temporal: 'cluster', workers: 2, apis: 2 } });
  log(`started PostgreSQL, the Temporal server on it, SMTP, 2 workers and 2 API processes; seed ${seed}`);
});

afterAll(async () => {
  await stack?.stop();
});

describe('production topology', () => {
  it(`certifies ${scale.journeys} journeys on a Temporal cluster with two workers and two API processes while one of each is killed`, async () => {
    const { app, temporal, db, smtp, client, candidates } = stack;
    const cluster = temporal as TemporalCluster;
    // The server's own metrics endpoint is up, as a platform team would scrape it.
    expect((await fetch(cluster.metricsUrl)).status).toBe(200);

    const started = Date.now();
    const campaign = createCampaign({ app, prisma: db.prisma, smtp, candidates });
    const targets = [...(scale.killServer ? [temporal.server] : []), app.workers[0]!, app.apis[0]!];
    const monkey = startMonkey({
      targets,
      seed,
      kills: scale.kills,
      intervalMs: scale.killIntervalMs,
      downMs: [200, 3_000],
      ...(scale.allAtOnceEvery ? { allAtOnceEvery: scale.allAtOnceEvery } : {}),
      log,
    });
    try {
      await campaign.run({ timeoutMs: scale.timeoutMs, progress: log });
    } finally {
      await monkey.stop();
    }
    const audit = await auditJourneys({ prisma: db.prisma, client, smtp, candidates });
    const killsOf = (name: string) => monkey.records.filter((r) => r.targets.includes(name)).length;
    const served = Object.fromEntries([...(app.balancer?.served.values() ?? [])].map((count, index) => [`api${index + 1}`, count]));
    reportFigures('production-topology', {
      scale: FULL ? 'full' : 'short',
      seed,
      journeys: audit.journeys,
      certified: audit.certified,
      declined: audit.declined,
      kills: monkey.records.length,
      killsByTarget: Object.fromEntries(targets.map((t) => [t.name, killsOf(t.name)])),
      requestsByApi: served,
      emailsReceived: audit.emails.received,
      emailsDistinct: audit.emails.distinct,
      approvals: audit.approvals,
      credentials: audit.credentials,
      events: audit.events,
      personSteps: campaign.stats.steps,
      refusedSteps: campaign.stats.refusals,
      seconds: Math.round((Date.now() - started) / 1000),
      crashes: stack.crashes().length,
    });

    expect(campaign.stats.wrongEnds).toEqual({});
    expect(audit.problems).toEqual([]);
    expect(audit.certified + audit.declined).toBe(scale.journeys);
    // One worker and one API process died while journeys were in flight, and nothing died on its own.
    expect(killsOf(app.workers[0]!.name)).toBeGreaterThanOrEqual(1);
    expect(killsOf(app.apis[0]!.name)).toBeGreaterThanOrEqual(1);
    expect(stack.crashes()).toEqual([]);
    // Both API processes served people through the balancer.
    expect(Object.values(served).every((count) => count > 0)).toBe(true);
  }, scale.timeoutMs + 180_000);
});
