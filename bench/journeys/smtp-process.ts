import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { type InboxMessage, messageStore } from '../../mail/inbox.js';
import type { SmtpCatcher } from '../../test/harness/smtp.js';

// The test harness's SMTP catcher, run in a child process. In-process, the SMTP server shares the main
// thread with the API, the activities and PGlite; once that thread is saturated by 50 journeys at a
// time, the server's greeting comes later than the sender's 5-second greeting timeout and emails are
// retried for a reason that has nothing to do with Certiflow. The child forwards what the driver needs
// of each message (recipients, subject, links) and the parent offers the harness's SmtpCatcher interface.

const CHILD = fileURLToPath(new URL('./smtp-child.ts', import.meta.url));

export type ForwardedMessage = Pick<InboxMessage, 'id' | 'receivedAt' | 'to' | 'subject' | 'links'>;

export async function startSmtpProcess(): Promise<SmtpCatcher> {
  const child: ChildProcess = fork(CHILD, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const [ready] = (await once(child, 'message')) as [{ type: string; smtpPort: number; httpPort: number }];
  const messages = messageStore();
  const { store } = messages;
  child.on('message', (message: { type: string; messages?: ForwardedMessage[] }) => {
    if (message.type !== 'messages') return;
    for (const forwarded of message.messages ?? []) {
      const full: InboxMessage = { ...forwarded, from: '', text: '', html: '', messageId: null, headers: [] };
      messages.add(full);
    }
  });
  return {
    smtpPort: ready.smtpPort,
    httpPort: ready.httpPort,
    config: { SMTP_HOST: '127.0.0.1', SMTP_PORT: ready.smtpPort, SMTP_SECURE: 'false' },
    messages: () => [...store],
    waitFor: messages.waitFor,
    async clear() {
      store.length = 0;
    },
    async close() {
      if (child.exitCode !== null) return;
      child.send({ type: 'close' });
      await once(child, 'exit');
    },
  };
}
