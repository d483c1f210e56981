import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import path from 'node:path';
import { Client } from '@temporalio/client';
import { ensureAllSchedules } from './report-schedule.js';
import { DefaultLogger, type LogLevel, Runtime } from '@temporalio/worker';
import { type Logger, pino } from 'pino';
import { prettyFactory } from 'pino-pretty';
import { createActivities } from '../activities/index.js';
import { loadConfigOrExit } from '../config/index.js';
import { connectClient, connectWorker } from '../config/temporal.js';
import { seedDemoData } from '../demo/seed.js';
import { createDemoHistory, hasDemoCompany } from './demo-company/history.js';
import { apiOptionsFrom } from '../http/options.js';
import { createApiServer } from '../http/app.js';
import { startInbox } from '../mail/inbox.js';
import { createSmtpTransport } from '../mail/transport.js';
import { type Database, openDatabase } from '../prisma/client.js';
import { createServices, uploadPolicy } from '../services/index.js';
import { createJourneyWorker } from '../worker/create-worker.js';
import { devBanner } from './dev/banner.js';
import {
  colorOutput,
  isPortOpen,
  killAll,
  prefixedWriter,
  spawnPrefixed,
  type Supervised,
  stopLeftover,
  stopProcess,
  waitForPort,
} from './dev/processes.js';
import { findOrInstallTemporalCli } from './temporal-cli.js';

// `npm run dev`: Temporal dev server, mail inbox, database, worker and API in one terminal. Everything
// lives under DATA_DIR, so a restart resumes the same journeys. Ctrl-C stops the parts in reverse order.

// The development supervisor is the one place (besides the tests) that turns on development defaults:
// published secrets, demo sign-in and GraphiQL, on a loopback address only (config/index.ts checks).
// Its worker and API children inherit it. DEV_MODE=false runs the same stack configured as production.
process.env.DEV_MODE ??= 'true';
// Approval links in emails must point at this API, wherever API_PORT puts it.
const first = loadConfigOrExit();
const wildcard = first.API_HOST === '0.0.0.0' || first.API_HOST === '::';
const apiHost = wildcard ? 'localhost' : first.API_HOST.includes(':') ? `[${first.API_HOST}]` : first.API_HOST;
const apiBase = `http://${apiHost}:${first.API_PORT}`;
process.env.PUBLIC_URL ??= apiBase;
const config = loadConfigOrExit();
const embedded = !config.DATABASE_URL;

const pretty = prettyFactory({ colorize: colorOutput, ignore: 'pid,hostname,name', translateTime: 'HH:MM:ss', singleLine: true });
function logger(name: string): Logger {
  const out = prefixedWriter(name);
  return pino({ name, level: config.LOG_LEVEL }, { write: (line: string) => out.write(pretty(line)) });
}
const log = logger('dev');

// What has started, with how to stop it; stopped last-first.
const running: { name: string; stop: () => Promise<unknown> }[] = [];
let stopRequested = false;
let stopping: Promise<void> | undefined;

class StartCancelled extends Error {}
function checkpoint(): void {
  if (stopRequested) throw new StartCancelled('start-up cancelled');
}

function stopEverything(): Promise<void> {
  stopRequested = true;
  stopping ??= (async () => {
    for (let part = running.pop(); part; part = running.pop()) {
      const started = Date.now();
      try {
        await part.stop();
        log.info(`stopped ${part.name} (${Date.now() - started} ms)`);
      } catch (error) {
        log.error({ err: error }, `stopping ${part.name} failed`);
      }
    }
  })();
  return stopping;
}

/** After start-up, a part that dies takes everything down: half an environment only confuses. */
async function fail(what: string, error: unknown): Promise<never> {
  // Our own errors say what to do; a stack trace would bury that. It is still there at debug level.
  log.error(`${what}: ${error instanceof Error ? error.message : String(error)}`);
  log.debug({ err: error }, what);
  await stopEverything();
  process.exit(1);
}

function watchChild(child: Supervised): void {
  child.exited.then((status) => {
    if (!stopRequested) void fail(`${child.name} stopped unexpectedly (exit ${status.code ?? status.signal})`, new Error(child.recentOutput()));
  });
}

async function assertPortFree(host: string, port: number, setting: string): Promise<void> {
  if (await isPortOpen(host, port)) {
    throw new Error(`${host}:${port} (${setting}) is already in use by another program (an earlier "npm run dev"?). Stop it or choose another ${setting}.`);
  }
}

