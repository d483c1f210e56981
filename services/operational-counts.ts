import type { PrismaClient } from '../prisma/client.js';

// What the read model says about Certiflow's health right now, for the API's Prometheus gauges
// (http/metrics.ts): journeys by program and stage, emails waiting in the outbox, incidents open.
// One grouped query each, run at every scrape; each is a single scan of an indexed or small table.

export interface OperationalCounts {
  journeys: { programId: string; stage: string; count: number }[];
  /** Outbox rows not sent yet, by status (`pending`, or `failed` and waiting for its next attempt). */
  emailsQueued: { status: string; count: number; oldestCreatedAt: Date | null }[];
  incidentsOpen: { kind: string; step: string; count: number }[];
}

/** Outbox rows still to be sent (activities/mail.ts OutboxStatus); `sent` and `suppressed` (the recipient left) are done. */
export const QUEUED_OUTBOX_STATUSES = ['pending', 'failed'] as const;

export async function readOperationalCounts(prisma: PrismaClient): Promise<OperationalCounts> {
  const [journeys, emails, incidents] = await Promise.all([
    prisma.journey.groupBy({ by: ['programId', 'stage'], _count: { _all: true } }),
    prisma.outboxEmail.groupBy({ by: ['status'], where: { status: { in: [...QUEUED_OUTBOX_STATUSES] } }, _count: { _all: true }, _min: { createdAt: true } }),
    prisma.incident.groupBy({ by: ['kind', 'step'], where: { resolvedAt: null }, _count: { _all: true } }),
  ]);
  return {
    journeys: journeys.map((row) => ({ programId: row.programId, stage: row.stage, count: row._count._all })),
    emailsQueued: emails.map((row) => ({ status: row.status, count: row._count._all, oldestCreatedAt: row._min.createdAt })),
    incidentsOpen: incidents.map((row) => ({ kind: row.kind, step: row.step, count: row._count._all })),
  };
}
