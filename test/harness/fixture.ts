import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { startTestApp, type TestApp } from './app.js';
import { createDevServerEnv, createTimeSkippingEnv } from './temporal.js';

// The one fixture for "a Temporal server, the app on it and a worker when asked": a test file says in
// one line which server it needs and how often, and gets the running parts; the hooks start and stop
// them in the right order. Tests that start a worker use app.withWorker / app.startWorker.

export interface AppFixtureOptions {
  /** The time-skipping test server (weeks pass in seconds) or the full dev server. */
  temporal: 'time-skipping' | 'dev-server';
  /**
   * 'file' (the default): one server and app for the whole file, its tests keeping apart by person.
   * 'test': a fresh server and database for each test, for tests whose facts depend on the skipped
   * clock (tenure, expiry) or on a journey no other test may have touched.
   */
  per?: 'file' | 'test';
  /** The app's options (database URL, the date the demo data is seeded as of). */
  app?: Parameters<typeof startTestApp>[1] | (() => Promise<Parameters<typeof startTestApp>[1]>);
  /** Stopped after the app, before the server (e.g. a PostgreSQL server the app used). */
  cleanup?: () => Promise<void>;
}

export interface AppFixture {
  readonly env: TestWorkflowEnvironment;
  readonly app: TestApp;
}

export function useTestApp(options: AppFixtureOptions): AppFixture {
  let env: TestWorkflowEnvironment | undefined;
  let app: TestApp | undefined;
  const start = async () => {
    env = options.temporal === 'time-skipping' ? await createTimeSkippingEnv() : await createDevServerEnv();
    const appOptions = typeof options.app === 'function' ? await options.app() : options.app;
    app = await startTestApp({ client: env.client, nativeConnection: env.nativeConnection, namespace: env.namespace ?? 'default' }, appOptions);
  };
  const stop = async () => {
    await app?.close();
    await options.cleanup?.();
    await env?.teardown();
    app = undefined;
    env = undefined;
  };
  if (options.per === 'test') {
    beforeEach(start);
    afterEach(stop);
  } else {
    beforeAll(start);
    afterAll(stop);
  }
  return {
    env: current('The Temporal server', () => env),
    app: current('The app', () => app),
  };
}

/**
 * The part as it is while a test runs, so a file can name `app` and `env` once at the top: property
 * reads go to whichever server and app the hooks started for the running test. Methods are bound to
 * the real object.
 */
function current<T extends object>(what: string, get: () => T | undefined): T {
  const target = () => {
    const value = get();
    if (!value) throw new Error(`${what} starts in a hook: use it inside a test or a hook, not at the top of the file.`);
    return value;
  };
  return new Proxy({} as T, {
    get(_, key) {
      const value = Reflect.get(target(), key) as unknown;
      return typeof value === 'function' ? value.bind(target()) : value;
    },
    has: (_, key) => Reflect.has(target(), key),
  });
}
