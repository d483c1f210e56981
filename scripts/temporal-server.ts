import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import { stringify } from 'yaml';
import {
  certiflowCacheDir,
  findOnPath,
  isExecutableFile,
  isMainModule,
  lastLines,
  logToStderr,
  runCollectingOutput,
} from './cache-dir.js';

// A Temporal server the way a production cluster runs it: the server built from go.temporal.io/server
// with PostgreSQL for persistence and visibility, instead of the dev server's SQLite. The production
// topology test and docs/deployment.md use it; a company may run it this way on its own machines
// (or use the Helm chart / Temporal Cloud, which need only `npm run temporal:namespace`).
//
//   npm run temporal:server -- setup --root <dir> --database-url postgresql://user:password@host:5432
//   npm run temporal:server -- start --root <dir>

export const TEMPORAL_SERVER_MODULE = 'go.temporal.io/server';
// The server inside Temporal CLI v1.5.1 (scripts/temporal-cli.ts), so one module cache serves both.
export const TEMPORAL_SERVER_VERSION = 'v1.29.1';
const SQL_PLUGIN = 'postgres12';

export interface TemporalServerBinaries {
  server: string;
  sqlTool: string;
  /** `schema/postgresql/v12` of the same version: versioned SQL for the two databases. */
  schemaDir: string;
}

const HOW_TO_GET_IT = [
  'Ways to get the Temporal server on this machine:',
  `  - install Go and run this again: it builds "go install ${TEMPORAL_SERVER_MODULE}/cmd/server@${TEMPORAL_SERVER_VERSION}"`,
  '    and the SQL schema tool (cmd/tools/sql) into the cache, about 10 minutes the first time;',
  '  - or set TEMPORAL_SERVER_PATH, TEMPORAL_SQL_TOOL_PATH and TEMPORAL_SCHEMA_DIR (the release\'s schema/postgresql/v12)',
  '    to binaries and schemas of the same version from a release archive.',
].join('\n');

export function cachedTemporalServerDir(): string {
  return path.join(certiflowCacheDir(), `temporal-server-${TEMPORAL_SERVER_VERSION}`);
}

/** The server, its SQL schema tool and their schema files, building them once with Go if needed. */
export async function findOrBuildTemporalServer(log: (msg: string) => void = logToStderr): Promise<TemporalServerBinaries> {
  const { TEMPORAL_SERVER_PATH: server, TEMPORAL_SQL_TOOL_PATH: sqlTool, TEMPORAL_SCHEMA_DIR: schemaDir } = process.env;
  if (server || sqlTool || schemaDir) {
    // Explicit settings that are incomplete or wrong must stop us, not fall through to another build.
    if (!server || !sqlTool || !schemaDir) throw new Error(`Set all three of TEMPORAL_SERVER_PATH, TEMPORAL_SQL_TOOL_PATH and TEMPORAL_SCHEMA_DIR, or none.\n${HOW_TO_GET_IT}`);
    for (const [name, file] of [['TEMPORAL_SERVER_PATH', server], ['TEMPORAL_SQL_TOOL_PATH', sqlTool]] as const) {
      if (!isExecutableFile(file)) throw new Error(`${name} is set to "${file}", which is not an executable file.`);
    }
    return { server, sqlTool, schemaDir };
  }

  const go = findOnPath('go');
  const binDir = cachedTemporalServerDir();
  const cached = { server: path.join(binDir, 'server'), sqlTool: path.join(binDir, 'sql') };
  if (!go) {
    throw new Error(`The Temporal server is built with Go, which is not installed.\n${HOW_TO_GET_IT}`);
  }
  if (!isExecutableFile(cached.server) || !isExecutableFile(cached.sqlTool)) {
    mkdirSync(binDir, { recursive: true });
    log(`Building the Temporal server ${TEMPORAL_SERVER_VERSION} and its SQL tool with "go install" into ${binDir}; the first build takes about 10 minutes.`);
    const started = Date.now();
    const packages = [`${TEMPORAL_SERVER_MODULE}/cmd/server@${TEMPORAL_SERVER_VERSION}`, `${TEMPORAL_SERVER_MODULE}/cmd/tools/sql@${TEMPORAL_SERVER_VERSION}`];
    const result = await runCollectingOutput(go, ['install', ...packages], { ...process.env, GOBIN: binDir });
    if (result.code !== 0 || !isExecutableFile(cached.server) || !isExecutableFile(cached.sqlTool)) {
      log(result.output);
      throw new Error(`Building the Temporal server failed: "go install ${packages.join(' ')}" exited with ${result.code}.\nLast lines of its output:\n${lastLines(result.output, 30)}\n${HOW_TO_GET_IT}`);
    }
    log(`Built the Temporal server in ${Math.round((Date.now() - started) / 1000)} s.`);
  }
  return { ...cached, schemaDir: path.join(await moduleSourceDir(go), 'schema', 'postgresql', 'v12') };
}

