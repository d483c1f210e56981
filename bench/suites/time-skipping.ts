import type { SuiteOptions, SuiteOutput } from '../suite.js';

export async function run(_options: SuiteOptions): Promise<SuiteOutput> {
  throw new Error('not written yet');
}
