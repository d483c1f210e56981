import { DefaultLogger, Runtime } from '@temporalio/worker';
import { createActivities } from '../../activities/index.js';
import { loadConfig } from '../../config/index.js';
import { connectWorker } from '../../config/temporal.js';
import { createSmtpTransport } from '../../mail/transport.js';
import { openDatabase } from '../../prisma/client.js';
import { createJourneyWorker } from '../../worker/create-worker.js';

// The journey worker as its own process, set up as `npm run worker` sets it up (PostgreSQL by
// DATABASE_URL, the journey workflows bundled at start, the production cache size), so the RSS the
// parent reads is the worker's alone. It answers `sample` with its memory after a full garbage collection.
// Report schedules are left out: they would add workflows of their own.

export interface MemorySample {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
}

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc || !process.send) throw new Error('run me through fork() with --expose-gc');
const send = (message: unknown) => process.send!(message);

Runtime.install({ logger: new DefaultLogger('ERROR') });
const config = loadConfig();
const db = await openDatabase({ url: config.DATABASE_URL! });
const connection = await connectWorker(config);
const activities = createActivities({ prisma: db.prisma, transport: createSmtpTransport(config), config });
const worker = await createJourneyWorker({ connection, namespace: config.TEMPORAL_NAMESPACE, taskQueue: config.TEMPORAL_TASK_QUEUE, activities });
const running = worker.run();

const memory = (collect: boolean): MemorySample => {
  if (collect) {
    gc();
    gc();
  }
  const { rss, heapUsed, heapTotal, external } = process.memoryUsage();
  return { rss, heapUsed, heapTotal, external };
};

process.on('message', (message: { type: string; collect?: boolean }) => {
  if (message.type === 'sample') send({ type: 'sample', sample: memory(message.collect ?? true) });
  if (message.type === 'stop') worker.shutdown();
});
send({ type: 'ready' });
await running;
await connection.close();
await db.close();
process.exit(0);
