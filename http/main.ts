import path from 'node:path';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { trace } from '@opentelemetry/api';
import { Client } from '@temporalio/client';
import { OpenTelemetryWorkflowClientInterceptor } from '@temporalio/interceptors-opentelemetry';
import { loadConfigOrExit } from '../config/index.js';
import { createLogger } from '../config/logger.js';
import { startTracing } from '../config/telemetry.js';
import { connectClient } from '../config/temporal.js';
import { openDatabase } from '../prisma/client.js';
import { createServices, uploadPolicy } from '../services/index.js';
import { readOperationalCounts } from '../services/operational-counts.js';
import { apiOptionsFrom } from './options.js';
import { createApiServer } from './app.js';
import { createApiMetrics, createMetricsServer } from './metrics.js';
import type { EdgeTelemetry } from './middleware/telemetry.js';

// The API as its own process (with DATABASE_URL), stateless apart from the database and Temporal:
// run as many behind a load balancer as the traffic needs. Tracing (OTEL_EXPORTER_OTLP_ENDPOINT) starts
// before any client or server exists; metrics (METRICS_PORT) are served on a listener of their own.
const config = loadConfigOrExit();
const log = createLogger(config, 'api');
const tracing = startTracing(config, 'certiflow-api', log);
if (!config.DATABASE_URL) {
  log.error('npm run api needs DATABASE_URL: the embedded PGlite database belongs to one process (use npm run dev)');
  process.exit(1);
}

const db = await openDatabase({ url: config.DATABASE_URL });
await db.migrate();
const connection = await connectClient(config);
// With tracing, starting, signalling, updating or querying a workflow carries the trace into the worker.
const client = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE, ...(tracing ? { interceptors: { workflow: [new OpenTelemetryWorkflowClientInterceptor()] } } : {}) });
const services = createServices({ prisma: db.prisma, client, taskQueue: config.TEMPORAL_TASK_QUEUE, uploadsDir: path.join(config.DATA_DIR, 'uploads'), uploadPolicy: uploadPolicy(config), linkSecret: config.APPROVAL_LINK_SECRET, leaverRetention: config.LEAVER_RETENTION, readAuditRetention: config.READ_AUDIT_RETENTION });
const metrics =
  config.METRICS_PORT === undefined
    ? undefined
    : createApiMetrics({ readCounts: () => readOperationalCounts(db.prisma), onReadError: (error) => log.warn({ err: error }, 'metrics: the read model could not be counted') });
const telemetry: EdgeTelemetry = {
  ...(tracing ? { tracer: trace.getTracer('certiflow-api') } : {}),
  ...(metrics ? { metrics } : {}),
  ...(log.isLevelEnabled('debug') ? { accessLog: (entry) => log.debug(entry, 'request served') } : {}),
};
const server = createApiServer({ ...apiOptionsFrom(config, services, log), telemetry });

await listen(server, config.API_PORT, config.API_HOST);
const { port } = server.address() as AddressInfo;
log.info({ namespace: config.TEMPORAL_NAMESPACE, temporal: config.TEMPORAL_ADDRESS, tracing: tracing?.serviceName ?? false }, `API listening on http://${config.API_HOST}:${port}/graphql`);
const metricsServer = metrics ? createMetricsServer({ metrics, token: config.METRICS_TOKEN }) : undefined;
if (metricsServer) {
  await listen(metricsServer, config.METRICS_PORT!, config.METRICS_HOST);
  const address = metricsServer.address() as AddressInfo;
  log.info({ bearerToken: config.METRICS_TOKEN !== undefined }, `metrics on http://${config.METRICS_HOST}:${address.port}/metrics`);
}

function listen(target: Server, listenPort: number, host: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    target.once('error', reject);
    target.listen(listenPort, host, () => {
      target.off('error', reject);
      resolve();
    });
  });
}

let closing = false;
async function shutdown(signal: NodeJS.Signals): Promise<void> {
  if (closing) return;
  closing = true;
  log.info({ signal }, 'API stopping');
  // Keep-alive connections (GraphiQL, load balancers) would hold close() open indefinitely.
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  setTimeout(() => server.closeAllConnections(), 5_000).unref();
  await closed;
  if (metricsServer) {
    const metricsClosed = new Promise<void>((resolve) => metricsServer.close(() => resolve()));
    metricsServer.closeAllConnections();
    await metricsClosed;
  }
  await connection.close();
  await db.close();
  await tracing?.shutdown();
  log.info('API stopped');
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    shutdown(signal).then(
      () => process.exit(0),
      (error: unknown) => {
        log.error({ err: error }, 'API did not stop cleanly');
        process.exit(1);
      },
    );
  });
}
