import { type Connection, isGrpcServiceError } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time.js';
import { parseArgs } from 'node:util';
import { loadConfigOrExit } from '../config/index.js';
import { connectClient } from '../config/temporal.js';
import { isMainModule } from './cache-dir.js';

// What a real Temporal cluster needs before Certiflow's workers connect, and the dev server gives for
// free: the namespace. (Certiflow uses no custom search attributes; its schedules are created by every
// worker at start, scripts/report-schedule.ts.) Idempotent; reads the same TEMPORAL_* settings as the
// worker and the API, so it reaches a self-hosted cluster (mTLS) or Temporal Cloud (API key) alike.
//
//   TEMPORAL_ADDRESS=… TEMPORAL_NAMESPACE=certiflow npm run temporal:namespace -- [--retention-days 30]

export const DEFAULT_RETENTION_DAYS = 30;

// gRPC status codes (grpc/grpc doc/statuscodes.md).
const NOT_FOUND = 5;
const ALREADY_EXISTS = 6;

export type NamespaceOutcome = 'exists' | 'registered';

/**
 * Registers `namespace` unless it exists. On Temporal Cloud namespaces are created in the Cloud console
 * or with tcld, and an API key may not register one: there this only confirms it is reachable.
 */
export async function ensureNamespace(connection: Connection, namespace: string, retentionDays = DEFAULT_RETENTION_DAYS): Promise<NamespaceOutcome> {
  try {
    await connection.workflowService.describeNamespace({ namespace });
    return 'exists';
  } catch (error) {
    if (!isGrpcServiceError(error) || error.code !== NOT_FOUND) throw error;
  }
  try {
    await connection.workflowService.registerNamespace({
      namespace,
      description: 'Certiflow certification journeys',
      // Closed runs (each certification cycle's finished history) are kept this long for audits and replay.
      workflowExecutionRetentionPeriod: msToTs(`${retentionDays} days`),
    });
  } catch (error) {
    // Another process registered it between our two calls.
    if (!isGrpcServiceError(error) || error.code !== ALREADY_EXISTS) throw error;
  }
  // A new namespace reaches every frontend host's cache within seconds; workers must not start before.
  for (let attempt = 0; attempt < 60; attempt++) {
    try {
      await connection.workflowService.describeNamespace({ namespace });
      return 'registered';
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  throw new Error(`Namespace ${namespace} was registered but is not served yet after 30 s`);
}

if (isMainModule(import.meta.url)) {
  const { values } = parseArgs({ options: { 'retention-days': { type: 'string' } } });
  const retention = Number(values['retention-days'] ?? DEFAULT_RETENTION_DAYS);
  if (!Number.isInteger(retention) || retention < 1) {
    console.error('--retention-days must be a whole number of days, at least 1');
    process.exit(2);
  }
  const config = loadConfigOrExit(process.env, { tool: true });
  const connection = await connectClient(config);
  try {
    const outcome = await ensureNamespace(connection, config.TEMPORAL_NAMESPACE, retention);
    console.log(`Namespace ${config.TEMPORAL_NAMESPACE} on ${config.TEMPORAL_ADDRESS}: ${outcome === 'exists' ? 'already there' : `registered (retention ${retention} days)`}.`);
  } catch (error) {
    console.error(`Namespace ${config.TEMPORAL_NAMESPACE} on ${config.TEMPORAL_ADDRESS}: ${(error as Error).message}`);
    process.exitCode = 1;
  } finally {
    await connection.close();
  }
}
