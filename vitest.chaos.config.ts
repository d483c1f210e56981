import { defineConfig } from 'vitest/config';
import base from './vitest.config.js';

// `npm run test:chaos`: the long versions of the reliability tests in test/chaos (CHAOS_SCALE=full),
// one file at a time so each has the machine to itself and its figures mean something. The short
// versions of the same files run inside `npm test`.
export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: ['test/chaos/**/*.test.ts'],
    maxWorkers: 1,
    minWorkers: 1,
  },
});
