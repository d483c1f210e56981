import { isSpanContextValid, trace } from '@opentelemetry/api';
import { addIsoDuration } from '../domain/duration.js';
import type { ReadChannel, ReadKind } from '../domain/read-audit.js';
import type { Prisma, PrismaClient } from '../prisma/client.js';

// The read audit's store: who read whose journey data, written in one insert per request, and the
// filter HR's question ("who read alex's scores last month?", "what did lars read?") becomes.

/** One row as written: a ReadNote (domain/read-audit.ts) with who read it, when, and how. */
export interface ReadEntry {
  viewerId: string;
  subjectId: string | null;
  journeyId: string | null;
  kind: ReadKind;
  channel: ReadChannel;
  operation: string | null;
  traceId: string | null;
  address: string | null;
  at: Date;
}

export interface ReadAuditFilter {
  subjectId?: string | null | undefined;
  viewerId?: string | null | undefined;
  journeyId?: string | null | undefined;
  kind?: readonly ReadKind[] | null | undefined;
  from?: Date | null | undefined;
  to?: Date | null | undefined;
}

export interface ReadAuditService {
  /** Writes a request's reads in one statement; throws when they could not be written (the caller decides what then). */
  record(entries: readonly ReadEntry[]): Promise<void>;
  /** Deletes entries older than the retention period (READ_AUDIT_RETENTION) before `now`; how many. */
  prune(now?: Date): Promise<number>;
  /** Prunes every `everyMs` (the API process does, hourly) until stopped. */
  startPruning(schedule: { everyMs: number; onError?: (error: unknown) => void }): { stop(): void };
}

/** HR's filter as a Prisma filter: every given criterion must hold; `from` inclusive, `to` exclusive. */
export function readAuditWhere(filter: ReadAuditFilter): Prisma.ReadAuditWhereInput {
  return {
    ...(filter.subjectId ? { subjectId: filter.subjectId } : {}),
    ...(filter.viewerId ? { viewerId: filter.viewerId } : {}),
    ...(filter.journeyId ? { journeyId: filter.journeyId } : {}),
    ...(filter.kind?.length ? { kind: { in: [...filter.kind] } } : {}),
    ...(filter.from || filter.to ? { at: { ...(filter.from ? { gte: filter.from } : {}), ...(filter.to ? { lt: filter.to } : {}) } } : {}),
  };
}

/** The current request's trace id when tracing is on: the line from an entry to the request's logs and spans. */
export function activeTraceId(): string | null {
  const span = trace.getActiveSpan()?.spanContext();
  return span && isSpanContextValid(span) ? span.traceId : null;
}

/** Newest first; the id breaks ties so cursors are stable. */
export const READ_AUDIT_ORDER: Prisma.ReadAuditOrderByWithRelationInput[] = [{ at: 'desc' }, { id: 'asc' }];

export function createReadAuditService({ prisma, retention }: { prisma: PrismaClient; retention: string }): ReadAuditService {
  async function prune(now = new Date()): Promise<number> {
    const before = new Date(addIsoDuration(now.toISOString(), retention, -1));
    return (await prisma.readAudit.deleteMany({ where: { at: { lt: before } } })).count;
  }
  return {
    async record(entries) {
      if (entries.length === 0) return;
      await prisma.readAudit.createMany({ data: entries.map((entry) => ({ ...entry })) });
    },
    prune,
    startPruning({ everyMs, onError }) {
      const timer = setInterval(() => void prune().catch((error: unknown) => onError?.(error)), everyMs);
      // A pending prune must not keep a stopping process alive.
      timer.unref();
      return { stop: () => clearInterval(timer) };
    },
  };
}
