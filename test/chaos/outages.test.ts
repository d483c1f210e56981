import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../domain/errors.js';
import { JourneyStage } from '../../domain/journey.js';
import { auditJourneys } from '../harness/chaos-audit.js';
import { chaosScale, reportFigures } from '../harness/chaos-scale.js';
import { type ChaosStack, startChaosStack } from '../harness/chaos-stack.js';
import { createCampaign } from '../harness/journey-campaign.js';
import { noRetries, observeRetries } from '../harness/pending-activities.js';

// A backing service goes away mid-journey and comes back, on one stack of real processes:
//  - the database (pg_ctl stop -m fast: sessions ended, connections refused): activities fail and
//    retry with back-off, the API answers SERVICE_UNAVAILABLE (HTTP 503, Retry-After), nobody crashes;
//  - the SMTP server: every email waits in the outbox (a row written before any SMTP traffic, with
//    the error and the attempts) and arrives exactly once when the server is back. A journey sends its
//    emails one after another, so each waits at its first unsent email (stage and events recorded).
// Each group of journeys then finishes, and at the end nothing of either is lost or done twice.

const t0 = Date.now();
const log = (line: string) => console.log(`[outages ${Math.round((Date.now() - t0) / 1000)} s] ${line}`);
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let stack: ChaosStack;

beforeAll(async () => {
  stack = await startChaosStack({ journeys: 2 * chaosScale.outageJourneys, prefix: 'outage' });
});

afterAll(async () => {
  await stack?.stop();
});

const group = (which: 'database' | 'smtp') => (which === 'database' ? stack.candidates.slice(0, chaosScale.outageJourneys) : stack.candidates.slice(chaosScale.outageJourneys));

interface Probe {
  status: number;
  code: unknown;
  message: string;
  retryAfter: string | null;
}

/** What a client of the API sees: a GraphQL query and an approval-link page. */
async function probeApi(): Promise<Probe[]> {
  const graphql = await stack.app.graphql('hana', '{ journeys(first: 5) { totalCount } }');
  const page = await fetch(`${stack.app.baseUrl}/approvals/an-approval?token=x`, { signal: AbortSignal.timeout(10_000) });
  return [
    { status: graphql.status, code: graphql.errors?.[0]?.extensions?.code, message: graphql.errors?.[0]?.message ?? '', retryAfter: graphql.retryAfter },
    { status: page.status, code: 'page', message: await page.text(), retryAfter: page.headers.get('retry-after') },
  ];
}

describe('the database unavailable mid-journey', () => {
  it(`retries activities and answers SERVICE_UNAVAILABLE over ${chaosScale.databaseOutageMs / 1000} s without PostgreSQL`, async () => {
    const { app, postgres, db, smtp, client } = stack;
    const candidates = group('database');
    const campaign = createCampaign({ app, prisma: db.prisma, smtp, candidates });
    const ids = candidates.map((c) => `journey:cloud-architecture-practitioner:${c.id}`);
    const half = Math.ceil(candidates.length / 2);
    // Half the journeys go as far as the evidence step first; then their evidence goes in and the other
    // half enrol, and the database stops while the workflows are busy with both.
    await createCampaign({ app, prisma: db.prisma, smtp, candidates: candidates.slice(0, half) }).run({ timeoutMs: 180_000, pauseAt: JourneyStage.AwaitingSubmission });
    await Promise.all([...candidates.slice(0, half).map((c) => campaign.act(c.id, 'submit')), ...candidates.slice(half).map((c) => campaign.act(c.id, 'enroll'))]);
    const outageStart = Date.now();
    await postgres.stopServer();

    const probes: Probe[] = [];
    const retries = noRetries();
    while (Date.now() - outageStart < chaosScale.databaseOutageMs) {
      probes.push(...(await probeApi()));
      await observeRetries(client, ids, retries);
      await pause(1_000);
    }
    await postgres.startServer();
    const outageMs = Date.now() - outageStart;
    log(`PostgreSQL back after ${outageMs} ms; retrying: ${[...retries.failures].join(' | ')}`);
    await campaign.run({ timeoutMs: chaosScale.timeoutMs, progress: log });
    reportFigures('database-outage', {
      journeys: candidates.length,
      outageSeconds: Math.round(outageMs / 1000),
      secondsToFinishAfter: Math.round((Date.now() - outageStart - outageMs) / 1000),
      apiAnswersDuringOutage: probes.length,
      apiStatuses: [...new Set(probes.map((p) => p.status))],
      highestActivityAttempt: retries.maxAttempt,
      retryingActivities: [...new Set([...retries.failures].map((f) => f.split(':')[0]))],
      crashes: stack.crashes().length,
    });

    // The API said what was wrong and what to do, every time.
    const graphqlProbes = probes.filter((p) => p.code !== 'page');
    expect(graphqlProbes.length).toBeGreaterThan(0);
    for (const probe of graphqlProbes) expect(probe).toMatchObject({ status: 503, code: ErrorCode.ServiceUnavailable, retryAfter: '5', message: expect.stringMatching(/retry/i) });
    for (const probe of probes.filter((p) => p.code === 'page')) expect(probe).toMatchObject({ status: 503, retryAfter: '5', message: expect.stringMatching(/nothing was changed.*try again/i) });
    // Activities failed against the missing database and were retried, not given up; all journeys ended as planned.
    expect(retries.maxAttempt).toBeGreaterThanOrEqual(2);
    expect([...retries.failures].join('\n')).toMatch(/database|reach|connect/i);
    expect(campaign.stats.wrongEnds).toEqual({});
    expect(stack.crashes()).toEqual([]);
  }, chaosScale.timeoutMs + chaosScale.databaseOutageMs + 240_000);
});

