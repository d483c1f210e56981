import pino, { type Logger } from 'pino';
import type { Config } from './index.js';
import { traceLogFields } from './telemetry.js';

/**
 * Readable one-line logs in development (coloured only on a terminal), JSON in production. A line written
 * while a span is active carries its `trace_id` and `span_id` (config/telemetry.ts).
 */
export function createLogger(config: Pick<Config, 'LOG_LEVEL' | 'NODE_ENV'>, name: string): Logger {
  return pino({
    name,
    level: config.LOG_LEVEL,
    mixin: traceLogFields,
    ...(config.NODE_ENV === 'production'
      ? {}
      : { transport: { target: 'pino-pretty', options: { ignore: 'pid,hostname', translateTime: 'HH:MM:ss' } } }),
  });
}
