import type { Config } from '../../config/index.js';
import { type Inbox, startInbox } from '../../mail/inbox.js';

export interface SmtpCatcher extends Inbox {
  /** Merge into the config given to `createSmtpTransport` so mail goes to this catcher. */
  config: Pick<Config, 'SMTP_HOST' | 'SMTP_PORT' | 'SMTP_SECURE'>;
}

/** A real SMTP server on a free port, in memory; close it in `afterAll`/`afterEach`. */
export async function startSmtpCatcher(): Promise<SmtpCatcher> {
  const inbox = await startInbox({ smtpPort: 0, httpPort: 0, host: '127.0.0.1' });
  return { ...inbox, config: { SMTP_HOST: '127.0.0.1', SMTP_PORT: inbox.smtpPort, SMTP_SECURE: 'false' } };
}