/** Where Go keeps the server module's source (downloaded by the build): it carries the schema files. */
async function moduleSourceDir(go: string): Promise<string> {
  const result = await runCollectingOutput(go, ['mod', 'download', '-json', `${TEMPORAL_SERVER_MODULE}@${TEMPORAL_SERVER_VERSION}`]);
  const dir = result.code === 0 ? (JSON.parse(result.output) as { Dir?: string }).Dir : undefined;
  if (!dir) throw new Error(`"go mod download ${TEMPORAL_SERVER_MODULE}@${TEMPORAL_SERVER_VERSION}" did not give the module's directory:\n${lastLines(result.output, 10)}`);
  return dir;
}

export interface PostgresEndpoint {
  host: string;
  port: number;
  user: string;
  password?: string;
}

export const TEMPORAL_DATABASES = { temporal: 'temporal', visibility: 'temporal_visibility' } as const;

/** A `postgresql://user:password@host:port` URL as the parts the server's configuration takes. */
export function postgresEndpoint(url: string): PostgresEndpoint {
  const parsed = new URL(url);
  if (!/^postgres(ql)?:$/.test(parsed.protocol)) throw new Error(`--database-url must be a postgresql:// URL, not ${parsed.protocol}`);
  return {
    host: parsed.hostname,
    port: Number(parsed.port || 5432),
    user: decodeURIComponent(parsed.username || 'postgres'),
    ...(parsed.password ? { password: decodeURIComponent(parsed.password) } : {}),
  };
}

/**
 * Creates both databases if needed and brings their schemas to the version's newest. Safe to run
 * again, and what an upgrade of the server runs before the new version starts.
 */
export async function setupTemporalSchemas(binaries: TemporalServerBinaries, postgres: PostgresEndpoint): Promise<void> {
  // The password goes through the environment (SQL_PASSWORD), never onto a command line others can read.
  const env = { ...process.env, ...(postgres.password ? { SQL_PASSWORD: postgres.password } : {}) };
  const sql = async (database: string, ...args: string[]) => {
    const argv = ['--plugin', SQL_PLUGIN, '--ep', postgres.host, '-p', String(postgres.port), '-u', postgres.user, '--db', database, ...args];
    const result = await runCollectingOutput(binaries.sqlTool, argv, env);
    if (result.code !== 0) throw new Error(`temporal sql tool ${args[0]} on ${database} failed (exit ${result.code}):\n${lastLines(result.output, 15)}`);
    return result.output;
  };
  for (const [kind, database] of Object.entries(TEMPORAL_DATABASES)) {
    await sql(database, 'create-database').catch((error: Error) => {
      if (!/already exists/i.test(error.message)) throw error;
    });
    // setup-schema -v 0.0 creates the version table only when missing; update-schema applies what is new.
    await sql(database, 'setup-schema', '-v', '0.0');
    await sql(database, 'update-schema', '-d', path.join(binaries.schemaDir, kind, 'versioned'));
  }
}

/** Each service's gRPC port and membership (ringpop) port; the frontend's HTTP API; the server's Prometheus metrics. */
export interface TemporalServerPorts {
  frontend: { grpc: number; membership: number; http: number };
  history: { grpc: number; membership: number };
  matching: { grpc: number; membership: number };
  worker: { grpc: number; membership: number };
  metrics: number;
}

/** Temporal's own defaults: what clients and docs assume (frontend 7233). */
export const DEFAULT_SERVER_PORTS: TemporalServerPorts = {
  frontend: { grpc: 7233, membership: 6933, http: 7243 },
  history: { grpc: 7234, membership: 6934 },
  matching: { grpc: 7235, membership: 6935 },
  worker: { grpc: 7239, membership: 6939 },
  metrics: 8000,
};

export interface TemporalServerConfigOptions {
  root: string;
  postgres: PostgresEndpoint;
  ports?: TemporalServerPorts;
  /** Fixed when the cluster is first used: history shards spread load over history hosts. */
  numHistoryShards?: number;
  bindAddress?: string;
}

/** The configuration environment `writeTemporalServerConfig` writes, for `server --env`. */
export const SERVER_CONFIG_ENV = 'certiflow';

