import type { Client } from '@temporalio/client';
import { journeyWorkflowId } from '../../domain/workflow-ids.js';
import { messageIdFor } from '../../activities/mail.js';
import type { Inbox } from '../../mail/inbox.js';
import type { PrismaClient } from '../../prisma/client.js';
import type { ChaosCandidate } from './chaos-candidates.js';

// After a chaos run: did every journey end where it should, with every approval, event, credential and
// email exactly once? Emails are counted where they arrive, at the SMTP server, by Message-ID.

const PROGRAM_ID = 'cloud-architecture-practitioner';

export interface EmailFigures {
  received: number;
  distinct: number;
  /** Message-IDs that arrived more than once, with how often. */
  duplicates: Record<string, number>;
  byTemplate: Record<string, number>;
}

export interface AuditReport {
  journeys: number;
  certified: number;
  declined: number;
  credentials: number;
  approvals: number;
  events: number;
  emails: EmailFigures;
  /** Everything that was lost, doubled or wrong; empty when the run lost nothing. */
  problems: string[];
}

/** Emails each event sends (the mentor and panel emails go to each person named). */
function expectedEmails(events: { type: string; data: unknown }[]): Record<string, number> {
  const expected: Record<string, number> = {};
  const add = (template: string, n = 1) => {
    expected[template] = (expected[template] ?? 0) + n;
  };
  for (const event of events) {
    if (event.type === 'approval_requested') add('manager-approval');
    // A decline can be appealed (patch decision-appeals): the candidate is told so right after, so the
    // audit waits for that email as soon as the decline is recorded, not only once its window is.
    if (event.type === 'manager_declined') {
      add('journey-declined');
      add('decision-appealable');
    }
    if (event.type === 'mentor_assigned') add('mentor-assigned');
    if (event.type === 'panel_assigned') add('panel-assessment-requested', ((event.data as { panel?: unknown[] }).panel ?? []).length);
    if (event.type === 'assessment_decided') add('assessment-result');
    if (event.type === 'credential_issued') add('credential-issued');
  }
  return expected;
}

export function emailFigures(smtp: Pick<Inbox, 'messages'>): EmailFigures {
  const messages = smtp.messages();
  const counts = new Map<string, number>();
  const byTemplate: Record<string, number> = {};
  for (const message of messages) {
    const id = message.messageId ?? `(none) ${message.id}`;
    counts.set(id, (counts.get(id) ?? 0) + 1);
    if (counts.get(id) === 1) {
      const template = message.headers.find((h) => h.name === 'x-certiflow-template')?.value ?? '(none)';
      byTemplate[template] = (byTemplate[template] ?? 0) + 1;
    }
  }
  const duplicates = Object.fromEntries([...counts].filter(([, n]) => n > 1));
  return { received: messages.length, distinct: counts.size, duplicates, byTemplate };
}

/**
 * A journey records a step before it sends that step's email, so a journey can show its last stage
 * while the email is still on its way (or waiting for a retry after an outage): wait until every email
 * the events call for has arrived and the outbox is empty, or until `timeoutMs` (the audit then says
 * what is missing).
 */
