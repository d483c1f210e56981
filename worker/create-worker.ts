import { fileURLToPath } from 'node:url';
import type { SpanContext } from '@opentelemetry/api';
import type { Context as ActivityContext } from '@temporalio/activity';
import { makeWorkflowExporter, OpenTelemetryActivityInboundInterceptor, type OpenTelemetrySinks } from '@temporalio/interceptors-opentelemetry';
import { type ActivityInterceptors, type InjectedSinks, type NativeConnection, Worker, type WorkflowBundleOption } from '@temporalio/worker';
import type { Activities } from '../activities/index.js';
import { activeSpanContext, spanLogFields, type Tracing } from '../config/telemetry.js';

export const workflowsPath = fileURLToPath(new URL('../workflows/index.ts', import.meta.url));
/** Bundled with the workflows (worker/bundle.ts): traces a workflow only when its client asked for it. */
export const workflowInterceptorsPath = fileURLToPath(new URL('../workflows/tracing-interceptors.ts', import.meta.url));

export interface JourneyWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  activities: Activities;
  /** A prebuilt bundle (tests, production images); otherwise the workflows are bundled at start. */
  workflowBundle?: WorkflowBundleOption;
  /** The process's tracing (config/telemetry.ts): activity spans, and where workflow spans are exported. */
  tracing?: Pick<Tracing, 'resource' | 'spanProcessor'> | null;
}

export function createJourneyWorker(options: JourneyWorkerOptions): Promise<Worker> {
  const { connection, namespace, taskQueue, activities, workflowBundle, tracing } = options;
  return Worker.create({
    connection,
    namespace,
    taskQueue,
    activities,
    ...(workflowBundle ? { workflowBundle } : { workflowsPath }),
    interceptors: {
      // A prebuilt bundle already holds them (worker/bundle.ts).
      ...(workflowBundle ? {} : { workflowModules: [workflowInterceptorsPath] }),
      ...(tracing ? { activity: [activityTracing] } : {}),
    },
    sinks: workflowSpanSink(tracing),
    // A journey waits for weeks between steps; keeping it cached saves nothing and costs memory.
    maxCachedWorkflows: 500,
  });
}

/**
 * The activity's span (OpenTelemetryActivityInboundInterceptor, a child of the workflow's span that
 * scheduled it), and its trace id on the activity's log lines: those written while it runs, and the SDK's
 * completion and failure lines written just after its span ended.
 */
function activityTracing(ctx: ActivityContext): ActivityInterceptors {
  const traced = new OpenTelemetryActivityInboundInterceptor(ctx);
  let ran: SpanContext | undefined;
  return {
    inbound: {
      execute: (input, next) =>
        traced.execute(input, (inner) => {
          ran = activeSpanContext();
          return next(inner);
        }),
    },
    outbound: {
      getLogAttributes: (input, next) => {
        const span = activeSpanContext() ?? ran;
        return next(span ? { ...spanLogFields(span), ...input } : input);
      },
    },
  };
}

/**
 * Workflow spans leave the sandbox through a sink. A workflow started by a traced API produces them even
 * when this worker does not trace, so the sink always exists and then drops them.
 */
function workflowSpanSink(tracing: JourneyWorkerOptions['tracing']): InjectedSinks<OpenTelemetrySinks> {
  if (tracing) return { exporter: makeWorkflowExporter(tracing.spanProcessor, tracing.resource) };
  return { exporter: { export: { fn: () => undefined } } };
}
