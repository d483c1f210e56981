import { existsSync, readdirSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { type CommandResult, findOnPath, isExecutableFile, isMainModule, lastLines, logToStderr, runCollectingOutput } from './cache-dir.js';
import { findOrInstallTemporalCli } from './temporal-cli.js';
import { findOrBuildTemporalServer } from './temporal-server.js';
import { findOrInstallTestServer } from './test-server.js';

// Everything Certiflow needs outside node_modules. It runs before every test run (vitest globalSetup),
// so when all is present it only looks at files and spawns nothing.

export interface Toolchain {
  temporalCli: string;
  /** Only for tests: the wrapper that starts Temporal's time-skipping test server. */
  testServer?: string;
  /** Only for tests: the Temporal server built from go.temporal.io/server (the production topology test). */
  temporalServer?: string;
  java?: string;
  /** Directory with initdb/pg_ctl; absent when tests use TEST_DATABASE_URL instead. */
  postgresBinDir?: string;
  /** Only for tests: the browser the portal's browser tests drive (playwright-core). */
  chromium?: string;
}

export interface ToolchainOptions {
  /** Tests also need Java, the time-skipping test server, a PostgreSQL server and Chromium; `npm run dev` does not. */
  forTests: boolean;
  log?: (msg: string) => void;
}

export async function ensureToolchain({ forTests, log = logToStderr }: ToolchainOptions): Promise<Toolchain> {
  const temporalCli = await findOrInstallTemporalCli(log);
  if (!forTests) return { temporalCli };

  const java = findOnPath('java');
  if (!java) {
    throw new Error(
      "Java 17+ is needed for Temporal's time-skipping test server and `java` is not on PATH. " +
        'Install it: apt-get install -y openjdk-17-jre-headless maven',
    );
  }
  const testServer = await findOrInstallTestServer(log);
  const temporalServer = (await findOrBuildTemporalServer(log)).server;
  const postgresBinDir = process.env.TEST_DATABASE_URL ? undefined : await ensurePostgresServer(log);
  const chromium = await ensureChromium(log);
  return { temporalCli, testServer, temporalServer, java, postgresBinDir, chromium };
}

export const POSTGRES_INSTALL_HINT =
  'Install the PostgreSQL server: apt-get install -y postgresql (or run "npm run setup" as root), ' +
  'or set TEST_DATABASE_URL to a server where this user may create databases.';

/** Directory holding initdb, pg_ctl and postgres: PATH first, then the newest Debian install. */
export function findPostgresBinDir(): string | undefined {
  const onPath = findOnPath('initdb');
  if (onPath) {
    // /usr/local/bin/initdb may be a symlink; pg_ctl must come from the same installation.
    const dir = path.dirname(realpathSync(onPath));
    if (isExecutableFile(path.join(dir, 'pg_ctl'))) return dir;
  }
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((name) => /^\d+(\.\d+)?$/.test(name))
    .sort((a, b) => Number(b) - Number(a));
  for (const version of versions) {
    const dir = path.join(root, version, 'bin');
    if (isExecutableFile(path.join(dir, 'initdb')) && isExecutableFile(path.join(dir, 'pg_ctl'))) return dir;
  }
  return undefined;
}

async function ensurePostgresServer(log: (msg: string) => void): Promise<string> {
  const found = findPostgresBinDir();
  if (found) return found;
  const result = await aptGetInstall('postgresql', log);
  const installed = findPostgresBinDir();
  if (result?.code !== 0 || !installed) throw notInstalled('PostgreSQL server binaries (initdb, pg_ctl) were not found', result, POSTGRES_INSTALL_HINT);
  return installed;
}

export const CHROMIUM_INSTALL_HINT =
  'Install Chromium: apt-get install -y chromium (or run "npm run setup" as root), ' +
  'or set CHROMIUM_PATH to a Chromium or Chrome executable.';

/** The browser for the portal's browser tests: CHROMIUM_PATH when set, else Debian's chromium. */
export function findChromium(): string | undefined {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) return isExecutableFile(fromEnv) ? fromEnv : undefined;
  return isExecutableFile('/usr/bin/chromium') ? '/usr/bin/chromium' : findOnPath('chromium');
}

async function ensureChromium(log: (msg: string) => void): Promise<string> {
  const found = findChromium();
  if (found) return found;
  // A CHROMIUM_PATH that points nowhere is a mistake to report, not a reason to install another browser.
  if (process.env.CHROMIUM_PATH) throw new Error(`CHROMIUM_PATH is set to "${process.env.CHROMIUM_PATH}", which is not an executable file.`);
  const result = await aptGetInstall('chromium', log);
  const installed = findChromium();
  if (result?.code !== 0 || !installed) throw notInstalled('Chromium was not found', result, CHROMIUM_INSTALL_HINT);
  return installed;
}

/** `apt-get install -y <pkg>` when we are root on a Debian-like system; null when we cannot. */
async function aptGetInstall(pkg: string, log: (msg: string) => void): Promise<CommandResult | null> {
  const aptGet = findOnPath('apt-get');
  if (process.getuid?.() !== 0 || !aptGet) return null;
  log(`${pkg} not found; installing it with "apt-get install -y ${pkg}" ...`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  let result = await runCollectingOutput(aptGet, ['install', '-y', pkg], env);
  if (result.code !== 0) {
    // A fresh machine may have empty package lists; refresh them once and retry.
    log('apt-get install failed; running "apt-get update" and trying again ...');
    await runCollectingOutput(aptGet, ['update'], env);
    result = await runCollectingOutput(aptGet, ['install', '-y', pkg], env);
  }
  return result;
}

function notInstalled(problem: string, result: CommandResult | null, hint: string): Error {
  const output = result ? ` and "apt-get install" did not provide it (exit ${result.code}). Output:\n${lastLines(result.output, 30)}\n` : '. ';
  return new Error(`${problem}${output}${hint}`);
}

export function describeToolchain(toolchain: Toolchain): string {
  const postgres = toolchain.postgresBinDir
    ? path.join(toolchain.postgresBinDir, 'postgres')
    : 'not needed (TEST_DATABASE_URL is set)';
  return [
    `Temporal CLI:          ${toolchain.temporalCli}`,
    `Temporal test server:  ${toolchain.testServer ?? 'not needed'}`,
    `Temporal server:       ${toolchain.temporalServer ?? 'not needed'}`,
    `Java:                  ${toolchain.java ?? 'not needed'}`,
    `PostgreSQL server:     ${postgres}`,
    `Chromium:              ${toolchain.chromium ?? 'not needed'}`,
  ].join('\n');
}

if (isMainModule(import.meta.url)) {
  const started = Date.now();
  ensureToolchain({ forTests: true }).then(
    (toolchain) => {
      console.log(describeToolchain(toolchain));
      console.log(`Toolchain ready in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
    },
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exitCode = 1;
    },
  );
}