/** Before starting anything, so a taken port costs no Temporal start and stop. */
async function checkPorts(): Promise<void> {
  await assertPortFree('127.0.0.1', config.SMTP_PORT, 'SMTP_PORT');
  await assertPortFree('127.0.0.1', config.INBOX_HTTP_PORT, 'INBOX_HTTP_PORT');
  await assertPortFree(config.API_HOST, config.API_PORT, 'API_PORT');
}

async function startTemporal(): Promise<string> {
  const [host = '', portText = ''] = config.TEMPORAL_ADDRESS.split(/:(?=\d+$)/);
  const port = Number(portText);
  if (!host || !Number.isInteger(port)) throw new Error(`TEMPORAL_ADDRESS must be host:port, got "${config.TEMPORAL_ADDRESS}"`);
  if (process.env.DEV_EXTERNAL_TEMPORAL === 'true') {
    if (!(await isPortOpen(host, port))) throw new Error(`DEV_EXTERNAL_TEMPORAL=true, but nothing accepts connections at ${config.TEMPORAL_ADDRESS}`);
    log.info(`using the Temporal server at ${config.TEMPORAL_ADDRESS} (DEV_EXTERNAL_TEMPORAL=true)`);
    return `external server at ${config.TEMPORAL_ADDRESS}`;
  }
  if (!['127.0.0.1', 'localhost', '::1'].includes(host)) {
    throw new Error(`TEMPORAL_ADDRESS ${config.TEMPORAL_ADDRESS} is not this machine; set DEV_EXTERNAL_TEMPORAL=true to use that server`);
  }
  mkdirSync(config.DATA_DIR, { recursive: true });
  const pidFile = path.join(config.DATA_DIR, 'temporal.pid');
  const leftover = await stopLeftover(pidFile, config.temporalDbFile, 10_000);
  if (leftover) log.warn(`stopped a Temporal dev server (pid ${leftover}) left running by an earlier "npm run dev" on ${config.DATA_DIR}`);
  if (await isPortOpen(host, port)) {
    throw new Error(
      `Port ${port} (TEMPORAL_ADDRESS) is already in use by another program, maybe a Temporal server left from an earlier run. ` +
        'Stop it, choose another TEMPORAL_ADDRESS, or set DEV_EXTERNAL_TEMPORAL=true to use that server.',
    );
  }
  await assertPortFree('127.0.0.1', config.TEMPORAL_UI_PORT, 'TEMPORAL_UI_PORT');
  const cli = await findOrInstallTemporalCli((message) => log.info(message));
  checkpoint();
  // State in a SQLite file under DATA_DIR: journeys survive a restart. --namespace creates it if missing.
  const args = ['server', 'start-dev', '--db-filename', config.temporalDbFile, '--ip', '127.0.0.1', '--port', String(port)];
  args.push('--ui-port', String(config.TEMPORAL_UI_PORT), '--namespace', config.TEMPORAL_NAMESPACE, '--log-level', 'warn');
  const started = Date.now();
  const temporal = spawnPrefixed('temporal', cli, args, { pidFile });
  running.push({
    name: 'Temporal server',
    stop: async () => {
      // Its internal workers log a warning each as the server goes away: noise once we asked it to stop.
      temporal.mute();
      const { killed } = await stopProcess(temporal, 10_000);
      if (killed) log.warn('the Temporal server did not stop within 10 s and was killed');
    },
  });
  await waitForPort('127.0.0.1', port, { timeoutMs: 60_000, what: 'The Temporal dev server', owner: temporal });
  watchChild(temporal);
  log.info(`Temporal dev server ready on 127.0.0.1:${port} in ${Date.now() - started} ms (state in ${config.temporalDbFile})`);
  return `http://127.0.0.1:${config.TEMPORAL_UI_PORT}`;
}

async function startMailInbox(): Promise<string> {
  const inboxLog = logger('inbox');
  const inbox = await startInbox({
    smtpPort: config.SMTP_PORT,
    httpPort: config.INBOX_HTTP_PORT,
    host: '127.0.0.1',
    dir: config.inboxDir,
    onError: (error) => inboxLog.warn({ err: error }, 'SMTP connection error'),
  });
  running.push({ name: 'mail inbox', stop: () => inbox.close() });
  inboxLog.info(`SMTP on 127.0.0.1:${inbox.smtpPort}, ${inbox.messages().length} messages kept in ${config.inboxDir}`);
  return `http://127.0.0.1:${inbox.httpPort}/`;
}

