import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // graphql ships CJS (main) and ESM (module) builds. Node gives libraries such as Pothos the CJS one;
    // Vite would give test files the ESM one, and two copies of graphql refuse each other's types.
    alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }],
  },
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/harness/global-setup.ts'],
    // Tests run on loopback with the development secrets, like `npm run dev` (config/index.ts).
    env: { DEV_MODE: 'true' },
    // Real servers (Temporal, PostgreSQL, a JVM) start inside hooks and tests.
    testTimeout: 120_000,
    hookTimeout: 300_000,
    // Forks, not threads: each file owns child servers and native Temporal bindings, and a crash or
    // process.exit in one must not take the others down.
    pool: 'forks',
    // The CI machine has 2 cores; more parallel files only make server start-ups time out.
    maxWorkers: 2,
    minWorkers: 1,
  },
});
