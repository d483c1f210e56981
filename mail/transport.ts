import nodemailer, { type Transporter } from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool';
import type { Config } from '../config/index.js';

export type SmtpConfig = Pick<Config, 'SMTP_HOST' | 'SMTP_PORT' | 'SMTP_SECURE' | 'SMTP_USER' | 'SMTP_PASS'>;
export type MailTransport = Transporter<SMTPPool.SentMessageInfo, SMTPPool.Options>;

/**
 * One pool of SMTP connections per process: each email reuses an open connection instead of paying the
 * connect, greeting, EHLO (and STARTTLS and AUTH with a real relay) again. Servers make that handshake
 * slow on purpose: smtp-server, behind the development inbox, waits 100 ms before its greeting to catch
 * clients that talk too soon, which was most of an email's time. A connection the server closed is
 * replaced; a send that fails on one is an activity failure Temporal retries, as before. Close the
 * transport when the process stops, or its open connections keep it alive.
 */
export function createSmtpTransport(config: SmtpConfig): MailTransport {
  return nodemailer.createTransport({
    pool: true,
    // A message whose connection closes mid-send fails (Temporal retries the activity) instead of being
    // sent again by the pool: every SMTP attempt is then one the outbox row counts (activities/mail.ts).
    maxRequeues: 0,
    // We close an idle connection before the server does (smtp-server after 60 s, relays after minutes),
    // so a send rarely races the server's close.
    idleTimeout: 30_000,
    host: config.SMTP_HOST,
    port: config.SMTP_PORT,
    secure: config.SMTP_SECURE === 'true',
    // Local catchers and relays often take mail without authentication; sending AUTH to them would fail.
    ...(config.SMTP_USER ? { auth: { user: config.SMTP_USER, pass: config.SMTP_PASS ?? '' } } : {}),
    // nodemailer waits up to 2 minutes for a connection by default. An activity should fail fast instead
    // and let Temporal's retry policy (with its backoff) decide when to try again.
    connectionTimeout: 5_000,
    greetingTimeout: 5_000,
    dnsTimeout: 5_000,
    socketTimeout: 30_000,
  });
}