async function openDevDatabase(): Promise<Database> {
  const dbLog = logger('db');
  const db = await openDatabase(config.DATABASE_URL ? { url: config.DATABASE_URL } : { dataDir: config.pgliteDir });
  running.push({ name: 'database', stop: () => db.close() });
  const applied = await db.migrate();
  await ensureDemoCompany(db);
  await seedDemoData(db.prisma);
  const where = embedded ? `embedded PGlite in ${config.pgliteDir}` : 'PostgreSQL (DATABASE_URL)';
  dbLog.info(`${where}: ${applied.length ? `applied ${applied.join(', ')}` : 'migrations up to date'}; demo data present`);
  return db;
}

/**
 * The SDK's runtime, once per process, before any worker (the demo history's included): its log lines go
 * to the worker's prefixed log, and our own signal handling decides the order of a stop (the SDK's would
 * start draining the worker at once).
 */
function installWorkerRuntime(): void {
  const workerLog = logger('worker');
  Runtime.install({
    shutdownSignals: [],
    logger: new DefaultLogger('INFO', ({ level, message, meta }) => {
      // The bundler's 20-line webpack report says nothing a developer acts on.
      const method = message.startsWith('asset workflow-bundle') ? 'debug' : (level.toLowerCase() as Lowercase<LogLevel>);
      workerLog[method](meta ?? {}, message);
    }),
  });
}

/**
 * On a new database, the demo company: a few hundred people imported from an HR export and a year of
 * their journeys, made by the real workflows under a time-skipping server (scripts/demo-company/). Once;
 * DEMO_COMPANY=false leaves it out (only the small cast of demo/people.ts then).
 */
