import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

// The `certiflow` CLI as CI runs it: a child process through scripts/certiflow.mjs, from the repository
// root, judged by exit code and output.

export const root = fileURLToPath(new URL('../../', import.meta.url));

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `dataDir` is where it looks for an embedded database unless `env` says otherwise. */
export function runCli(args: string[], dataDir: string, env: Record<string, string> = {}): Promise<Run> {
  // The caller's own settings must not leak in: each test says which database and API it means.
  const { DATABASE_URL: _u, CERTIFLOW_API_URL: _a, CERTIFLOW_TOKEN: _t, ...inherited } = process.env;
  const child = spawn(process.execPath, ['scripts/certiflow.mjs', ...args], { cwd: root, env: { ...inherited, DATA_DIR: dataDir, ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
