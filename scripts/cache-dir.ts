import { spawn } from 'node:child_process';
import { accessSync, constants, realpathSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// Small helpers shared by the toolchain scripts (temporal-cli, test-server, setup) and the test harness.

// Tools we build (Temporal CLI, test server wrapper) live outside the clone, so a fresh CI clone on
// the same machine reuses them instead of rebuilding for minutes.
export function certiflowCacheDir(): string {
  if (process.env.CERTIFLOW_CACHE_DIR) return path.resolve(process.env.CERTIFLOW_CACHE_DIR);
  const xdg = process.env.XDG_CACHE_HOME;
  // The XDG spec says a relative XDG_CACHE_HOME is invalid and must be ignored.
  if (xdg && path.isAbsolute(xdg)) return path.join(xdg, 'certiflow');
  return path.join(os.homedir(), '.cache', 'certiflow');
}

export function isExecutableFile(file: string): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The first executable called `name` on PATH, like `command -v`, without spawning a shell. */
export function findOnPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    if (isExecutableFile(candidate)) return candidate;
  }
  return undefined;
}

/** Progress goes to stderr so a script's stdout stays machine-readable (e.g. just a path). */
export function logToStderr(msg: string): void {
  process.stderr.write(`${msg}\n`);
}

/** True when the module at `moduleUrl` is the script node/tsx was started with. */
export function isMainModule(moduleUrl: string): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return realpathSync(entry) === realpathSync(fileURLToPath(moduleUrl));
  } catch {
    return false;
  }
}

export interface CommandResult {
  code: number | null;
  output: string;
}

// spawn rather than execFile: a cold build can print more than execFile's buffer limit and must
// not be killed for it.
export function runCollectingOutput(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const output = Buffer.concat(chunks).toString('utf8');
      resolve({ code, output: signal ? `${output}\n(killed by ${signal})` : output });
    });
  });
}

export function lastLines(text: string, count: number): string {
  return text.trimEnd().split('\n').slice(-count).join('\n');
}
