import { spawn } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { seedDemoData } from '../../demo/seed.js';
import { createApiServer } from '../../http/app.js';
import { type Database, openDatabase } from '../../prisma/client.js';
import { createServices } from '../../services/index.js';

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
  return runNode(['scripts/certiflow.mjs', ...args], { ...inherited, DATA_DIR: dataDir, ...env });
}

/** `node <args>` from the repository root with exactly `env`, its output collected. */
export function runNode(args: string[], env: NodeJS.ProcessEnv): Promise<Run> {
  const child = spawn(process.execPath, args, { cwd: root, env });
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

export interface CliApi {
  db: Database;
  apiUrl: string;
  close(): Promise<void>;
}

/**
 * The API the CLI's publishing commands talk to, over a freshly seeded embedded database. No journey is
 * in flight there, so nothing calls Temporal and the services get no client.
 */
export async function startCliApi(secret: string, asOf: string): Promise<CliApi> {
  const db = await openDatabase({});
  await db.migrate();
  await seedDemoData(db.prisma, asOf);
  const services = createServices({ prisma: db.prisma, client: undefined as never, taskQueue: 'unused' });
  const server = createApiServer({ services, jwtSecret: secret, production: true });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    db,
    apiUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await db.close();
    },
  };
}
