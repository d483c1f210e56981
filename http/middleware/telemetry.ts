import { context, propagation, ROOT_CONTEXT, type Span, SpanKind, SpanStatusCode, type TextMapGetter, type Tracer, trace } from '@opentelemetry/api';
import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import type { EdgeEnv } from '../env.js';
import { type ApiMetrics, knownMethod } from '../metrics.js';

// The first middleware of the edge when any telemetry is on: a server span per request (continuing the
// caller's W3C trace context), the request histogram and a debug line per request. Spans, metrics and
// the log name the route pattern (`/approvals/:id`), never the path or query: links carry their tokens
// there. With tracing, metrics and debug logs all off, createApp mounts none of it.

export interface EdgeTelemetry {
  /** Tracing on (OTEL_EXPORTER_OTLP_ENDPOINT): a span per request and per GraphQL operation. */
  tracer?: Tracer;
  /** The metrics endpoint on (METRICS_PORT): requests are counted and timed. */
  metrics?: ApiMetrics;
  /** One line per request served; written inside the request's span, so it carries the trace id. */
  accessLog?: (entry: AccessLogEntry) => void;
}

export interface AccessLogEntry {
  method: string;
  route: string;
  status: number;
  durationMs: number;
}

const headerGetter: TextMapGetter<Headers> = {
  get: (headers, key) => headers.get(key) ?? undefined,
  keys: (headers) => [...headers.keys()],
};

export function requestTelemetry({ tracer, metrics, accessLog }: EdgeTelemetry): MiddlewareHandler<EdgeEnv> {
  return async (c, next) => {
    const started = performance.now();
    const method = knownMethod(c.req.method);
    const served = (span?: Span) => {
      // The handler that answered (a middleware's pattern when one refused the request first).
      const route = routePath(c);
      const status = c.res.status;
      const seconds = (performance.now() - started) / 1000;
      metrics?.requestServed(method, route, status, seconds);
      if (span) {
        span.updateName(`${method} ${route}`);
        span.setAttributes({ 'http.route': route, 'http.response.status_code': status });
        if (c.error) span.recordException(c.error);
        if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      }
      accessLog?.({ method, route, status, durationMs: Math.round(seconds * 1000) });
    };
    if (!tracer) {
      await next();
      served();
      return;
    }
    const parent = propagation.extract(ROOT_CONTEXT, c.req.raw.headers, headerGetter);
    const span = tracer.startSpan(method, { kind: SpanKind.SERVER, attributes: { 'http.request.method': method } }, parent);
    const active = trace.setSpan(parent, span);
    try {
      await context.with(active, next);
      context.with(active, () => served(span));
    } finally {
      span.end();
    }
  };
}
