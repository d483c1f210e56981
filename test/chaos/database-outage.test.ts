import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../domain/errors.js';
import { JourneyStage } from '../../domain/journey.js';
import { auditJourneys } from '../harness/chaos-audit.js';
import { chaosScale, reportFigures } from '../harness/chaos-scale.js';
import { type ChaosStack, startChaosStack } from '../harness/chaos-stack.js';
import { createCampaign } from '../harness/journey-campaign.js';
import { noRetries, observeRetries } from '../harness/pending-activities.js';

// The database goes away mid-journey (pg_ctl stop -m fast: sessions ended, connections refused) and
// comes back. Meanwhile activities fail and retry with back-off, the API answers every request with
// SERVICE_UNAVAILABLE (HTTP 503, Retry-After) instead of a masked error, and no process dies. Once it
// is back, every journey finishes with nothing lost or done twice.

const t0 = Date.now();
const log = (line: string) => console.log(`[database-outage ${Math.round((Date.now() - t0) / 1000)} s] ${line}`);

let stack: ChaosStack;

beforeAll(async () => {
  stack = await startChaosStack({ journeys: chaosScale.outageJourneys, prefix: 'dbout' });
});

afterAll(async () => {
  await stack?.stop();
});

interface Probe {
  status: number;
  code: unknown;
  message: string;
  retryAfter: string | null;
}

/** What a client of the API sees: a GraphQL query and an approval-link page. */
async function probeApi(stack: ChaosStack): Promise<Probe[]> {
  const probes: Probe[] = [];
  const graphql = await stack.app.graphql('hana', '{ journeys(first: 5) { totalCount } }');
  probes.push({ status: graphql.status, code: graphql.errors?.[0]?.extensions?.code, message: graphql.errors?.[0]?.message ?? '', retryAfter: graphql.retryAfter });
  const page = await fetch(`${stack.app.baseUrl}/approvals/an-approval?token=x`, { signal: AbortSignal.timeout(10_000) });
  probes.push({ status: page.status, code: 'page', message: await page.text(), retryAfter: page.headers.get('retry-after') });
  return probes;
}

describe('the database unavailable mid-journey', () => {
  it(`retries activities, answers SERVICE_UNAVAILABLE and loses nothing over ${chaosScale.databaseOutageMs / 1000} s without PostgreSQL`, async () => {
    const { app, postgres, db, smtp, client, candidates } = stack;
    const campaign = createCampaign({ app, prisma: db.prisma, smtp, candidates });
    const ids = candidates.map((c) => `journey:cloud-architecture-practitioner:${c.id}`);
    const [early, late] = [candidates.slice(0, Math.ceil(candidates.length / 2)), candidates.slice(Math.ceil(candidates.length / 2))];

    // Half the journeys go as far as the evidence step first; then their evidence goes in and the other
    // half enrol, and the database stops while the workflows are busy with both.
    const early$ = createCampaign({ app, prisma: db.prisma, smtp, candidates: early });
    await early$.run({ timeoutMs: 120_000, pauseAt: JourneyStage.AwaitingSubmission });
    await Promise.all([...early.map((c) => campaign.act(c.id, 'submit')), ...late.map((c) => campaign.act(c.id, 'enroll'))]);
    const outageStart = Date.now();
    await postgres.stopServer();
    log('PostgreSQL stopped');

    const probes: Probe[] = [];
    const retries = noRetries();
    while (Date.now() - outageStart < chaosScale.databaseOutageMs) {
      probes.push(...(await probeApi(stack)));
      await observeRetries(client, ids, retries);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
    await postgres.startServer();
    const outageMs = Date.now() - outageStart;
    log(`PostgreSQL back after ${outageMs} ms; retries seen: ${[...retries.failures].join(' | ')}`);

    await campaign.run({ timeoutMs: chaosScale.timeoutMs, progress: log });
    const recoveredMs = Date.now() - outageStart - outageMs;
    const audit = await auditJourneys({ prisma: db.prisma, client, smtp, candidates });
    reportFigures('database-outage', {
      journeys: audit.journeys,
      outageSeconds: Math.round(outageMs / 1000),
      secondsToFinishAfter: Math.round(recoveredMs / 1000),
      apiAnswersDuringOutage: probes.length,
      apiStatuses: [...new Set(probes.map((p) => p.status))],
      highestActivityAttempt: retries.maxAttempt,
      retryingActivities: [...retries.failures].map((f) => f.split(':')[0]),
      emailsReceived: audit.emails.received,
      emailsDistinct: audit.emails.distinct,
      crashes: stack.crashes().length,
    });

    // The API said what was wrong and what to do, every time.
    const graphqlProbes = probes.filter((p) => p.code !== 'page');
    expect(graphqlProbes.length).toBeGreaterThan(0);
    for (const probe of graphqlProbes) expect(probe).toMatchObject({ status: 503, code: ErrorCode.ServiceUnavailable, retryAfter: '5', message: expect.stringMatching(/retry/i) });
    for (const probe of probes.filter((p) => p.code === 'page')) expect(probe).toMatchObject({ status: 503, retryAfter: '5', message: expect.stringMatching(/nothing was changed.*try again/i) });
    // Activities failed against the missing database and were retried, not given up.
    expect(retries.maxAttempt).toBeGreaterThanOrEqual(2);
    expect([...retries.failures].join('\n')).toMatch(/database|reach|connect/i);
    // Nothing lost, nothing twice, nobody crashed.
    expect(campaign.stats.wrongEnds).toEqual({});
    expect(audit.problems).toEqual([]);
    expect(stack.crashes()).toEqual([]);
  }, chaosScale.timeoutMs + chaosScale.databaseOutageMs + 240_000);
});
