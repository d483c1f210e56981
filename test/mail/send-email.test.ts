import { type AddressInfo, connect, createServer, type Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createMailActivities, flushPendingEmails, type MailActivityDeps, messageIdFor } from '../../activities/mail.js';
import { deriveApprovalToken, hashToken } from '../../services/approval-links.js';
import type { EmailMessage } from '../../mail/templates.js';
import { createSmtpTransport, type MailTransport } from '../../mail/transport.js';
import { erasedEmailHash } from '../../services/people/departures.js';
import { type Database, openDatabase } from '../../prisma/client.js';
import { type SmtpCatcher, startSmtpCatcher } from '../harness/smtp.js';

const mailConfig = {
  MAIL_FROM: 'Certiflow <certiflow@localhost>',
  PUBLIC_URL: 'http://localhost:4000',
  APPROVAL_LINK_SECRET: 'test-link-secret-0123456789',
};

let db: Database;
const catchers: SmtpCatcher[] = [];
const transports: MailTransport[] = [];
/** A pooled transport closed after each test: an open connection would hold the catcher's close for its 2 s grace. */
const transportTo = (catcher: SmtpCatcher) => {
  const transport = createSmtpTransport(catcher.config);
  transports.push(transport);
  return transport;
};
let seq = 0;
const uniqueKey = (label: string) => `test:${label}:${++seq}:${Date.now()}`;

async function catcherWithActivities() {
  const catcher = await startSmtpCatcher();
  catchers.push(catcher);
  const deps: MailActivityDeps = { prisma: db.prisma, transport: transportTo(catcher), config: mailConfig };
  return { catcher, deps, activities: createMailActivities(deps) };
}

const declined = (candidateName = 'Cai Candidate'): EmailMessage => ({
  template: 'journey-declined',
  params: { candidateName, programName: 'Cloud Security', approverName: 'Maria Manager' },
});

beforeAll(async () => {
  db = await openDatabase({});
  await db.migrate();
}, 60_000);

afterEach(async () => {
  for (const transport of transports.splice(0)) transport.close();
  await Promise.all(catchers.splice(0).map((catcher) => catcher.close()));
});

afterAll(async () => {
  await db?.close();
});

