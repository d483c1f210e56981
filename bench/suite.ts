import type { Row } from './report.js';

// What every suite module exports as `run`: it measures Certiflow and its baseline in the same run.

export interface SuiteOptions {
  /** Small sizes, for trying the suites out (--quick). */
  quick: boolean;
  log: (message: string) => void;
}

export interface SuiteOutput {
  title: string;
  sizes: Record<string, number | string>;
  rows: Row[];
  notes: string[];
  details?: Record<string, unknown>;
}

export type Suite = (options: SuiteOptions) => Promise<SuiteOutput>;
