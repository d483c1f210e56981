import { createHash } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import type { Transporter } from 'nodemailer';
import type { Config } from '../config/index.js';
import { ErrorCode } from '../domain/errors.js';
import { type EmailMessage, parseEmailMessage, renderEmail } from '../mail/templates.js';
import { Prisma, type PrismaClient } from '../prisma/client.js';
import { jsonb, utcTimestamp } from '../prisma/sql-values.js';
import { erasedEmailHash } from '../services/people/departures.js';

/** `suppressed`: kept on record, never sent: the recipient has left the company. */
export const OutboxStatus = { Pending: 'pending', Sent: 'sent', Failed: 'failed', Suppressed: 'suppressed' } as const;
export type OutboxStatus = (typeof OutboxStatus)[keyof typeof OutboxStatus];

export interface MailActivityDeps {
  prisma: PrismaClient;
  transport: Transporter;
  config: Pick<Config, 'MAIL_FROM' | 'PUBLIC_URL' | 'APPROVAL_LINK_SECRET'>;
}

export interface SendEmailInput {
  /** Derived by the workflow; becomes the outbox row id, so the same key never sends twice. */
  idempotencyKey: string;
  to: string;
  message: EmailMessage;
}

export interface SendEmailResult {
  status: 'sent' | 'already_sent' | 'suppressed';
  messageId: string;
}

/**
 * Whether the address is a leaver's, as a SQL expression. Nobody who has left is written to (a leaver's
 * journeys end through the directory; this covers what they were to others: manager, mentor, assessor,
 * committee member). An address no one has any more may be an erased leaver's, still held by a
 * workflow: its hash is on the erasure's audit record. Addresses no person ever had (an outside
 * verifier) are not a leaver's. Lowercased here, as the directory stores addresses (SQL's lower() under
 * the C locale leaves non-ASCII capitals as they are).
 */
const recipientLeftSql = (address: string) => {
  const email = address.toLowerCase();
  return Prisma.sql`
    CASE WHEN EXISTS (SELECT 1 FROM "Person" p WHERE p."email" = ${email})
      THEN EXISTS (SELECT 1 FROM "Person" p WHERE p."email" = ${email} AND p."leftAt" IS NOT NULL)
      ELSE EXISTS (SELECT 1 FROM "PersonAudit" a WHERE a."action" = 'erased'
                   AND a."changes" -> 'emailHash' = to_jsonb(${erasedEmailHash(address)}::text))
    END`;
};

async function recipientLeft(prisma: PrismaClient, to: string): Promise<boolean> {
  const rows = await prisma.$queryRaw<{ left: boolean }[]>`SELECT ${recipientLeftSql(to)} AS "left"`;
  return rows[0]?.left === true;
}

const LEFT_THE_COMPANY = 'The recipient has left the company.';

interface OutboxRow {
  id: string;
  to: string;
  template: string;
  params: unknown;
  status: string;
  messageId: string | null;
  recipientLeft: boolean;
  /** Put on record by this call: pending with its first send counted, or suppressed. */
  inserted: boolean;
}

/**
 * Puts the email on record unless its key is already there, and reads the row back with whether its
 * recipient has left: one statement, as this runs for every email of every journey. A new row is
 * written as what happens next: suppressed if the recipient has left, else pending with its first send
 * already counted (the count may run one ahead if the process dies before SMTP, never behind). The
 * erased-address check uses the input's address: a row with another recipient is refused by the caller.
 * A row another attempt inserted and committed while this statement ran is outside its snapshot: it is
 * read again then.
 */
async function recordEmail(prisma: PrismaClient, input: SendEmailInput, message: EmailMessage): Promise<OutboxRow> {
  const columns = Prisma.sql`"id", "to", "template", "params", "status", "messageId"`;
  const rows = await prisma.$queryRaw<OutboxRow[]>`
    WITH recipient AS (
      SELECT ${recipientLeftSql(input.to)} AS "left"
    ), inserted AS (
      INSERT INTO "OutboxEmail" ("id", "to", "template", "params", "status", "attempts", "lastError", "createdAt")
      SELECT ${input.idempotencyKey}::text, ${input.to}::text, ${message.template}::text, ${jsonb(message.params)},
             CASE WHEN recipient."left" THEN ${OutboxStatus.Suppressed}::text ELSE ${OutboxStatus.Pending}::text END,
             CASE WHEN recipient."left" THEN 0 ELSE 1 END,
             CASE WHEN recipient."left" THEN ${LEFT_THE_COMPANY}::text END,
             ${utcTimestamp(new Date().toISOString())}
      FROM recipient
      ON CONFLICT ("id") DO NOTHING
      RETURNING ${columns}
    ), row AS (
      SELECT ${columns}, true AS "inserted" FROM inserted
      UNION ALL
      SELECT ${columns}, false AS "inserted" FROM "OutboxEmail" WHERE "id" = ${input.idempotencyKey}::text AND NOT EXISTS (SELECT 1 FROM inserted)
    )
    SELECT row.*, recipient."left" AS "recipientLeft" FROM row, recipient`;
  if (rows[0]) return rows[0];
  const row = await prisma.outboxEmail.findUniqueOrThrow({ where: { id: input.idempotencyKey } });
  return { ...row, recipientLeft: await recipientLeft(prisma, row.to), inserted: false };
}

async function suppress(prisma: PrismaClient, id: string): Promise<void> {
  await prisma.outboxEmail.update({ where: { id }, data: { status: OutboxStatus.Suppressed, lastError: LEFT_THE_COMPANY } });
}

