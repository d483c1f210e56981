import { execFile, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { freePort } from './child-process.js';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { findPostgresBinDir, POSTGRES_INSTALL_HINT } from '../../scripts/setup.js';

// A throwaway PostgreSQL server (or database) per caller. Tests that need PostgreSQL must fail when
// it is missing, never skip, so every problem here is thrown with what to do about it.

const run = promisify(execFile);

export interface TestPostgres {
  /** Connection URL of an empty database that belongs to this caller alone. */
  url: string;
  stop(): Promise<void>;
}

export async function startPostgres(): Promise<TestPostgres> {
  const external = process.env.TEST_DATABASE_URL;
  return external ? createDatabaseOn(external) : startLocalServer();
}

/** A PostgreSQL server of the caller's own that it can take down and bring back (outage tests). */
export interface TestPostgresCluster extends TestPostgres {
  /** `pg_ctl stop -m fast`: sessions are ended and new connections refused until `startServer`. */
  stopServer(): Promise<void>;
  /** Starts the stopped server again on the same port with the same data. */
  startServer(): Promise<void>;
}

/** Always a local throwaway server (TEST_DATABASE_URL is not ours to stop). */
export async function startPostgresCluster(): Promise<TestPostgresCluster> {
  const started = await startLocalServer();
  const server = started.server;
  return {
    ...started,
    stopServer: () => pgTool(server, 'pg_ctl', ['-D', server.dataDir, '-m', 'fast', '-w', 'stop']),
    startServer: () => pgTool(server, 'pg_ctl', ['-D', server.dataDir, '-l', path.join(server.baseDir, 'postgres.log'), '-o', server.options, '-w', '-t', '60', 'start']),
  };
}

async function createDatabaseOn(serverUrl: string): Promise<TestPostgres> {
  const name = `certiflow_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  await withClient(serverUrl, (client) => client.query(`CREATE DATABASE "${name}"`), 'TEST_DATABASE_URL');
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  let stopped = false;
  return {
    url: url.toString(),
    stop: async () => {
      if (stopped) return;
      stopped = true;
      // FORCE (PostgreSQL 13+) ends sessions a test forgot to close instead of failing the drop.
      await withClient(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`), 'TEST_DATABASE_URL');
    },
  };
}

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>, what: string): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(`Cannot connect to PostgreSQL at ${what} (${redact(url)}): ${(error as Error).message}`);
  }
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

function redact(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

interface LocalServer {
  binDir: string;
  dataDir: string;
  baseDir: string;
  asPostgres: boolean;
  /** Server options (port, socket directory) of the running server, to start it again the same way. */
  options: string;
}

async function startLocalServer(): Promise<TestPostgres & { server: LocalServer }> {
  const binDir = findPostgresBinDir();
  if (!binDir) {
    throw new Error(`PostgreSQL server binaries (initdb, pg_ctl) are not on PATH nor in /usr/lib/postgresql/*/bin. ${POSTGRES_INSTALL_HINT}`);
  }
  // postgres refuses to run as root, so as root the cluster belongs to the `postgres` user.
  const asPostgres = process.getuid?.() === 0;
  // Each caller gets its own directory (data, socket, log), so parallel test files never share one.
  const baseDir = mkdtempSync(path.join(os.tmpdir(), 'certiflow-pg-'));
  const server: LocalServer = { binDir, baseDir, dataDir: path.join(baseDir, 'data'), asPostgres, options: '' };
  try {
    if (asPostgres) {
      const { uid, gid } = postgresUser();
      chownSync(baseDir, uid, gid);
    }
    await pgTool(server, 'initdb', ['-D', server.dataDir, '--auth=trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C', '--no-sync']);
    const port = await startOnFreePort(server);
    const serverUrl = `postgresql://postgres@127.0.0.1:${port}/postgres`;
    await withClient(serverUrl, (client) => client.query('CREATE DATABASE certiflow_test'), 'the test server');
    return { url: `postgresql://postgres@127.0.0.1:${port}/certiflow_test`, stop: stopOnce(server), server };
  } catch (error) {
    await stopServer(server).catch(() => undefined);
    throw error;
  }
}

// Two test files can be handed the same free port between our probe and postgres binding it; the
// loser sees "could not bind" and simply tries another port.
async function startOnFreePort(server: LocalServer): Promise<number> {
  const socketDir = server.baseDir;
  const logFile = path.join(server.baseDir, 'postgres.log');
  let lastError: unknown;
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await freePort();
    const options = `-c listen_addresses=127.0.0.1 -k '${socketDir}' -p ${port} -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
    try {
      await pgTool(server, 'pg_ctl', ['-D', server.dataDir, '-l', logFile, '-o', options, '-w', '-t', '60', 'start']);
      server.options = options;
      exitHooks.add(server);
      return port;
    } catch (error) {
      lastError = error;
      const log = existsSync(logFile) ? readFileSync(logFile, 'utf8') : '';
      if (!/could not bind|address already in use/i.test(log)) break;
    }
  }
  const log = existsSync(logFile) ? readFileSync(logFile, 'utf8').trim().split('\n').slice(-20).join('\n') : '(no log)';
  throw new Error(`PostgreSQL did not start: ${(lastError as Error).message}\nServer log ${logFile}:\n${log}`);
}


function postgresUser(): { uid: number; gid: number } {
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    return { uid, gid };
  } catch {
    throw new Error(
      'Running as root, PostgreSQL must run as another user, but there is no `postgres` user. ' +
        'apt-get install -y postgresql creates it (or run the tests as a non-root user).',
    );
  }
}

function toolCommand(server: LocalServer, tool: string, args: string[]): [string, string[]] {
  const exe = path.join(server.binDir, tool);
  return server.asPostgres ? ['runuser', ['-u', 'postgres', '--', exe, ...args]] : [exe, args];
}

async function pgTool(server: LocalServer, tool: string, args: string[]): Promise<void> {
  const [command, argv] = toolCommand(server, tool, args);
  try {
    // cwd: runuser keeps ours, and postgres cannot read /root.
    await run(command, argv, { cwd: server.baseDir, maxBuffer: 8 * 1024 * 1024 });
  } catch (error) {
    const { stdout = '', stderr = '', message } = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${tool} failed: ${message.split('\n')[0]}\n${`${stdout}\n${stderr}`.trim()}`);
  }
}

function stopOnce(server: LocalServer): () => Promise<void> {
  let stopping: Promise<void> | undefined;
  return () => {
    stopping ??= stopServer(server);
    return stopping;
  };
}

async function stopServer(server: LocalServer): Promise<void> {
  try {
    if (existsSync(path.join(server.dataDir, 'postmaster.pid'))) {
      // immediate: the data is thrown away, so there is nothing to flush.
      await pgTool(server, 'pg_ctl', ['-D', server.dataDir, '-m', 'immediate', '-w', 'stop']);
    }
  } finally {
    exitHooks.delete(server);
    rmSync(server.baseDir, { recursive: true, force: true });
  }
}

// A test process that dies without calling stop() must not leave a postgres running behind it.
const exitHooks = new Set<LocalServer>();
process.once('exit', () => {
  for (const server of exitHooks) {
    const [command, argv] = toolCommand(server, 'pg_ctl', ['-D', server.dataDir, '-m', 'immediate', 'stop']);
    try {
      execFileSync(command, argv, { cwd: server.baseDir, stdio: 'ignore' });
    } catch {
      // Already gone: nothing left to stop.
    }
    rmSync(server.baseDir, { recursive: true, force: true });
  }
});
