import { createHash, timingSafeEqual } from 'node:crypto';
import type { Server } from 'node:http';
import { createAdaptorServer } from '@hono/node-server';
import { Hono } from 'hono';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { ErrorCode } from '../domain/errors.js';
import { JOURNEY_STAGES } from '../domain/journey.js';
import { type OperationalCounts, QUEUED_OUTBOX_STATUSES } from '../services/operational-counts.js';

// The API process's Prometheus metrics (docs/observability.md lists each one): Certiflow's own, read
// from the database at each scrape or counted as requests pass, plus Node's process metrics. They are
// served on a listener of their own (METRICS_HOST:METRICS_PORT), never on the public port.

export interface ApiMetrics {
  readonly registry: Registry;
  /** An emailed approval link that decided or showed nothing, with the reason it was refused. */
  approvalLinkRefused(reason: string, method: string): void;
  /** A request the edge answered: its method, route pattern (never the path), status and duration. */
  requestServed(method: string, route: string, status: number, seconds: number): void;
}

export interface ApiMetricsOptions {
  /** The read model's counts (services/operational-counts.ts), asked once per scrape. */
  readCounts: () => Promise<OperationalCounts>;
  /** A scrape whose database read failed: the gauges are left out and `certiflow_read_model_up` is 0. */
  onReadError?: (error: unknown) => void;
  now?: () => Date;
}

const LINK_METHODS = ['GET', 'HEAD', 'POST'] as const;
const COMMON_REFUSALS = [ErrorCode.LinkInvalid, ErrorCode.LinkExpired, ErrorCode.LinkUsed];

export function createApiMetrics({ readCounts, onReadError, now = () => new Date() }: ApiMetricsOptions): ApiMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });

  // The gauges below are filled from one read per scrape: prom-client asks every collector at once.
  let reading: Promise<OperationalCounts | null> | null = null;
  const counts = () => {
    reading ??= readCounts()
      .catch((error: unknown) => {
        onReadError?.(error);
        return null;
      })
      .finally(() => {
        reading = null;
      });
    return reading;
  };

  new Gauge({
    name: 'certiflow_read_model_up',
    help: 'Whether this scrape could read the counts below from the database (1) or not (0)',
    registers: [registry],
    async collect() {
      this.set((await counts()) ? 1 : 0);
    },
  });
  /** A gauge filled from the scrape's one read; left empty when that read failed (read_model_up says so). */
  const countsGauge = <L extends string>(name: string, help: string, labelNames: L[], fill: (gauge: Gauge<L>, read: OperationalCounts) => void) =>
    new Gauge<L>({
      name,
      help,
      labelNames,
      registers: [registry],
      async collect() {
        const read = await counts();
        this.reset();
        if (read) fill(this, read);
      },
    });
  countsGauge('certiflow_journeys', 'Journeys by program and current stage, as the read model has them (every stage of a program with journeys, 0 included)', ['program', 'stage'], (gauge, read) => {
    for (const program of new Set(read.journeys.map((row) => row.programId))) {
      for (const stage of JOURNEY_STAGES) gauge.set({ program, stage }, 0);
    }
    for (const row of read.journeys) gauge.set({ program: row.programId, stage: row.stage }, row.count);
  });
  countsGauge('certiflow_emails_queued', 'Outbox emails not sent yet: pending (being sent) or failed (waiting for the next attempt)', ['status'], (gauge, read) => {
    for (const status of QUEUED_OUTBOX_STATUSES) gauge.set({ status }, 0);
    for (const row of read.emailsQueued) gauge.set({ status: row.status }, row.count);
  });
  countsGauge('certiflow_emails_queued_oldest_age_seconds', 'Age of the oldest outbox email not sent yet; 0 when none waits', [], (gauge, read) => {
    const oldest = Math.min(...read.emailsQueued.map((row) => row.oldestCreatedAt?.getTime() ?? Number.POSITIVE_INFINITY));
    gauge.set(Number.isFinite(oldest) ? Math.max(0, (now().getTime() - oldest) / 1000) : 0);
  });
  countsGauge('certiflow_incidents_open', 'Open incidents (journeys waiting for HR or an admin), by kind and step', ['kind', 'step'], (gauge, read) => {
    for (const row of read.incidentsOpen) gauge.set({ kind: row.kind, step: row.step }, row.count);
  });

  const refusals = new Counter({
    name: 'certiflow_approval_link_refusals_total',
    help: 'Emailed approval links refused (forged, expired, already used, superseded …), by reason and HTTP method',
    labelNames: ['reason', 'method'],
    registers: [registry],
  });
  // The usual reasons exist from the start, so rate() and alerts see the first refusal.
  for (const reason of COMMON_REFUSALS) for (const method of LINK_METHODS) refusals.inc({ reason, method }, 0);

  const requests = new Histogram({
    name: 'certiflow_http_request_duration_seconds',
    help: 'Requests the API answered, by method, route pattern and status, and how long each took',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });

  return {
    registry,
    approvalLinkRefused: (reason, method) => refusals.inc({ reason, method: knownMethod(method) }),
    requestServed: (method, route, status, seconds) => requests.observe({ method: knownMethod(method), route, status: String(status) }, seconds),
  };
}

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
/** A label value from a fixed set: a client choosing methods must not create series. */
export function knownMethod(method: string): string {
  return METHODS.has(method) ? method : 'OTHER';
}

export interface MetricsServerOptions {
  metrics: ApiMetrics;
  /** METRICS_TOKEN: required as `Authorization: Bearer <token>` when set. */
  token?: string | undefined;
}

/** GET /metrics in Prometheus's text format, on a server of its own; anything else is 404. */
export function createMetricsServer({ metrics, token }: MetricsServerOptions): Server {
  const app = new Hono();
  const expected = token ? digest(token) : null;
  app.get('/metrics', async (c) => {
    if (expected) {
      const given = /^Bearer\s+(.+)$/i.exec(c.req.header('authorization') ?? '')?.[1]?.trim() ?? '';
      if (!timingSafeEqual(digest(given), expected)) return c.text('Unauthorized', 401, { 'www-authenticate': 'Bearer' });
    }
    return c.body(await metrics.registry.metrics(), 200, { 'content-type': metrics.registry.contentType, 'cache-control': 'no-store' });
  });
  app.notFound((c) => c.text('Not found', 404));
  return createAdaptorServer({ fetch: app.fetch }) as Server;
}

/** Equal-length digests, so comparing them takes the same time whatever was sent. */
const digest = (value: string) => createHash('sha256').update(value).digest();
