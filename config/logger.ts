import pino, { type Logger } from 'pino';
import type { Config } from './index.js';

/** Readable one-line logs in development (coloured only on a terminal), JSON in production. */
export function createLogger(config: Pick<Config, 'LOG_LEVEL' | 'NODE_ENV'>, name: string): Logger {
  return pino({
    name,
    level: config.LOG_LEVEL,
    ...(config.NODE_ENV === 'production'
      ? {}
      : { transport: { target: 'pino-pretty', options: { ignore: 'pid,hostname', translateTime: 'HH:MM:ss' } } }),
  });
}
