import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/index.js';
import { otlpTracesUrl } from '../../config/telemetry.js';
import { configProblems, PRODUCTION_ENV } from '../config/production-env.js';

// The observability settings fail closed like the secrets do (config/index.ts): journey counts by
// program are business data, so the metrics endpoint is never reachable from another machine without a
// token, and never shares the public port.

const PRODUCTION = PRODUCTION_ENV;
const TOKEN = '5b1d0c7e9a2f4e36b8c1d0e7f9a2b4c6';
const problems = configProblems;

describe('metrics settings', () => {
  it('serve nothing by default: no port, loopback host, no worker address', () => {
    const config = loadConfig(PRODUCTION as unknown as NodeJS.ProcessEnv);
    expect(config.METRICS_HOST).toBe('127.0.0.1');
    expect([config.METRICS_PORT, config.METRICS_TOKEN, config.WORKER_METRICS_ADDRESS, config.OTEL_EXPORTER_OTLP_ENDPOINT]).toEqual([undefined, undefined, undefined, undefined]);
  });

  it('refuse a metrics endpoint on a non-loopback address without a bearer token, in DEV_MODE too', () => {
    expect(problems({ ...PRODUCTION, METRICS_PORT: '9464', METRICS_HOST: '0.0.0.0' })).toContain('METRICS_TOKEN: must be set when METRICS_HOST is not a loopback address');
    expect(problems({ DEV_MODE: 'true', METRICS_PORT: '9464', METRICS_HOST: '10.0.0.5' })).toContain('METRICS_TOKEN: must be set');
    expect(problems({ ...PRODUCTION, METRICS_PORT: '9464', METRICS_HOST: '0.0.0.0', METRICS_TOKEN: TOKEN })).toBe('');
    expect(problems({ ...PRODUCTION, METRICS_PORT: '9464' })).toBe('');
  });

  it('refuse a short token outside DEV_MODE, and the public port', () => {
    expect(problems({ ...PRODUCTION, METRICS_PORT: '9464', METRICS_TOKEN: 'sixteen-chars-ok' })).toContain('METRICS_TOKEN: must be at least 32 characters');
    expect(problems({ DEV_MODE: 'true', METRICS_PORT: '9464', METRICS_TOKEN: 'sixteen-chars-ok' })).toBe('');
    expect(problems({ ...PRODUCTION, API_PORT: '8080', METRICS_PORT: '8080' })).toContain('METRICS_PORT: must differ from API_PORT');
  });

  it('take the worker metrics address as an IP address and port', () => {
    for (const address of ['127.0.0.1:9464', '0.0.0.0:9090', '[::]:9464', '[::1]:1']) expect(problems({ ...PRODUCTION, WORKER_METRICS_ADDRESS: address })).toBe('');
    for (const address of ['localhost:9464', '9464', '127.0.0.1', '127.0.0.1:70000', '::1:9464']) {
      expect(problems({ ...PRODUCTION, WORKER_METRICS_ADDRESS: address })).toContain('WORKER_METRICS_ADDRESS: an IP address and port');
    }
  });
});

describe('tracing settings', () => {
  const off = { OTEL_SDK_DISABLED: 'false' } as const;
  it('trace only with an OTLP endpoint, the traces endpoint taking precedence', () => {
    expect(otlpTracesUrl(off)).toBeNull();
    expect(otlpTracesUrl({ ...off, OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' })).toBe('http://collector:4318/v1/traces');
    expect(otlpTracesUrl({ ...off, OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://traces.example.com/otlp' })).toBe(
      'https://traces.example.com/otlp',
    );
    expect(otlpTracesUrl({ OTEL_SDK_DISABLED: 'true', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toBeNull();
  });

  it('refuse an endpoint that is not a URL', () => {
    expect(problems({ ...PRODUCTION, OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' })).toContain('OTEL_EXPORTER_OTLP_ENDPOINT: an http(s) URL');
    expect(problems({ ...PRODUCTION, OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel-collector:4318' })).toBe('');
  });
});