export function createMailActivities(deps: MailActivityDeps) {
  return {
    async sendEmail(input: SendEmailInput): Promise<SendEmailResult> {
      if (!input.idempotencyKey || !input.to) {
        throw ApplicationFailure.nonRetryable('sendEmail needs an idempotencyKey and a recipient', ErrorCode.InvalidInput);
      }
      const parsed = parseEmailMessage(input.message);
      if (!parsed.ok) throw ApplicationFailure.nonRetryable(parsed.error.message, ErrorCode.InvalidInput);
      const message = parsed.value;

      // The row exists before any SMTP traffic: whatever happens next, the email is on record and a retry
      // (or the sweeper) finds it. Only template + params are stored; the rendered body with its link
      // token is rebuilt at each send.
      const row = await recordEmail(deps.prisma, input, message);
      if (row.to !== input.to || row.template !== message.template || canonicalJson(row.params) !== canonicalJson(message.params)) {
        // Silently skipping would drop an email; sending would ignore the key. Either is a caller bug.
        throw ApplicationFailure.nonRetryable(
          `Idempotency key "${input.idempotencyKey}" was already used for a different email`,
          ErrorCode.InvalidInput,
        );
      }
      if (row.status === OutboxStatus.Sent) {
        return { status: 'already_sent', messageId: row.messageId ?? messageIdFor(row.id, deps.config.PUBLIC_URL) };
      }
      if (row.status === OutboxStatus.Suppressed || row.recipientLeft) {
        if (row.status !== OutboxStatus.Suppressed) await suppress(deps.prisma, row.id);
        return { status: 'suppressed', messageId: messageIdFor(row.id, deps.config.PUBLIC_URL) };
      }
      const messageId = await deliver(deps, row.id, row.to, message, { counted: row.inserted });
      return { status: 'sent', messageId };
    },
  };
}

export interface FlushOptions {
  /**
   * Only rows created before this instant. A sweeper running beside the worker should pass a cutoff older
   * than sendEmail's start-to-close timeout, so it never races an activity that is sending the same row.
   */
  createdBefore?: Date;
  limit?: number;
}

export interface FlushResult {
  sent: string[];
  failed: { id: string; error: string }[];
}

/** Sends every pending outbox row, one at a time; each failure is recorded on its row and reported. */
export async function flushPendingEmails(deps: MailActivityDeps, options: FlushOptions = {}): Promise<FlushResult> {
  const rows = await deps.prisma.outboxEmail.findMany({
    where: {
      status: OutboxStatus.Pending,
      ...(options.createdBefore ? { createdAt: { lt: options.createdBefore } } : {}),
    },
    orderBy: { createdAt: 'asc' },
    take: options.limit ?? 100,
  });
  const result: FlushResult = { sent: [], failed: [] };
  for (const row of rows) {
    const parsed = parseEmailMessage({ template: row.template, params: row.params });
    if (!parsed.ok) {
      // A row no template can render (e.g. written by a newer worker) would fail forever: park it.
      await deps.prisma.outboxEmail.update({
        where: { id: row.id },
        data: { status: OutboxStatus.Failed, lastError: parsed.error.message },
      });
      result.failed.push({ id: row.id, error: parsed.error.message });
      continue;
    }
    if (await recipientLeft(deps.prisma, row.to)) {
      await suppress(deps.prisma, row.id);
      continue;
    }
    try {
      await deliver(deps, row.id, row.to, parsed.value);
      result.sent.push(row.id);
    } catch (error) {
      // deliver has already recorded the error on the row; the row stays pending for the next sweep.
      result.failed.push({ id: row.id, error: describe(error) });
    }
  }
  return result;
}

/** `counted`: the row was inserted with this send counted (recordEmail); otherwise it is counted here. */
async function deliver(deps: MailActivityDeps, id: string, to: string, message: EmailMessage, { counted = false } = {}): Promise<string> {
  const rendered = renderEmail(message, {
    publicUrl: deps.config.PUBLIC_URL,
    approvalLinkSecret: deps.config.APPROVAL_LINK_SECRET,
  });
  // The Message-ID comes from the idempotency key, not from nodemailer's random one. If the process dies
  // after the SMTP server accepted the message but before the row is marked sent, the retry sends a
  // copy with the same Message-ID, which mail servers and clients can recognise as a duplicate.
  const messageId = messageIdFor(id, deps.config.PUBLIC_URL);
  // Counted before the SMTP conversation, so `attempts` is the number of sends that began: a copy can
  // only reach the server from an attempt this row counts, and a crash between the server's acceptance
  // and the update below (the one window where a copy can arrive twice) leaves its trace here.
  if (!counted) await deps.prisma.outboxEmail.update({ where: { id }, data: { attempts: { increment: 1 } } });
  try {
    await deps.transport.sendMail({
      from: deps.config.MAIL_FROM,
      to,
      subject: rendered.subject,
      text: rendered.text,
      html: rendered.html,
      messageId,
      headers: { 'X-Certiflow-Template': message.template },
    });
  } catch (error) {
    // Recorded for operators; rethrown so Temporal retries. The row stays pending, nothing is lost.
    await deps.prisma.outboxEmail.update({ where: { id }, data: { lastError: describe(error) } });
    throw error;
  }
  await deps.prisma.outboxEmail.update({
    where: { id },
    data: { status: OutboxStatus.Sent, messageId, sentAt: new Date(), lastError: null },
  });
  return messageId;
}

export function messageIdFor(idempotencyKey: string, publicUrl: string): string {
  // Hashed: the key holds workflow ids with characters a Message-ID may not contain.
  const local = createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 32);
  return `<${local}.outbox@${new URL(publicUrl).hostname}>`;
}

function describe(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.slice(0, 1000);
}

// JSONB does not keep key order, so compare with keys sorted.
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}