async function ensureDemoCompany(db: Database): Promise<void> {
  if (process.env.DEMO_COMPANY === 'false' || (await hasDemoCompany(db.prisma))) return;
  const demoLog = logger('demo');
  demoLog.info('first start on this database: making the demo company and its year of history (a few minutes, once; DEMO_COMPANY=false skips it)');
  const connection = await connectClient(config);
  try {
    const client = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
    const summary = await createDemoHistory({ prisma: db.prisma, config, handOver: { client, taskQueue: config.TEMPORAL_TASK_QUEUE }, log: (message) => demoLog.info(message) });
    const stages = Object.entries(summary.byStage).map(([stage, count]) => `${stage} ${count}`).join(', ');
    demoLog.info(`demo company ready in ${summary.seconds} s: ${summary.people} people, ${summary.journeys} journeys (${stages}), ${summary.handedOver} credential holders carried on here`);
  } catch (error) {
    throw new Error(`making the demo company failed, so this database holds part of it: delete ${config.DATA_DIR} to start again, or set DEMO_COMPANY=false. ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    await connection.close();
  }
}

function listen(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.API_PORT, config.API_HOST, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function closeServer(server: Server): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  // An open GraphiQL tab keeps a connection alive; it must not hold the shutdown.
  server.closeAllConnections();
  return closed;
}

/** One process owns the PGlite directory, so the worker and the API run here, side by side. */
async function startInProcess(db: Database): Promise<void> {
  const workerLog = logger('worker');
  const apiLog = logger('api');
  const nativeConnection = await connectWorker(config);
  running.push({ name: 'worker connection', stop: () => nativeConnection.close() });
  const transport = createSmtpTransport(config);
  running.push({ name: 'mail transport', stop: async () => transport.close() });
  const activities = createActivities({ prisma: db.prisma, transport, config });
  const worker = await createJourneyWorker({ connection: nativeConnection, namespace: config.TEMPORAL_NAMESPACE, taskQueue: config.TEMPORAL_TASK_QUEUE, activities });
  const run = worker.run();
  running.push({
    name: 'worker',
    stop: async () => {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await run;
    },
  });
  run.catch((error: unknown) => (stopRequested ? workerLog.error({ err: error }, 'worker failed while stopping') : fail('worker failed', error)));
  checkpoint();

  const connection = await connectClient(config);
  running.push({ name: 'Temporal client', stop: () => connection.close() });
  const client = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
  const services = createServices({ prisma: db.prisma, client, taskQueue: config.TEMPORAL_TASK_QUEUE, uploadsDir: path.join(config.DATA_DIR, 'uploads'), uploadPolicy: uploadPolicy(config), linkSecret: config.APPROVAL_LINK_SECRET, leaverRetention: config.LEAVER_RETENTION, readAuditRetention: config.READ_AUDIT_RETENTION });
  await ensureAllSchedules(client, config, db.prisma);
  const server = createApiServer(apiOptionsFrom(config, services, apiLog));
  await listen(server);
  running.push({ name: 'API server', stop: () => closeServer(server) });
  apiLog.info(`listening on ${apiBase}`);
}

/** With PostgreSQL the worker and API are ordinary processes, exactly as they run in production. */
async function startChildren(): Promise<void> {
  const npm = process.env.npm_execpath ? [process.execPath, process.env.npm_execpath] : ['npm'];
  const spawnScript = (name: string) => spawnPrefixed(name, npm[0]!, [...npm.slice(1), 'run', '--silent', name]);
  const connection = await connectClient(config);
  running.push({ name: 'Temporal client', stop: () => connection.close() });
  const client = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
  const pollersBefore = new Set(await workflowPollers(client));

  const worker = spawnScript('worker');
  running.push({ name: 'worker process', stop: () => stopProcess(worker, 20_000) });
  const api = spawnScript('api');
  running.push({ name: 'API process', stop: () => stopProcess(api, 10_000) });
  await waitForPort(config.API_HOST, config.API_PORT, { timeoutMs: 90_000, what: '"npm run api"', owner: api });
  watchChild(api);
  // Bundling the workflows takes a few seconds; the banner waits until the worker really polls.
  const deadline = Date.now() + 120_000;
  while (!(await workflowPollers(client)).some((identity) => !pollersBefore.has(identity))) {
    checkpoint();
    if (worker.child.exitCode !== null || worker.child.signalCode !== null) throw new Error(`"npm run worker" stopped:\n${worker.recentOutput()}`);
    if (Date.now() > deadline) throw new Error(`"npm run worker" did not poll ${config.TEMPORAL_TASK_QUEUE} within 120 s`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  watchChild(worker);
}

async function workflowPollers(client: Client): Promise<string[]> {
  const { pollers } = await client.workflowService.describeTaskQueue({
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: { name: config.TEMPORAL_TASK_QUEUE },
    taskQueueType: 1, // TASK_QUEUE_TYPE_WORKFLOW
  });
  return pollers.map((poller) => poller.identity ?? '');
}

async function stopAndExit(): Promise<never> {
  const started = Date.now();
  await stopEverything();
  log.info(`stopped in ${Date.now() - started} ms`);
  process.exit(0);
}

let startingUp = true;
let firstSignalAt: number | undefined;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (firstSignalAt !== undefined) {
      // Under `npm run`, tsx relays the terminal's Ctrl-C a second time if we were slow to acknowledge
      // it (seen 33 ms later): that copy is not the user asking to force.
      if (Date.now() - firstSignalAt < 1_000) return;
      log.warn('second signal: forcing exit');
      killAll();
      process.exit(130);
    }
    firstSignalAt = Date.now();
    // During start-up the step under way finishes first: pulling Temporal away from a worker that is
    // still connecting only turns a clean stop into a confusing error.
    stopRequested = true;
    log.info(`${signal}: stopping${startingUp ? ' after the current start-up step' : ''} (again to force)`);
    if (!startingUp) void stopAndExit();
  });
}

try {
  const started = Date.now();
  await checkPorts();
  installWorkerRuntime();
  const temporalUi = await startTemporal();
  checkpoint();
  const inboxUrl = await startMailInbox();
  checkpoint();
  const db = await openDevDatabase();
  checkpoint();
  if (embedded) await startInProcess(db);
  else await startChildren();
  checkpoint();
  startingUp = false;
  log.info(`everything started in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const banner = await devBanner({ jwtSecret: config.AUTH_JWT_SECRET, embedded, dataDir: config.DATA_DIR, apiBase, temporalUi, inboxUrl });
  process.stdout.write(banner);
} catch (error) {
  startingUp = false;
  if (error instanceof StartCancelled) await stopAndExit();
  await fail('start-up failed', error);
}
