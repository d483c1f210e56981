import { randomBytes } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { journeyWorkflowId } from '../../domain/workflow-ids.js';
import { mintDevToken } from '../../http/auth/tokens.js';
import { type Database, openDatabase } from '../../prisma/client.js';
import { workflowBundle } from '../harness/app.js';
import { type AppProcesses, startAppProcesses } from '../harness/app-processes.js';
import { seedDemoWithRetries } from '../harness/chaos-stack.js';
import { freePort } from '../harness/child-process.js';
import { waitForStage } from '../harness/journey-driver.js';
import { startPostgres, type TestPostgres } from '../harness/postgres.js';
import { type RestartableSmtp, startRestartableSmtp } from '../harness/restartable-smtp.js';
import { startTemporalProcess, type TemporalProcess } from '../harness/temporal-process.js';
import { type OtlpCollector, type ReceivedSpan, startOtlpCollector } from './otlp-collector.js';

// Observability as a platform team runs it (docs/observability.md): the worker and the API as their own
// production processes (NODE_ENV=production, JSON logs) on PostgreSQL, the Temporal dev server and an
// SMTP server, tracing to an OTLP/HTTP collector, the API's metrics on a listener of its own behind a
// bearer token and the worker's Temporal SDK metrics. One enrolment is followed from the GraphQL
// mutation through the workflow and its activities; the scrapes must show what it did.

const PROGRAM = 'cloud-architecture-practitioner';
const journeyId = journeyWorkflowId(PROGRAM, 'alex');
const METRICS_TOKEN = randomBytes(24).toString('hex');
const PUBLIC_URL = 'https://certiflow.example';

let postgres: TestPostgres;
let temporal: TemporalProcess;
let smtp: RestartableSmtp;
let collector: OtlpCollector;
let db: Database;
let app: AppProcesses;
let connection: Connection;
let client: Client;
let metricsUrl: string;
let workerMetricsUrl: string;

beforeAll(async () => {
  // This process replays a history at the end; the SDK's worker lifecycle lines are noise here.
  Runtime.install({ logger: new DefaultLogger('WARN') });
  [postgres, temporal, smtp, collector] = await Promise.all([startPostgres(), startTemporalProcess(), startRestartableSmtp(), startOtlpCollector()]);
  db = await openDatabase({ url: postgres.url });
  await db.migrate();
  await seedDemoWithRetries(db.prisma);
  const [metricsPort, workerMetricsPort] = [await freePort(), await freePort()];
  metricsUrl = `http://127.0.0.1:${metricsPort}/metrics`;
  workerMetricsUrl = `http://127.0.0.1:${workerMetricsPort}/metrics`;
  app = await startAppProcesses({
    databaseUrl: postgres.url,
    temporalAddress: temporal.address,
    smtpPort: smtp.smtpPort,
    env: {
      // Production: no development defaults, JSON log lines, secrets and an https address of its own.
      NODE_ENV: 'production',
      DEV_MODE: 'false',
      PUBLIC_URL,
      PORTAL_SECRET: 'observability-test-portal-secret-0123456789',
      LOG_LEVEL: 'debug',
      OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
      OTEL_BSP_SCHEDULE_DELAY: '200',
      METRICS_PORT: String(metricsPort),
      METRICS_TOKEN,
      WORKER_METRICS_ADDRESS: `127.0.0.1:${workerMetricsPort}`,
    },
  });
  connection = await Connection.connect({ address: temporal.address });
  client = new Client({ connection, namespace: temporal.namespace });
});

afterAll(async () => {
  await app?.stop();
  await connection?.close();
  await db?.close();
  await Promise.all([temporal?.server.stop(), smtp?.close(), collector?.close(), postgres?.stop()]);
  temporal?.cleanUp();
});