describe('the SMTP server down', () => {
  it(`keeps every email in the outbox for ${chaosScale.smtpOutageMs / 1000} s and sends each once when the server is back`, async () => {
    const { app, db, smtp } = stack;
    const candidates = group('smtp');
    const campaign = createCampaign({ app, prisma: db.prisma, smtp, candidates });
    // Approved and ready for evidence while mail works; then the server goes and the evidence comes in,
    // which asks each panel member (and the mentor) by email.
    await campaign.run({ timeoutMs: 180_000, pauseAt: JourneyStage.AwaitingSubmission });
    await smtp.stop();
    const outageStart = Date.now();
    for (const candidate of candidates.filter((c) => c.outcome === 'certified')) expect(await campaign.act(candidate.id, 'submit')).toBeNull();

    let queued = 0;
    while (Date.now() - outageStart < chaosScale.smtpOutageMs) {
      queued = Math.max(queued, await db.prisma.outboxEmail.count({ where: { status: 'pending', attempts: { gt: 0 } } }));
      await pause(1_000);
    }
    const waiting = await db.prisma.outboxEmail.findMany({ where: { status: 'pending' } });
    const stages = await db.prisma.journey.findMany({ select: { stage: true }, where: { candidateId: { in: candidates.map((c) => c.id) } } });
    await smtp.start();
    const outageMs = Date.now() - outageStart;
    log(`SMTP server back after ${outageMs} ms with ${waiting.length} emails waiting in the outbox`);
    await campaign.run({ timeoutMs: chaosScale.timeoutMs, progress: log });
    // Not every email is on a journey's way to its end (the mentor's goes out beside it), so one may
    // still be in its activity's retry back-off when the journeys are done: give those their retry.
    const ids = waiting.map((w) => w.id);
    for (const until = Date.now() + 120_000; Date.now() < until; await pause(1_000)) {
      if ((await db.prisma.outboxEmail.count({ where: { id: { in: ids }, status: 'pending' } })) === 0) break;
    }
    const sent = await db.prisma.outboxEmail.findMany({ where: { id: { in: ids } } });
    reportFigures('smtp-outage', {
      journeys: candidates.length,
      outageSeconds: Math.round(outageMs / 1000),
      emailsQueued: waiting.length,
      highestAttempts: Math.max(...sent.map((r) => r.attempts)),
      secondsToFinishAfter: Math.round((Date.now() - outageStart - outageMs) / 1000),
      crashes: stack.crashes().length,
    });

    // Queued with the reason (a row still on its first attempt has none yet); no journey ended over it.
    expect(queued).toBeGreaterThan(0);
    // (A row whose send had begun but not yet failed when the outage ended has no error yet.)
    expect(waiting.filter((row) => row.lastError !== null).every((row) => /ECONNREFUSED|connect/i.test(row.lastError ?? ''))).toBe(true);
    expect(waiting.some((row) => row.lastError !== null)).toBe(true);
    const midway: string[] = [JourneyStage.AwaitingSubmission, JourneyStage.AwaitingAssessment, JourneyStage.Declined];
    expect(stages.map((s) => s.stage).filter((stage) => !midway.includes(stage))).toEqual([]);
    // Each queued email went out once the server was back, and arrived once.
    expect(sent.map((row) => row.status)).toEqual(waiting.map(() => 'sent'));
    expect(Math.max(...sent.map((row) => row.attempts))).toBeGreaterThanOrEqual(2);
    expect(smtp.messages().filter((m) => sent.some((row) => row.messageId === m.messageId))).toHaveLength(waiting.length);
    expect(campaign.stats.wrongEnds).toEqual({});
    expect(stack.crashes()).toEqual([]);
  }, chaosScale.timeoutMs + chaosScale.smtpOutageMs + 300_000);
});

describe('after both outages', () => {
  it('has every approval, event, credential and email of both groups exactly once', async () => {
    const audit = await auditJourneys({ prisma: stack.db.prisma, client: stack.client, smtp: stack.smtp, candidates: stack.candidates });
    reportFigures('outages-audit', { journeys: audit.journeys, emailsReceived: audit.emails.received, emailsDistinct: audit.emails.distinct, approvals: audit.approvals, credentials: audit.credentials });
    expect(audit.problems).toEqual([]);
  });
});
