import { createActivities } from '../activities/index.js';
import { loadConfigOrExit } from '../config/index.js';
import { Client } from '@temporalio/client';
import { connectClient, connectWorker } from '../config/temporal.js';
import { ensureAllSchedules } from '../scripts/report-schedule.js';
import { createLogger } from '../config/logger.js';
import { createSmtpTransport } from '../mail/transport.js';
import { openDatabase } from '../prisma/client.js';
import { createJourneyWorker } from './create-worker.js';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { parseArgs } from 'node:util';

// The worker as its own process (with DATABASE_URL): run as many as the load needs.
// `--workflow-bundle <file>` runs a bundle built ahead (bundleWorkflowCode), so a restart skips the
// seconds of bundling: what a production image does, and what the chaos tests do between kills.
const { values: args } = parseArgs({ options: { 'workflow-bundle': { type: 'string' } } });
const config = loadConfigOrExit();
const log = createLogger(config, 'worker');
// The SDK's own lifecycle and bundler lines are noise at info; our logger reports what matters.
Runtime.install({ logger: new DefaultLogger(config.LOG_LEVEL === 'debug' || config.LOG_LEVEL === 'trace' ? 'DEBUG' : 'WARN') });
if (!config.DATABASE_URL) {
  log.error('npm run worker needs DATABASE_URL: the embedded PGlite database belongs to one process (use npm run dev)');
  process.exit(1);
}
const db = await openDatabase({ url: config.DATABASE_URL });
await db.migrate();
const connection = await connectWorker(config);
const activities = createActivities({ prisma: db.prisma, transport: createSmtpTransport(config), config });
const worker = await createJourneyWorker({
  connection,
  namespace: config.TEMPORAL_NAMESPACE,
  taskQueue: config.TEMPORAL_TASK_QUEUE,
  activities,
  ...(args['workflow-bundle'] ? { workflowBundle: { codePath: args['workflow-bundle'] } } : {}),
});
log.info({ taskQueue: config.TEMPORAL_TASK_QUEUE, address: config.TEMPORAL_ADDRESS }, 'worker polling');
const running = worker.run();
let stopped = false;
const scheduling = ensureSchedules(() => stopped);
await running;
stopped = true;
await scheduling;
await connection.close();
await db.close();
log.info('worker stopped');

/**
 * Schedules are idempotent to ensure: every worker start makes sure the reports and surveys run. The
 * Temporal server or the database may be away for a moment (a restart); the polling worker must not
 * die of that, so this keeps trying in the background until it succeeds or the worker stops.
 */
async function ensureSchedules(isStopped: () => boolean): Promise<void> {
  for (let attempt = 1; !isStopped(); attempt++) {
    try {
      const clientConnection = await connectClient(config);
      try {
        const client = new Client({ connection: clientConnection, namespace: config.TEMPORAL_NAMESPACE });
        log.info(await ensureAllSchedules(client, config, db.prisma), 'schedules ensured');
        return;
      } finally {
        await clientConnection.close();
      }
    } catch (error) {
      log.warn({ err: error, attempt }, 'schedules not ensured yet; retrying in 5 s');
      await new Promise((resolve) => setTimeout(resolve, 5_000).unref());
    }
  }
}
