import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { ensureNamespace } from '../../scripts/temporal-namespace.js';
import {
  findOrBuildTemporalServer,
  postgresEndpoint,
  setupTemporalSchemas,
  temporalServerCommand,
  writeTemporalServerConfig,
} from '../../scripts/temporal-server.js';
import { freePort, managedChild, waitUntilReady } from './child-process.js';
import type { TemporalProcess } from './temporal-process.js';

// The Temporal server as a production cluster runs it (go.temporal.io/server on PostgreSQL, all four
// services in one process), set up with the project's own commands (scripts/temporal-server.ts,
// scripts/temporal-namespace.ts), as a child process a test can SIGKILL and start again.

export interface TemporalCluster extends TemporalProcess {
  /** The server's own Prometheus endpoint. */
  metricsUrl: string;
}

/** `postgresUrl`: any database URL on the PostgreSQL server to use; the server gets its own two databases there. */
export async function startTemporalCluster({ postgresUrl, namespace }: { postgresUrl: string; namespace: string }): Promise<TemporalCluster> {
  const binaries = await findOrBuildTemporalServer();
  const postgres = postgresEndpoint(postgresUrl);
  await setupTemporalSchemas(binaries, postgres);
  const root = mkdtempSync(path.join(os.tmpdir(), 'certiflow-temporal-cluster-'));
  const port = async () => freePort();
  const ports = {
    frontend: { grpc: await port(), membership: await membershipPort(), http: await port() },
    history: { grpc: await port(), membership: await membershipPort() },
    matching: { grpc: await port(), membership: await membershipPort() },
    worker: { grpc: await port(), membership: await membershipPort() },
    metrics: await port(),
  };
  writeTemporalServerConfig({ root, postgres, ports });
  const address = `127.0.0.1:${ports.frontend.grpc}`;
  const server = managedChild({
    name: 'Temporal server (PostgreSQL)',
    ...temporalServerCommand(binaries, root),
    // The frontend opens before the history service has its shards; a namespace call answers only then.
    ready: (child) => waitUntilReady(child, `serving on ${address}`, () => serves(address), 120_000),
  });
  await server.start();
  const connection = await Connection.connect({ address });
  try {
    await ensureNamespace(connection, namespace, 1);
  } finally {
    await connection.close();
  }
  return {
    address,
    namespace,
    server,
    metricsUrl: `http://127.0.0.1:${ports.metrics}/metrics`,
    cleanUp: () => rmSync(root, { recursive: true, force: true }),
  };
}

/**
 * The server stores membership ports in a smallint column, so they must be below 32768, where the
 * system's ephemeral ports (freePort) never are: probe random ports in 20000-32767 instead.
 */
async function membershipPort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const candidate = 20_000 + Math.floor(Math.random() * 12_768);
    const free = await new Promise<boolean>((resolve) => {
      const probe = net.createServer();
      probe.once('error', () => resolve(false));
      probe.listen(candidate, '127.0.0.1', () => probe.close(() => resolve(true)));
    });
    if (free) return candidate;
  }
  throw new Error('no free port below 32768 for the Temporal server\'s membership');
}

async function serves(address: string): Promise<boolean> {
  const connection = await Connection.connect({ address, connectTimeout: 1_000 });
  try {
    await connection.workflowService.getSystemInfo({});
    await connection.workflowService.describeNamespace({ namespace: 'temporal-system' });
    return true;
  } finally {
    await connection.close();
  }
}
