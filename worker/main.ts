import { createActivities } from '../activities/index.js';
import { loadConfigOrExit } from '../config/index.js';
import { Client } from '@temporalio/client';
import { connectClient, connectWorker } from '../config/temporal.js';
import { ensureAllSchedules } from '../scripts/report-schedule.js';
import { createLogger } from '../config/logger.js';
import { startTracing } from '../config/telemetry.js';
import { createSmtpTransport } from '../mail/transport.js';
import { openDatabase } from '../prisma/client.js';
import { createJourneyWorker } from './create-worker.js';
import { DefaultLogger, type LogLevel, Runtime } from '@temporalio/worker';
import { parseArgs } from 'node:util';

// The worker as its own process (with DATABASE_URL): run as many as the load needs.
// `--workflow-bundle <file>` runs a bundle built ahead (bundleWorkflowCode), so a restart skips the
// seconds of bundling: what a production image does, and what the chaos tests do between kills.
const { values: args } = parseArgs({ options: { 'workflow-bundle': { type: 'string' } } });
const config = loadConfigOrExit();
const log = createLogger(config, 'worker');
// Tracing before the worker exists (OTEL_EXPORTER_OTLP_ENDPOINT): workflows a traced API started, and activities, get spans.
const tracing = startTracing(config, 'certiflow-worker', log);
// The SDK's own lifecycle and bundler lines are noise at info; our logger reports what matters. Its lines
// (workflow and activity logs among them, with their trace ids) go through the same pino logger.
const sdkLog = log.child({ sdk: 'temporal' });
const PINO_LEVELS: Record<LogLevel, 'trace' | 'debug' | 'info' | 'warn' | 'error'> = { TRACE: 'trace', DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error' };
Runtime.install({
  logger: new DefaultLogger(config.LOG_LEVEL === 'debug' || config.LOG_LEVEL === 'trace' ? 'DEBUG' : 'WARN', ({ level, message, meta }) => {
    const { error, ...fields } = meta ?? {};
    sdkLog[PINO_LEVELS[level]]({ ...fields, ...(error === undefined ? {} : { err: error }) }, message);
  }),
  // The SDK's runtime metrics (task slots, latencies, polls, workflow cache) for Prometheus at /metrics.
  ...(config.WORKER_METRICS_ADDRESS ? { telemetryOptions: { metrics: { prometheus: { bindAddress: config.WORKER_METRICS_ADDRESS } } } } : {}),
});
if (!config.DATABASE_URL) {
  log.error('npm run worker needs DATABASE_URL: the embedded PGlite database belongs to one process (use npm run dev)');
  process.exit(1);
}
const db = await openDatabase({ url: config.DATABASE_URL });
await db.migrate();
const connection = await connectWorker(config);
const transport = createSmtpTransport(config);
const activities = createActivities({ prisma: db.prisma, transport, config });
const worker = await createJourneyWorker({
  connection,
  namespace: config.TEMPORAL_NAMESPACE,
  taskQueue: config.TEMPORAL_TASK_QUEUE,
  activities,
  ...(args['workflow-bundle'] ? { workflowBundle: { codePath: args['workflow-bundle'] } } : {}),
  tracing,
});
log.info(
  { taskQueue: config.TEMPORAL_TASK_QUEUE, address: config.TEMPORAL_ADDRESS, metrics: config.WORKER_METRICS_ADDRESS ?? false, tracing: tracing?.serviceName ?? false },
  'worker polling',
);
const running = worker.run();
let stopped = false;
const scheduling = ensureSchedules(() => stopped);
await running;
stopped = true;
await scheduling;
transport.close();
await connection.close();
await db.close();
await tracing?.shutdown();
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