async function emailsSettled(prisma: PrismaClient, smtp: Pick<Inbox, 'messages'>, journeyIds: string[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const events = await prisma.journeyEvent.findMany({ where: { journeyId: { in: journeyIds } }, select: { type: true, data: true } });
    const received = emailFigures(smtp).byTemplate;
    const arrived = Object.entries(expectedEmails(events)).every(([template, n]) => (received[template] ?? 0) >= n);
    if (arrived && (await prisma.outboxEmail.count({ where: { status: 'pending' } })) === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

export async function auditJourneys({ prisma, client, smtp, candidates }: { prisma: PrismaClient; client: Client; smtp: Pick<Inbox, 'messages'>; candidates: ChaosCandidate[] }): Promise<AuditReport> {
  const problems: string[] = [];
  const ids = candidates.map((c) => journeyWorkflowId(PROGRAM_ID, c.id));
  // Email retries back off up to minutes after a long outage; two minutes covers the tests' outages.
  await emailsSettled(prisma, smtp, ids, 120_000);
  const [journeys, approvals, credentials, events] = await Promise.all([
    prisma.journey.findMany({ where: { id: { in: ids } } }),
    prisma.approval.findMany({ where: { journeyId: { in: ids } } }),
    prisma.credential.findMany({ where: { journeyId: { in: ids } } }),
    prisma.journeyEvent.findMany({ where: { journeyId: { in: ids } }, orderBy: { seq: 'asc' } }),
  ]);
  const expected: Record<string, number> = {};
  for (const candidate of candidates) {
    const id = journeyWorkflowId(PROGRAM_ID, candidate.id);
    const journey = journeys.find((j) => j.id === id);
    if (journey?.stage !== candidate.outcome) problems.push(`${id}: read model says ${journey?.stage ?? 'no journey'}, planned ${candidate.outcome}`);
    const { status } = await client.workflow.getHandle(id).describe();
    // A certified journey goes on holding its credential; a declined one waits out the candidate's appeal
    // window (patch decision-appeals), its stage already declined: no run here lasts the 14 days.
    const wantedStatus = 'RUNNING';
    if (status.name !== wantedStatus) problems.push(`${id}: workflow is ${status.name}, expected ${wantedStatus}`);

    const own = approvals.filter((a) => a.journeyId === id);
    const decision = candidate.outcome === 'certified' ? 'approved' : 'declined';
    if (own.length !== 1 || own[0]?.decision !== decision) problems.push(`${id}: approvals ${JSON.stringify(own.map((a) => a.decision))}, expected one ${decision}`);
    const issued = credentials.filter((c) => c.journeyId === id).length;
    if (issued !== (candidate.outcome === 'certified' ? 1 : 0)) problems.push(`${id}: ${issued} credentials`);

    const trail = events.filter((e) => e.journeyId === id);
    const types = trail.map((e) => e.type);
    // In a first cycle that goes straight through, every kind of event happens once.
    const doubled = types.filter((type, i) => types.indexOf(type) !== i);
    if (doubled.length > 0) problems.push(`${id}: events recorded twice: ${doubled.join(', ')}`);
    const seqs = trail.map((e) => e.seq);
    if (seqs.some((seq, i) => seq !== i + 1)) problems.push(`${id}: event sequence ${seqs.join(',')} has gaps or repeats`);
    for (const [template, n] of Object.entries(expectedEmails(trail))) expected[template] = (expected[template] ?? 0) + n;
  }

  const emails = emailFigures(smtp);
  // Other templates (scheduled reports, reminders of the schedules a worker ensures) are not the journeys' business.
  for (const template of Object.keys(expected)) {
    const want = expected[template] ?? 0;
    const got = emails.byTemplate[template] ?? 0;
    if (want !== got) problems.push(`email ${template}: ${got} distinct at the SMTP server, ${want} expected from the events`);
  }
  // SMTP cannot be exactly-once: a worker killed after the server accepted a message but before the
  // outbox row was marked sent sends it again on retry, with the same Message-ID (receivers drop it;
  // docs/architecture.md). So a copy may arrive as often as sends of it began (`attempts`, counted
  // before each SMTP conversation), never more: more would be a second sender or a lost idempotency
  // key, which is a bug. Each such interrupted send is reported in the figures.
  // Keyed by the Message-ID's local part, the hash of the outbox row id (its host is PUBLIC_URL's).
  const localPart = (messageId: string) => messageId.replace(/^<|@.*$/g, '');
  const rows = await prisma.outboxEmail.findMany({ select: { id: true, attempts: true } });
  const attempts = new Map(rows.map((row) => [localPart(messageIdFor(row.id, 'http://localhost')), row.attempts]));
  for (const [messageId, n] of Object.entries(emails.duplicates)) {
    const began = attempts.get(localPart(messageId)) ?? 0;
    if (n > began) problems.push(`email ${messageId} arrived ${n} times, more than the ${began} sends of it that began`);
  }
  const unsent = await prisma.outboxEmail.count({ where: { status: { not: 'sent' } } });
  if (unsent > 0) problems.push(`${unsent} outbox emails not sent`);

  return {
    journeys: candidates.length,
    certified: journeys.filter((j) => j.stage === 'certified').length,
    declined: journeys.filter((j) => j.stage === 'declined').length,
    credentials: credentials.length,
    approvals: approvals.length,
    events: events.length,
    emails,
    problems,
  };
}
