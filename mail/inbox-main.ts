import { pino } from 'pino';
import { loadConfig } from '../config/index.js';
import { startInbox } from './inbox.js';

// `npm run inbox`: the development mail inbox. The worker sends to SMTP_PORT; open the web page to read.
// The development inbox signs nothing.
const config = loadConfig(process.env, { tool: true });
const log = pino({ level: config.LOG_LEVEL, base: { service: 'inbox' } });

const inbox = await startInbox({
  smtpPort: config.SMTP_PORT,
  httpPort: config.INBOX_HTTP_PORT,
  dir: config.inboxDir,
  onError: (error) => log.warn({ err: error }, 'SMTP connection error'),
});
log.info(
  { smtp: `smtp://127.0.0.1:${inbox.smtpPort}`, web: `http://127.0.0.1:${inbox.httpPort}/`, dir: config.inboxDir },
  `Inbox ready: SMTP on 127.0.0.1:${inbox.smtpPort}, open http://127.0.0.1:${inbox.httpPort}/`,
);

let closing = false;
const shutdown = (signal: NodeJS.Signals) => {
  if (closing) return;
  closing = true;
  log.info({ signal }, 'Closing the inbox');
  inbox.close().then(
    () => process.exit(0),
    (error: unknown) => {
      log.error({ err: error }, 'Inbox did not close cleanly');
      process.exit(1);
    },
  );
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
