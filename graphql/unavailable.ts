import type { GraphQLError } from 'graphql';
import { ErrorCode } from '../domain/errors.js';
import { typedError } from './hardening.js';

// A backing service that cannot be reached (the database restarting, the Temporal server gone for a
// moment) is not a bug to hide behind "Unexpected error": the caller gets a coded answer, HTTP 503 and
// a Retry-After, and knows that asking again shortly is the fix.

export type UnavailableService = 'database' | 'workflow';

/** Seconds a caller is asked to wait before retrying. */
export const RETRY_AFTER_SECONDS = 5;

// Prisma: cannot reach, timed out, connection closed, pool timeout.
const PRISMA_UNREACHABLE = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024']);
const ADAPTER_UNREACHABLE = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections', 'TlsConnectionError']);
// PostgreSQL: class 08 (connection exception); admin, crash and start-up shutdowns; too many connections.
const POSTGRES_UNAVAILABLE = /^(08...|57P0[1-3]|53300)$/;
// gRPC: UNAVAILABLE and DEADLINE_EXCEEDED, what the Temporal client reports when the server is away.
const GRPC_UNAVAILABLE = new Set([14, 4]);

interface ErrorLike {
  name?: unknown;
  code?: unknown;
  kind?: unknown;
  details?: unknown;
  cause?: unknown;
  originalError?: unknown;
  meta?: { driverAdapterError?: unknown };
}

/** Which service the error says is unreachable, looking through its causes; null for any other error. */
export function unavailableService(error: unknown): UnavailableService | null {
  const pending: unknown[] = [error];
  const seen = new Set<unknown>();
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (!next || typeof next !== 'object' || seen.has(next)) continue;
    seen.add(next);
    const node = next as ErrorLike;
    if (node.name === 'PrismaClientInitializationError') return 'database';
    if (typeof node.code === 'string' && PRISMA_UNREACHABLE.has(node.code)) return 'database';
    // A driver adapter's error kind, found under a Prisma error's meta or as a cause.
    if (typeof node.kind === 'string' && ADAPTER_UNREACHABLE.has(node.kind)) return 'database';
    if (node.kind === 'postgres' && typeof node.code === 'string' && POSTGRES_UNAVAILABLE.test(node.code)) return 'database';
    if (typeof node.code === 'number' && GRPC_UNAVAILABLE.has(node.code) && 'details' in node) return 'workflow';
    for (const inner of [node.originalError, node.cause, node.meta?.driverAdapterError]) if (inner) pending.push(inner);
  }
  return null;
}

/** The typed error for an unreachable service, or null when `error` is something else. */
export function unavailableError(error: unknown): GraphQLError | null {
  const service = unavailableService(error);
  if (!service) return null;
  const headers = { 'retry-after': String(RETRY_AFTER_SECONDS) };
  return service === 'database'
    ? typedError(ErrorCode.ServiceUnavailable, `Certiflow cannot reach its database right now. Please retry in ${RETRY_AFTER_SECONDS} seconds.`, 503, headers)
    : typedError(ErrorCode.WorkflowUnavailable, `Certiflow cannot reach its workflow service right now. Please retry in ${RETRY_AFTER_SECONDS} seconds.`, 503, headers);
}