/** Writes `<root>/config/certiflow.yaml` and its dynamic configuration (mode 0600: it holds the database password). */
export function writeTemporalServerConfig(options: TemporalServerConfigOptions): void {
  const { root, postgres, ports = DEFAULT_SERVER_PORTS, numHistoryShards = 4, bindAddress = '127.0.0.1' } = options;
  const configDir = path.join(root, 'config');
  const dynamicConfigFile = path.join(configDir, 'dynamicconfig', `${SERVER_CONFIG_ENV}.yaml`);
  mkdirSync(path.dirname(dynamicConfigFile), { recursive: true });
  const datastore = (databaseName: string, maxConns: number) => ({
    sql: {
      pluginName: SQL_PLUGIN,
      databaseName,
      connectAddr: `${postgres.host}:${postgres.port}`,
      connectProtocol: 'tcp',
      user: postgres.user,
      ...(postgres.password ? { password: postgres.password } : {}),
      maxConns,
      maxIdleConns: maxConns,
      maxConnLifetime: '1h',
    },
  });
  const service = ({ grpc, membership }: { grpc: number; membership: number }, extra: Record<string, unknown> = {}) => ({
    rpc: { grpcPort: grpc, membershipPort: membership, bindOnIP: bindAddress, ...extra },
  });
  const config = {
    log: { stdout: true, level: 'warn' },
    persistence: {
      defaultStore: 'postgres-default',
      visibilityStore: 'postgres-visibility',
      numHistoryShards,
      datastores: {
        'postgres-default': datastore(TEMPORAL_DATABASES.temporal, 20),
        'postgres-visibility': datastore(TEMPORAL_DATABASES.visibility, 4),
      },
    },
    global: {
      membership: { maxJoinDuration: '30s', broadcastAddress: bindAddress },
      // 0 turns pprof off: a debugging port has no place on a production host.
      pprof: { port: 0 },
      metrics: { prometheus: { framework: 'tally', timerType: 'histogram', listenAddress: `${bindAddress}:${ports.metrics}` } },
    },
    services: {
      frontend: service(ports.frontend, { httpPort: ports.frontend.http }),
      history: service(ports.history),
      matching: service(ports.matching),
      worker: service(ports.worker),
    },
    clusterMetadata: {
      enableGlobalNamespace: false,
      failoverVersionIncrement: 10,
      masterClusterName: 'active',
      currentClusterName: 'active',
      clusterInformation: { active: { enabled: true, initialFailoverVersion: 1, rpcName: 'frontend', rpcAddress: `${bindAddress}:${ports.frontend.grpc}` } },
    },
    dcRedirectionPolicy: { policy: 'noop' },
    // An absolute path: the server resolves this one against its working directory, not --root.
    dynamicConfigClient: { filepath: dynamicConfigFile, pollInterval: '10s' },
  };
  const dynamicConfig = {
    // Journey ids carry the program and the person (journey:<program>:<person>): keep room for long ones.
    'limit.maxIDLength': [{ value: 255, constraints: {} }],
  };
  writeFileSync(path.join(configDir, `${SERVER_CONFIG_ENV}.yaml`), stringify(config), { mode: 0o600 });
  writeFileSync(dynamicConfigFile, stringify(dynamicConfig), { mode: 0o600 });
}

/** How to start the server on a root prepared by `writeTemporalServerConfig` (all four services in one process). */
export function temporalServerCommand(binaries: Pick<TemporalServerBinaries, 'server'>, root: string): { command: string; args: string[]; cwd: string } {
  // --allow-no-auth: this configuration has no authorizer; in production, put the frontend behind mTLS
  // (global.tls) or a network only the worker and API reach (docs/deployment.md).
  return { command: binaries.server, args: ['--root', root, '--config', 'config', '--env', SERVER_CONFIG_ENV, '--allow-no-auth', 'start'], cwd: root };
}

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { root: { type: 'string' }, 'database-url': { type: 'string' }, shards: { type: 'string' } },
  });
  const [command] = positionals;
  if ((command !== 'setup' && command !== 'start') || !values.root || (command === 'setup' && !values['database-url'])) {
    console.error('usage: temporal-server setup --root <dir> --database-url postgresql://user:password@host:port [--shards N]\n       temporal-server start --root <dir>');
    return 2;
  }
  const root = path.resolve(values.root);
  const binaries = await findOrBuildTemporalServer();
  if (command === 'setup') {
    const postgres = postgresEndpoint(values['database-url']!);
    await setupTemporalSchemas(binaries, postgres);
    writeTemporalServerConfig({ root, postgres, ...(values.shards ? { numHistoryShards: Number(values.shards) } : {}) });
    console.log(`Schemas ready on ${postgres.host}:${postgres.port}; configuration in ${path.join(root, 'config')}.`);
    console.log('Next: npm run temporal:server -- start --root <dir>, then npm run temporal:namespace.');
    return 0;
  }
  const { command: server, args, cwd } = temporalServerCommand(binaries, root);
  const child = spawn(server, args, { cwd, stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
  return new Promise((resolve) => child.on('close', (code) => resolve(code ?? 1)));
}

if (isMainModule(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exitCode = 1;
    },
  );
}
