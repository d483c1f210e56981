import { context, diag, DiagLogLevel, isSpanContextValid, type SpanContext, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { detectResourcesSync, envDetectorSync, hostDetectorSync, processDetectorSync, Resource } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider, type SpanProcessor } from '@opentelemetry/sdk-trace-node';
import type { Config } from './index.js';

// OpenTelemetry tracing for the worker and the API process, configured by the standard OTEL_* variables.
// Without an OTLP endpoint nothing is started or registered: the OpenTelemetry API stays the no-op it is
// by default, and the processes add no interceptors, middleware or exporter (docs/observability.md).

type TracingSettings = Pick<Config, 'OTEL_EXPORTER_OTLP_ENDPOINT' | 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT' | 'OTEL_SERVICE_NAME' | 'OTEL_SDK_DISABLED'>;

/** Where spans go over OTLP/HTTP, or null: tracing is off. The traces endpoint is used as given, the base one gets `/v1/traces`. */
export function otlpTracesUrl(config: TracingSettings): string | null {
  if (config.OTEL_SDK_DISABLED === 'true') return null;
  if (config.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) return config.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT;
  if (config.OTEL_EXPORTER_OTLP_ENDPOINT) return `${config.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/+$/, '')}/v1/traces`;
  return null;
}

/** Where the SDK's own problems (spans that could not be exported) are written: the process's pino logger. */
export interface TracingLog {
  warn(fields: object, message: string): void;
}

/** A process's tracing while it runs: what the worker hands the workflow span sink, and a flush at exit. */
export interface Tracing {
  readonly serviceName: string;
  readonly resource: Resource;
  /** The batch processor every span of the process ends in, workflow spans included. */
  readonly spanProcessor: SpanProcessor;
  /** Sends what is still buffered and stops; call once, as the process stops. */
  shutdown(): Promise<void>;
}

/**
 * Registers the process's tracer provider (async-local context, W3C trace context propagation) exporting
 * over OTLP/HTTP, or returns null when no endpoint is configured. Call it first thing in a process entry
 * point, before anything could start a span. OTEL_SERVICE_NAME, OTEL_RESOURCE_ATTRIBUTES,
 * OTEL_EXPORTER_OTLP_HEADERS, OTEL_TRACES_SAMPLER(_ARG) and OTEL_BSP_* are read by the SDK as usual.
 */
export function startTracing(config: TracingSettings, defaultServiceName: string, log?: TracingLog): Tracing | null {
  const url = otlpTracesUrl(config);
  if (!url) return null;
  // Spans the collector did not take (unreachable, refused) are reported, not silently dropped.
  if (log) {
    const warn = (message: string, ...args: unknown[]) => log.warn({ otel: args.map(String) }, `OpenTelemetry: ${message}`);
    const ignore = () => undefined;
    diag.setLogger({ error: warn, warn, info: ignore, debug: ignore, verbose: ignore }, DiagLogLevel.WARN);
  }
  // Later resources win: the SDK's defaults, then this process's name, then OTEL_RESOURCE_ATTRIBUTES, then OTEL_SERVICE_NAME.
  const resource = Resource.default()
    .merge(detectResourcesSync({ detectors: [hostDetectorSync, processDetectorSync] }))
    .merge(new Resource({ 'service.name': defaultServiceName }))
    .merge(detectResourcesSync({ detectors: [envDetectorSync] }))
    .merge(config.OTEL_SERVICE_NAME ? new Resource({ 'service.name': config.OTEL_SERVICE_NAME }) : Resource.empty());
  const serviceName = String(resource.attributes['service.name']);
  const spanProcessor = new BatchSpanProcessor(new OTLPTraceExporter({ url }));
  const provider = new NodeTracerProvider({ resource, spanProcessors: [spanProcessor] });
  provider.register();
  return { serviceName, resource, spanProcessor, shutdown: () => provider.shutdown() };
}

/**
 * Pino's mixin: every log line written while a span is active carries its ids, so a log search and a trace
 * lead to each other. With tracing off no span is ever active and this adds nothing.
 */
export function traceLogFields(): Record<string, string> {
  const spanContext = activeSpanContext();
  return spanContext ? spanLogFields(spanContext) : {};
}

/** The active span's context, if a valid one is active. */
export function activeSpanContext(): SpanContext | undefined {
  const spanContext = trace.getSpan(context.active())?.spanContext();
  return spanContext && isSpanContextValid(spanContext) ? spanContext : undefined;
}

/** A span's ids as log fields, named as Temporal's interceptors and OpenTelemetry's log conventions name them. */
export function spanLogFields(spanContext: SpanContext): Record<string, string> {
  return { trace_id: spanContext.traceId, span_id: spanContext.spanId, trace_flags: `0${spanContext.traceFlags.toString(16)}`.slice(-2) };
}