describe('sendEmail', () => {
  it('sends a run of emails over one SMTP connection (a connection costs the server\'s greeting delay)', async () => {
    const catcher = await startSmtpCatcher();
    catchers.push(catcher);
    // A TCP relay in front of the catcher counts the connections the transport opens.
    const sockets: Socket[] = [];
    let connections = 0;
    const relay = createServer((client) => {
      connections += 1;
      const server = connect(catcher.smtpPort, '127.0.0.1');
      client.pipe(server).pipe(client);
      for (const socket of [client, server]) {
        sockets.push(socket);
        socket.on('error', () => undefined);
      }
    });
    await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
    try {
      const port = (relay.address() as AddressInfo).port;
      const transport = transportTo({ ...catcher, config: { ...catcher.config, SMTP_PORT: port } });
      const activities = createMailActivities({ prisma: db.prisma, transport, config: mailConfig });
      for (let i = 0; i < 3; i++) {
        await expect(activities.sendEmail({ idempotencyKey: uniqueKey('pooled'), to: 'cai@example.com', message: declined() })).resolves.toMatchObject({ status: 'sent' });
      }
      expect(catcher.messages()).toHaveLength(3);
      expect(connections).toBe(1);
      transport.close();
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => relay.close(resolve));
    }
  });

  it('sends once for the same idempotency key, however often it is called', async () => {
    const { catcher, activities } = await catcherWithActivities();
    const idempotencyKey = uniqueKey('twice');
    const input = { idempotencyKey, to: 'cai@example.com', message: declined() };

    const first = await activities.sendEmail(input);
    const second = await activities.sendEmail(input);

    expect(first).toEqual({ status: 'sent', messageId: messageIdFor(idempotencyKey, mailConfig.PUBLIC_URL) });
    expect(second).toEqual({ status: 'already_sent', messageId: first.messageId });
    expect(catcher.messages()).toHaveLength(1);
    expect(catcher.messages()[0]).toMatchObject({ to: ['cai@example.com'], messageId: first.messageId });
    const row = await db.prisma.outboxEmail.findUniqueOrThrow({ where: { id: idempotencyKey } });
    expect(row).toMatchObject({ status: 'sent', attempts: 1, lastError: null, messageId: first.messageId });
    expect(row.sentAt).toBeInstanceOf(Date);

    // What a person opening the dev inbox sees.
    const api = (await (await fetch(`http://127.0.0.1:${catcher.httpPort}/api/messages`)).json()) as { subject: string }[];
    expect(api.map((m) => m.subject)).toEqual(['Your Cloud Security enrolment was declined']);
    const page = await (await fetch(`http://127.0.0.1:${catcher.httpPort}/`)).text();
    expect(page).toContain('Your Cloud Security enrolment was declined');
  });

  it('writes to nobody who has left the company: the email stays on record, suppressed, never sent', async () => {
    const { catcher, deps, activities } = await catcherWithActivities();
    await db.prisma.person.create({ data: { id: 'gone-mentor', email: 'gone.mentor@example.com', name: 'Gone Mentor', department: 'Platform', title: 'Staff Engineer', roles: ['mentor'], leftAt: new Date() } });
    const idempotencyKey = uniqueKey('leaver');
    const answer = await activities.sendEmail({ idempotencyKey, to: 'Gone.Mentor@example.com', message: declined() });
    expect(answer.status).toBe('suppressed');
    expect(await db.prisma.outboxEmail.findUniqueOrThrow({ where: { id: idempotencyKey } })).toMatchObject({ status: 'suppressed', attempts: 0 });
    // The sweeper does not send it either.
    await db.prisma.outboxEmail.create({ data: { id: uniqueKey('leaver-swept'), to: 'gone.mentor@example.com', template: 'journey-declined', params: declined().params, status: 'pending' } });
    expect((await flushPendingEmails(deps)).sent).toEqual([]);
    expect(catcher.messages()).toHaveLength(0);
  });

  it('writes to no erased leaver either: their address, still held by a workflow, matches the erasure\'s record', async () => {
    const { catcher, deps, activities } = await catcherWithActivities();
    // Erasure removes the person's row and keeps only a hash of the address on the audit record.
    await db.prisma.personAudit.create({ data: { personId: 'erased-1', version: 3, actor: 'system:retention', source: 'system', action: 'erased', changes: { pseudonym: 'former-x', emailHash: erasedEmailHash('erased.assessor@example.com') } } });
    const idempotencyKey = uniqueKey('erased');
    expect((await activities.sendEmail({ idempotencyKey, to: 'Erased.Assessor@example.com', message: declined() })).status).toBe('suppressed');
    await db.prisma.outboxEmail.create({ data: { id: uniqueKey('erased-swept'), to: 'erased.assessor@example.com', template: 'journey-declined', params: declined().params, status: 'pending' } });
    expect((await flushPendingEmails(deps)).sent).toEqual([]);
    // A leaver whose address has a capital outside ASCII, as a workflow may hold it.
    await db.prisma.person.create({ data: { id: 'gone-juergen', email: 'jürgen.ölz@example.com', name: 'Jürgen Ölz', department: 'Platform', title: 'Engineer', roles: ['assessor'], leftAt: new Date() } });
    expect((await activities.sendEmail({ idempotencyKey: uniqueKey('non-ascii'), to: 'Jürgen.Ölz@example.com', message: declined() })).status).toBe('suppressed');
    // An address nobody ever had (an outside verifier) is written to.
    expect((await activities.sendEmail({ idempotencyKey: uniqueKey('outside'), to: 'verifier@partner.example', message: declined() })).status).toBe('sent');
    expect(catcher.messages().map((m) => m.to)).toEqual([['verifier@partner.example']]);
  });

  it('keeps one row, one Message-ID and a count of every send when the same email is asked for several times at once (a retry racing its first attempt)', async () => {
    const { catcher, activities } = await catcherWithActivities();
    const idempotencyKey = uniqueKey('race');
    const input = { idempotencyKey, to: 'cai@example.com', message: declined() };
    const answers = await Promise.allSettled(Array.from({ length: 4 }, () => activities.sendEmail(input)));
    // Attempts that overlap may each send (the same Message-ID, each counted); what must hold is one row and a count of every send.
    const row = await db.prisma.outboxEmail.findUniqueOrThrow({ where: { id: idempotencyKey } });
    expect(row.status).toBe('sent');
    expect(answers.filter((a) => a.status === 'rejected')).toEqual([]);
    expect(catcher.messages().length).toBe(row.attempts);
    expect(new Set(catcher.messages().map((m) => m.messageId)).size).toBe(1);
    expect(await activities.sendEmail(input)).toMatchObject({ status: 'already_sent' });
  });

  it('keeps the row pending when SMTP is down, and a retry after recovery delivers exactly once', async () => {
    const down = await startSmtpCatcher();
    await down.close();
    const deadDeps: MailActivityDeps = { prisma: db.prisma, transport: transportTo(down), config: mailConfig };
    const idempotencyKey = uniqueKey('down');
    const input = { idempotencyKey, to: 'cai@example.com', message: declined() };

    await expect(createMailActivities(deadDeps).sendEmail(input)).rejects.toThrow();
    const pending = await db.prisma.outboxEmail.findUniqueOrThrow({ where: { id: idempotencyKey } });
    expect(pending).toMatchObject({ status: 'pending', attempts: 1, messageId: null, sentAt: null });
    expect(pending.lastError).toEqual(expect.stringMatching(/\S/));

    const { catcher, activities } = await catcherWithActivities();
    await expect(activities.sendEmail(input)).resolves.toMatchObject({ status: 'sent' });
    await expect(activities.sendEmail(input)).resolves.toMatchObject({ status: 'already_sent' });
    expect(catcher.messages()).toHaveLength(1);
    const sent = await db.prisma.outboxEmail.findUniqueOrThrow({ where: { id: idempotencyKey } });
    expect(sent).toMatchObject({ status: 'sent', attempts: 2, lastError: null });
  });

  it('a send cut short after the server accepted the message is counted, so its copy on retry is accounted for', async () => {
    const { catcher, deps } = await catcherWithActivities();
    // The SMTP server takes the message, then the process "dies" before the row is marked sent: here the
    // send reports a failure after the server accepted it, which leaves the row exactly as a crash would.
    const real = deps.transport;
    const cut = { sendMail: async (mail: unknown) => {
      await real.sendMail(mail as never);
      throw new Error('process killed after the SMTP server accepted the message');
    } } as unknown as MailActivityDeps['transport'];
    const idempotencyKey = uniqueKey('cut');
    const input = { idempotencyKey, to: 'cai@example.com', message: declined() };
    await expect(createMailActivities({ ...deps, transport: cut }).sendEmail(input)).rejects.toThrow(/killed/);
    expect(await db.prisma.outboxEmail.findUniqueOrThrow({ where: { id: idempotencyKey } })).toMatchObject({ status: 'pending', attempts: 1 });

    await createMailActivities(deps).sendEmail(input);
    // At least once at the SMTP boundary, with one Message-ID, and never more copies than sends begun.
    expect(catcher.messages().map((m) => m.messageId)).toEqual([messageIdFor(idempotencyKey, mailConfig.PUBLIC_URL), messageIdFor(idempotencyKey, mailConfig.PUBLIC_URL)]);
    expect(await db.prisma.outboxEmail.findUniqueOrThrow({ where: { id: idempotencyKey } })).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('puts a working approval link in the email but never stores its token', async () => {
    const { catcher, activities } = await catcherWithActivities();
    const idempotencyKey = uniqueKey('approval');
    const approvalId = `appr-${seq}`;
    await activities.sendEmail({
      idempotencyKey,
      to: 'maria@example.com',
      message: {
        template: 'manager-approval',
        params: {
          approvalId,
          approverName: 'Maria Manager',
          candidateName: 'Cai Candidate',
          programName: 'Cloud Security',
          pathwayName: 'Portfolio',
          expiresAt: '2026-07-14T09:30:00.000Z',
        },
      },
    });

    const mail = await catcher.waitFor((m) => m.to.includes('maria@example.com'), 5_000);
    const link = mail.links.find((l) => l.includes(`/approvals/${approvalId}`));
    expect(link).toBeDefined();
    const token = new URL(link!).searchParams.get('token');
    expect(token).toBeTruthy();
    expect(hashToken(token!)).toBe(hashToken(deriveApprovalToken(mailConfig.APPROVAL_LINK_SECRET, approvalId)));
    expect(mail.text).toContain(link);

    const row = await db.prisma.outboxEmail.findUniqueOrThrow({ where: { id: idempotencyKey } });
    expect(JSON.stringify(row)).not.toContain(token);
    expect(row.params).toMatchObject({ approvalId });
  });

  it('escapes HTML from params in the delivered message', async () => {
    const { catcher, activities } = await catcherWithActivities();
    await activities.sendEmail({
      idempotencyKey: uniqueKey('escape'),
      to: 'cai@example.com',
      message: declined('<img src=x onerror=alert(1)>'),
    });
    const [mail] = catcher.messages();
    expect(mail?.html).not.toContain('<img src=x');
    expect(mail?.html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(mail?.text).toContain('Hello <img src=x onerror=alert(1)>,');
  });

  it('rejects invalid params and a key reused for another email without retrying', async () => {
    const { catcher, activities } = await catcherWithActivities();
    await expect(
      activities.sendEmail({
        idempotencyKey: uniqueKey('invalid'),
        to: 'cai@example.com',
        message: { template: 'recertification-due', params: { candidateName: 'C', programName: 'P', expiresAt: 'soon' } },
      }),
    ).rejects.toMatchObject({ type: 'INVALID_INPUT', nonRetryable: true });

    const idempotencyKey = uniqueKey('reused');
    await activities.sendEmail({ idempotencyKey, to: 'cai@example.com', message: declined() });
    await expect(
      activities.sendEmail({ idempotencyKey, to: 'someone-else@example.com', message: declined() }),
    ).rejects.toMatchObject({ type: 'INVALID_INPUT', nonRetryable: true });
    expect(catcher.messages()).toHaveLength(1);
  });
});

describe('flushPendingEmails', () => {
  it('sends rows left pending by a failed attempt, and only those', async () => {
    const down = await startSmtpCatcher();
    await down.close();
    const deadDeps: MailActivityDeps = { prisma: db.prisma, transport: transportTo(down), config: mailConfig };
    const idempotencyKey = uniqueKey('flush');
    await expect(
      createMailActivities(deadDeps).sendEmail({ idempotencyKey, to: 'cai@example.com', message: declined() }),
    ).rejects.toThrow();

    const { catcher, deps } = await catcherWithActivities();
    const result = await flushPendingEmails(deps);

    expect(result).toEqual({ sent: [idempotencyKey], failed: [] });
    expect(catcher.messages()).toHaveLength(1);
    expect(await flushPendingEmails(deps)).toEqual({ sent: [], failed: [] });
  });
});
