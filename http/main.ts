import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { Client } from '@temporalio/client';
import { loadConfigOrExit } from '../config/index.js';
import { createLogger } from '../config/logger.js';
import { connectClient } from '../config/temporal.js';
import { openDatabase } from '../prisma/client.js';
import { createServices, uploadPolicy } from '../services/index.js';
import { apiOptionsFrom } from './options.js';
import { createApiServer } from './app.js';

// The API as its own process (with DATABASE_URL), stateless apart from the database and Temporal:
// run as many behind a load balancer as the traffic needs.
const config = loadConfigOrExit();
const log = createLogger(config, 'api');
if (!config.DATABASE_URL) {
  log.error('npm run api needs DATABASE_URL: the embedded PGlite database belongs to one process (use npm run dev)');
  process.exit(1);
}

const db = await openDatabase({ url: config.DATABASE_URL });
await db.migrate();
const connection = await connectClient(config);
const client = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
const services = createServices({ prisma: db.prisma, client, taskQueue: config.TEMPORAL_TASK_QUEUE, uploadsDir: path.join(config.DATA_DIR, 'uploads'), uploadPolicy: uploadPolicy(config), linkSecret: config.APPROVAL_LINK_SECRET, leaverRetention: config.LEAVER_RETENTION });
const server = createApiServer(apiOptionsFrom(config, services, log));

await new Promise<void>((resolve, reject) => {
  server.once('error', reject);
  server.listen(config.API_PORT, config.API_HOST, () => {
    server.off('error', reject);
    resolve();
  });
});
const { port } = server.address() as AddressInfo;
log.info({ namespace: config.TEMPORAL_NAMESPACE, temporal: config.TEMPORAL_ADDRESS }, `API listening on http://${config.API_HOST}:${port}/graphql`);

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
  await connection.close();
  await db.close();
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
