import { startSmtpCatcher } from '../../test/harness/smtp.js';
import type { ForwardedMessage } from './smtp-process.js';

// Child side of smtp-process.ts: the harness's catcher, polled for new messages, forwarded in batches.

if (!process.send) throw new Error('run me through fork()');
const send = (message: unknown) => process.send!(message);
const catcher = await startSmtpCatcher();
let forwarded = 0;
const forward = () => {
  const all = catcher.messages();
  if (all.length === forwarded) return;
  const batch: ForwardedMessage[] = all.slice(forwarded).map(({ id, receivedAt, to, subject, links }) => ({ id, receivedAt, to, subject, links }));
  forwarded = all.length;
  send({ type: 'messages', messages: batch });
};
const timer = setInterval(forward, 20);
process.on('message', async (message: { type: string }) => {
  if (message.type !== 'close') return;
  clearInterval(timer);
  forward();
  await catcher.close();
  process.exit(0);
});
send({ type: 'ready', smtpPort: catcher.smtpPort, httpPort: catcher.httpPort });
