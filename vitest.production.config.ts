import { defineConfig } from 'vitest/config';
import base from './vitest.config.js';

// `npm run test:production`: the long version of the production topology test (PRODUCTION_SCALE=full),
// alone on the machine so its figures mean something. The short version runs inside `npm test`.
export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: ['test/production/**/*.test.ts'],
    maxWorkers: 1,
    minWorkers: 1,
  },
});
