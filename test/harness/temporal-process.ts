import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { findOrInstallTemporalCli } from '../../scripts/temporal-cli.js';
import { freePort, type ManagedChild, managedChild, waitUntilReady } from './child-process.js';

// The Temporal dev server as a child process we can SIGKILL and start again on the same port and the
// same SQLite file, as `npm run dev` runs it (scripts/dev.ts). createDevServerEnv cannot do this: the
// SDK owns that process and picks a new port each time.

export interface TemporalProcess {
  address: string;
  namespace: string;
  server: ManagedChild;
  /** Removes the state directory; call after stopping. */
  cleanUp(): void;
}

export async function startTemporalProcess(): Promise<TemporalProcess> {
  const cli = await findOrInstallTemporalCli();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'certiflow-temporal-'));
  const [port, httpPort, metricsPort] = [await freePort(), await freePort(), await freePort()];
  const address = `127.0.0.1:${port}`;
  const args = ['server', 'start-dev', '--db-filename', path.join(dir, 'temporal.db'), '--headless', '--ip', '127.0.0.1'];
  args.push('--port', String(port), '--http-port', String(httpPort), '--metrics-port', String(metricsPort), '--log-level', 'error');
  const server = managedChild({
    name: 'Temporal dev server',
    command: cli,
    args,
    ready: (child) => waitUntilReady(child, `answering on ${address}`, () => answers(address), 60_000),
  });
  await server.start();
  return { address, namespace: 'default', server, cleanUp: () => rmSync(dir, { recursive: true, force: true }) };
}

/** True once the frontend serves the default namespace (the port opens a moment before that). */
async function answers(address: string): Promise<boolean> {
  const connection = await Connection.connect({ address, connectTimeout: 1_000 });
  try {
    await connection.workflowService.describeNamespace({ namespace: 'default' });
    return true;
  } finally {
    await connection.close();
  }
}