describe('observability of the worker and the API processes', () => {
  it("serves the API's metrics on their own listener, only with the bearer token", async () => {
    expect((await fetch(`${app.baseUrl}/metrics`)).status).toBe(404);
    const anonymous = await fetch(metricsUrl);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toBe('Bearer');
    expect((await fetch(metricsUrl, { headers: { authorization: 'Bearer not-the-token' } })).status).toBe(401);

    const scrape = await fetch(metricsUrl, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(scrape.status).toBe(200);
    expect(scrape.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await scrape.text();
    expect(value(text, 'certiflow_read_model_up')).toBe(1);
    expect(value(text, 'certiflow_approval_link_refusals_total', { reason: 'LINK_INVALID', method: 'GET' })).toBe(0);
    expect(value(text, 'certiflow_emails_queued', { status: 'pending' })).toBe(0);
    expect(value(text, 'process_resident_memory_bytes')).toBeGreaterThan(0);
  });

  it('traces an enrolment from the GraphQL mutation through the workflow and its activities, and counts it', async () => {
    // The caller's own trace continues on the server (W3C traceparent), so the test knows its id.
    const traceId = randomBytes(16).toString('hex');
    const callerSpanId = randomBytes(8).toString('hex');
    // SMTP down: the first email of the journey waits in the outbox, which the metrics must show.
    await smtp.stop();
    const response = await fetch(`${app.baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await mintDevToken(app.secrets.jwt, 'alex')}`, traceparent: `00-${traceId}-${callerSpanId}-01` },
      body: JSON.stringify({
        query: 'mutation Enrol($input: EnrollInput!) { enroll(input: $input) { __typename ... on MutationEnrollSuccess { data { journeyId created } } } }',
        variables: { input: { programId: PROGRAM, pathwayId: 'cap-portfolio' } },
      }),
    });
    expect(await response.json()).toEqual({ data: { enroll: { __typename: 'MutationEnrollSuccess', data: { journeyId, created: true } } } });
    await waitForStage(client, journeyId, 'awaiting_manager_approval');

    // Journeys by stage and the email waiting for SMTP, from the read model at scrape time.
    let text = await scrapeUntil('the new journey and its queued email', (t) =>
      value(t, 'certiflow_journeys', { program: PROGRAM, stage: 'awaiting_manager_approval' }) === 1 && (value(t, 'certiflow_emails_queued') ?? 0) >= 1,
    );
    expect(value(text, 'certiflow_journeys', { program: PROGRAM, stage: 'certified' })).toBe(0);
    expect(value(text, 'certiflow_emails_queued_oldest_age_seconds')).toBeGreaterThan(0);
    expect(value(text, 'certiflow_incidents_open')).toBeUndefined();
    // A send has failed against the stopped server (the worker's sendEmail failure, counted by the SDK's
    // metrics below) before SMTP comes back: on a busy machine the send may not have been tried yet.
    await until('a send failed while SMTP was down', async () => (await db.prisma.outboxEmail.count({ where: { status: 'pending', lastError: { not: null } } })) >= 1, 60_000);
    await smtp.start();
    text = await scrapeUntil('the outbox emptied once SMTP is back', (t) => value(t, 'certiflow_emails_queued') === 0);
    expect(value(text, 'certiflow_emails_queued_oldest_age_seconds')).toBe(0);
    expect(value(text, 'certiflow_http_request_duration_seconds_count', { method: 'POST', route: '/graphql', status: '200' })).toBeGreaterThanOrEqual(1);

    // One trace: the API's request and operation, the workflow start, the workflow's activities and the
    // activities as the worker ran them.
    const inTrace = (spans: ReceivedSpan[]) => spans.filter((span) => span.traceId === traceId);
    const spans = inTrace(
      // A workflow's span for an activity ends (and is exported) once the activity's last attempt is done.
      await collector.waitFor('the enrolment trace in both processes', (received) => {
        const trace = inTrace(received);
        const names = trace.map((span) => span.name);
        const ids = new Set(trace.map((span) => span.spanId));
        const ran = trace.filter((span) => span.name.startsWith('RunActivity:'));
        return names.includes('POST /graphql') && ran.some((span) => span.name === 'RunActivity:sendEmail') && ran.every((span) => ids.has(span.parentSpanId));
      }),
    );
    const request = spans.find((span) => span.name === 'POST /graphql')!;
    expect(request).toMatchObject({ service: 'certiflow-api', kind: 2, parentSpanId: callerSpanId, attributes: { 'http.route': '/graphql', 'http.response.status_code': 200 } });
    const operation = spans.find((span) => span.name === 'mutation Enrol')!;
    expect(operation).toMatchObject({ service: 'certiflow-api', parentSpanId: request.spanId, attributes: { 'graphql.operation.type': 'mutation', 'graphql.operation.name': 'Enrol' } });
    const start = spans.find((span) => span.name === 'StartWorkflow:journeyWorkflow')!;
    expect(start).toMatchObject({ service: 'certiflow-api', parentSpanId: operation.spanId });
    const services = new Set(spans.map((span) => span.service));
    expect([...services].sort()).toEqual(['certiflow-api', 'certiflow-worker']);
    const scheduled = spans.filter((span) => span.service === 'certiflow-worker' && span.name.startsWith('StartActivity:'));
    const ran = spans.filter((span) => span.service === 'certiflow-worker' && span.name.startsWith('RunActivity:'));
    expect(scheduled.length).toBeGreaterThanOrEqual(3);
    // Each activity run is the child of the workflow's span that scheduled it.
    for (const run of ran) expect(scheduled.map((span) => span.spanId)).toContain(run.parentSpanId);
    // Nothing sensitive in span names: routes and operation names, never paths, tokens or variables.
    expect(spans.every((span) => !/alex|token|journey:/.test(span.name))).toBe(true);

    // Structured logs: the API's request line and the worker's activity lines carry the trace id.
    const apiLine = await logLineWith(() => app.api.output(), traceId, 'request served');
    expect(apiLine).toMatchObject({ name: 'api', msg: 'request served', route: '/graphql', status: 200, trace_id: traceId });
    const workerLine = await logLineWith(() => app.worker.output(), traceId);
    expect(workerLine).toMatchObject({ name: 'worker', trace_id: traceId });
  });

  it('counts refused approval links by reason and method', async () => {
    const link = new URL(await approvalLink());
    const approval = await db.prisma.approval.findFirstOrThrow({ where: { journeyId } });
    const forged = `${app.baseUrl}/approvals/${approval.id}?token=forged`;
    expect((await fetch(forged)).status).toBe(404);
    expect((await fetch(forged, { method: 'HEAD' })).status).toBe(404);
    const post = await fetch(`${app.baseUrl}/approvals/${approval.id}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: 'forged', decision: 'approve' }).toString(),
    });
    expect(post.status).toBe(404);

    // The manager's real link approves once; using it again is refused as used.
    expect(link.origin).toBe(PUBLIC_URL);
    const local = `${app.baseUrl}${link.pathname}${link.search}`;
    const decide = (decision: string) =>
      fetch(`${app.baseUrl}${link.pathname}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ token: link.searchParams.get('token') ?? '', decision }).toString(),
      });
    expect((await fetch(local)).status).toBe(200);
    expect((await decide('approve')).status).toBe(200);
    await waitForStage(client, journeyId, 'awaiting_submission');
    // The decision is an update of the workflow: the link's request and the workflow's handler share a trace.
    await collector.waitFor('the approval update traced into the workflow', (received) => {
      const posts = received.filter((span) => span.name === 'POST /approvals/:id' && span.attributes['http.response.status_code'] === 200);
      return posts.some((post) => received.some((span) => span.traceId === post.traceId && span.service === 'certiflow-worker' && span.name.startsWith('HandleUpdate:')));
    });
    // Once the read model has the decision, the link itself is known as used.
    await until('the decision in the read model', async () => (await db.prisma.approval.findUniqueOrThrow({ where: { id: approval.id } })).decidedAt !== null);
    expect((await decide('decline')).status).toBe(409);

    const text = await scrape();
    expect(value(text, 'certiflow_approval_link_refusals_total', { reason: 'LINK_INVALID', method: 'GET' })).toBe(1);
    expect(value(text, 'certiflow_approval_link_refusals_total', { reason: 'LINK_INVALID', method: 'HEAD' })).toBe(1);
    expect(value(text, 'certiflow_approval_link_refusals_total', { reason: 'LINK_INVALID', method: 'POST' })).toBe(1);
    expect(value(text, 'certiflow_approval_link_refusals_total', { reason: 'LINK_USED', method: 'POST' })).toBe(1);
    expect(value(text, 'certiflow_approval_link_refusals_total', { reason: 'LINK_USED', method: 'GET' })).toBe(0);
    expect(value(text, 'certiflow_http_request_duration_seconds_count', { method: 'GET', route: '/approvals/:id', status: '404' })).toBe(1);
    await scrapeUntil('the journey moved on in the read model', (t) => value(t, 'certiflow_journeys', { program: PROGRAM, stage: 'awaiting_submission' }) === 1);
  });

  it("serves the Temporal SDK's runtime metrics from the worker", async () => {
    const response = await fetch(workerMetricsUrl);
    expect(response.status).toBe(200);
    const text = await response.text();
    const names = new Set(samples(text).map((sample) => sample.name));
    const seen = [...names].join(' ');
    expect([...names].every((name) => name.startsWith('temporal_')), seen).toBe(true);
    expect(value(text, 'temporal_activity_execution_latency_count', { task_queue: app.taskQueue, activity_type: 'sendEmail' }), seen).toBeGreaterThanOrEqual(1);
    expect(value(text, 'temporal_workflow_task_execution_latency_count', { task_queue: app.taskQueue, workflow_type: 'journeyWorkflow' }), seen).toBeGreaterThanOrEqual(1);
    expect(value(text, 'temporal_activity_execution_failed', { task_queue: app.taskQueue, activity_type: 'sendEmail' }), seen).toBeGreaterThanOrEqual(1);
    expect(names, seen).toContain('temporal_num_pollers');
  });

  it('replays the traced journey deterministically with the bundle the worker runs', async () => {
    const history = await client.workflow.getHandle(journeyId).fetchHistory();
    expect(JSON.stringify(history.events?.[0]?.workflowExecutionStartedEventAttributes?.header)).toContain('_tracer-data');
    await Worker.runReplayHistory({ workflowBundle: await workflowBundle(), sinks: { exporter: { export: { fn: () => undefined } } } }, history, journeyId);
  });
});

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The link in the approval email to Maya, once it has arrived. */
async function approvalLink(): Promise<string> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const email = smtp.messages().find((message) => message.to.includes('maya@example.com') && /approv/i.test(message.subject));
    const link = email?.links.find((l) => l.includes('/approvals/'));
    if (link) return link;
    if (Date.now() > deadline) throw new Error('no approval email to maya with a link');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function scrape(): Promise<string> {
  const response = await fetch(metricsUrl, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  expect(response.status).toBe(200);
  return response.text();
}

async function scrapeUntil(what: string, done: (text: string) => boolean, timeoutMs = 30_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = await scrape();
    if (done(text)) return text;
    if (Date.now() > deadline) throw new Error(`${what}: not in the metrics after ${timeoutMs / 1000} s:\n${text.split('\n').filter((l) => l.startsWith('certiflow_')).join('\n')}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Prometheus's text format, one sample a line. */
function samples(text: string): Sample[] {
  return text
    .split('\n')
    .filter((line) => line.trim() && !line.startsWith('#'))
    .map((line) => {
      const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)/.exec(line);
      if (!match) throw new Error(`not a Prometheus sample: ${line}`);
      const labels = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1]!, m[2]!]));
      return { name: match[1]!, labels, value: Number(match[3]) };
    });
}

/** The sum of the samples of `name` with these labels (among others), or undefined when there is none. */
function value(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  const matching = samples(text).filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  return matching.length === 0 ? undefined : matching.reduce((sum, s) => sum + s.value, 0);
}

/** A JSON log line of a process that names `traceId` (and says `msg`, when given); waits for the log to be written. */
async function logLineWith(output: () => string, traceId: string, msg?: string): Promise<Record<string, unknown>> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const lines = output()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const found = lines.find((line) => line.trace_id === traceId && (msg === undefined || line.msg === msg));
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no log line with trace_id ${traceId}${msg ? ` and msg "${msg}"` : ''} in:\n${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
