import { createActivities } from '../activities/index.js';
import { loadConfig } from '../config/index.js';
import { Client } from '@temporalio/client';
import { connectClient, connectWorker } from '../config/temporal.js';
import { ensureAllSchedules } from '../scripts/report-schedule.js';
import { createLogger } from '../config/logger.js';
import { createSmtpTransport } from '../mail/transport.js';
import { openDatabase } from '../prisma/client.js';
import { createJourneyWorker } from './create-worker.js';
import { DefaultLogger, Runtime } from '@temporalio/worker';

// The worker as its own process (with DATABASE_URL): run as many as the load needs.
const config = loadConfig();
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
});
log.info({ taskQueue: config.TEMPORAL_TASK_QUEUE, address: config.TEMPORAL_ADDRESS }, 'worker polling');
const running = worker.run();
// Schedules are idempotent to ensure: every worker start makes sure the reports and surveys run.
const clientConnection = await connectClient(config);
const schedules = await ensureAllSchedules(new Client({ connection: clientConnection, namespace: config.TEMPORAL_NAMESPACE }), config, db.prisma);
log.info(schedules, 'schedules ensured');
await clientConnection.close();
await running;
await connection.close();
await db.close();
log.info('worker stopped');
