import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JourneyStage } from '../../domain/journey.js';
import { auditJourneys } from '../harness/chaos-audit.js';
import { chaosScale, reportFigures } from '../harness/chaos-scale.js';
import { type ChaosStack, startChaosStack } from '../harness/chaos-stack.js';
import { createCampaign } from '../harness/journey-campaign.js';

// The SMTP server goes away mid-journey. Every email a journey sends meanwhile waits in the outbox
// (a row written before any SMTP traffic, with the error and the attempts) and when the server is back
// each queued email arrives exactly once. A journey sends its emails one after another, so each
// journey waits at its first unsent email (stage and audit trail already recorded) until then.

const t0 = Date.now();
const log = (line: string) => console.log(`[smtp-outage ${Math.round((Date.now() - t0) / 1000)} s] ${line}`);

let stack: ChaosStack;

beforeAll(async () => {
  stack = await startChaosStack({ journeys: chaosScale.outageJourneys, prefix: 'smtpout' });
});

afterAll(async () => {
  await stack?.stop();
});

describe('the SMTP server down', () => {
  it(`queues every email for ${chaosScale.smtpOutageMs / 1000} s and sends each once when the server is back`, async () => {
    const { app, db, smtp, client, candidates } = stack;
    const campaign = createCampaign({ app, prisma: db.prisma, smtp, candidates });
    // Approved and ready for evidence while mail works; then the server goes and the evidence comes in,
    // which asks each panel member (and the mentor) by email.
    await campaign.run({ timeoutMs: 180_000, pauseAt: JourneyStage.AwaitingSubmission });
    const before = smtp.messages().length;
    await smtp.stop();
    const outageStart = Date.now();
    log(`SMTP server stopped after ${before} emails`);
    for (const candidate of candidates.filter((c) => c.outcome === 'certified')) expect(await campaign.act(candidate.id, 'submit')).toBeNull();

    let queued = 0;
    while (Date.now() - outageStart < chaosScale.smtpOutageMs) {
      queued = Math.max(queued, await db.prisma.outboxEmail.count({ where: { status: 'pending', attempts: { gt: 0 } } }));
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
    const waiting = await db.prisma.outboxEmail.findMany({ where: { status: 'pending' } });
    const stages = await db.prisma.journey.findMany({ select: { stage: true }, where: { candidateId: { in: candidates.map((c) => c.id) } } });
    await smtp.start();
    const outageMs = Date.now() - outageStart;
    log(`SMTP server back after ${outageMs} ms with ${waiting.length} emails waiting in the outbox`);

    await campaign.run({ timeoutMs: chaosScale.timeoutMs, progress: log });
    const audit = await auditJourneys({ prisma: db.prisma, client, smtp, candidates });
    const sentRows = await db.prisma.outboxEmail.findMany({ where: { id: { in: waiting.map((w) => w.id) } } });
    reportFigures('smtp-outage', {
      journeys: audit.journeys,
      outageSeconds: Math.round(outageMs / 1000),
      emailsQueued: waiting.length,
      highestAttempts: Math.max(...sentRows.map((r) => r.attempts)),
      secondsToFinishAfter: Math.round((Date.now() - outageStart - outageMs) / 1000),
      emailsReceived: audit.emails.received,
      emailsDistinct: audit.emails.distinct,
      crashes: stack.crashes().length,
    });

    // Queued with the reason (a row still on its first attempt has none yet); no journey ended over it.
    expect(queued).toBeGreaterThan(0);
    expect(waiting.filter((row) => row.attempts > 0).every((row) => /ECONNREFUSED|connect/i.test(row.lastError ?? ''))).toBe(true);
    const midway: string[] = [JourneyStage.AwaitingSubmission, JourneyStage.AwaitingAssessment, JourneyStage.Declined];
    expect(stages.map((s) => s.stage).filter((stage) => !midway.includes(stage))).toEqual([]);
    // Each queued email sent once it could be, and arrived once.
    expect(sentRows.every((row) => row.status === 'sent' && row.attempts >= 2)).toBe(true);
    const arrived = smtp.messages().filter((m) => sentRows.some((row) => row.messageId === m.messageId));
    expect(arrived).toHaveLength(waiting.length);
    expect(campaign.stats.wrongEnds).toEqual({});
    expect(audit.problems).toEqual([]);
    expect(stack.crashes()).toEqual([]);
  }, chaosScale.timeoutMs + chaosScale.smtpOutageMs + 300_000);
});
