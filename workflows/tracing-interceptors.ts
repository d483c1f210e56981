import { trace, context as otelContext } from '@opentelemetry/api';
import { TRACE_HEADER } from '@temporalio/interceptors-opentelemetry/lib/instrumentation';
import {
  OpenTelemetryInboundInterceptor,
  OpenTelemetryInternalsInterceptor,
  OpenTelemetryOutboundInterceptor,
} from '@temporalio/interceptors-opentelemetry/lib/workflow';
import type { WorkflowInboundCallsInterceptor, WorkflowInterceptors, WorkflowOutboundCallsInterceptor } from '@temporalio/workflow';

// Not a workflow: the workflow interceptors every bundle carries (worker/bundle.ts), from
// @temporalio/interceptors-opentelemetry, applied only where a trace is asked for.
//
// A workflow, signal, update or query is traced when its message carries the trace header, which only a
// traced client adds (the API with tracing on). Headers are part of the history, so replay makes the same
// choice; commands are scheduled from a workflow span only when one is active. Anything else runs exactly
// as it would without interceptors: no spans, no extra yields, nothing sent to the span sink, and the
// histories recorded before tracing existed replay unchanged (test/workflows/replay.test.ts).

const carriesTrace = (headers: Record<string, unknown>) => headers[TRACE_HEADER] !== undefined;
const inSpan = () => trace.getSpan(otelContext.active()) !== undefined;

export const interceptors = (): WorkflowInterceptors => {
  const inbound = new OpenTelemetryInboundInterceptor();
  const outbound = new OpenTelemetryOutboundInterceptor();
  const tracedInbound: WorkflowInboundCallsInterceptor = {
    execute: (input, next) => (carriesTrace(input.headers) ? inbound.execute(input, next) : next(input)),
    handleSignal: (input, next) => (carriesTrace(input.headers) ? inbound.handleSignal(input, next) : next(input)),
    handleUpdate: (input, next) => (carriesTrace(input.headers) ? inbound.handleUpdate(input, next) : next(input)),
    validateUpdate: (input, next) => (carriesTrace(input.headers) ? inbound.validateUpdate(input, next) : next(input)),
    handleQuery: (input, next) => (carriesTrace(input.headers) ? inbound.handleQuery(input, next) : next(input)),
  };
  const tracedOutbound: WorkflowOutboundCallsInterceptor = {
    scheduleActivity: (input, next) => (inSpan() ? outbound.scheduleActivity(input, next) : next(input)),
    scheduleLocalActivity: (input, next) => (inSpan() ? outbound.scheduleLocalActivity(input, next) : next(input)),
    startChildWorkflowExecution: (input, next) => (inSpan() ? outbound.startChildWorkflowExecution(input, next) : next(input)),
    continueAsNew: (input, next) => (inSpan() ? outbound.continueAsNew(input, next) : next(input)),
    signalWorkflow: (input, next) => (inSpan() ? outbound.signalWorkflow(input, next) : next(input)),
    // Workflow log lines get the active span's trace_id and span_id (nothing without a span).
    getLogAttributes: (input, next) => outbound.getLogAttributes(input, next),
  };
  return { inbound: [tracedInbound], outbound: [tracedOutbound], internals: [new OpenTelemetryInternalsInterceptor()] };
};
