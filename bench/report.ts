import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { MachineFacts } from './machine.js';
import { ratio } from './stats.js';

// Every figure is printed and stored next to the baseline it is compared with, measured in the same run.
// Ratios are always Certiflow ÷ baseline: above 1 for a time means slower, below 1 for a rate means fewer.

export interface Comparison {
  baseline: string;
  value: number;
  ratio: number | null;
}

export interface Row {
  metric: string;
  unit: string;
  certiflow: number;
  baselines: Comparison[];
}

export interface SuiteResult {
  suite: string;
  title: string;
  quick: boolean;
  startedAt: string;
  durationSeconds: number;
  machine: MachineFacts;
  /** The sizes actually run (after --quick), e.g. { journeys: 1000, concurrency: 50 }. */
  sizes: Record<string, number | string>;
  rows: Row[];
  /** What a reader needs to interpret the rows: bottlenecks, deviations from the issue's sizes. */
  notes: string[];
  details?: Record<string, unknown>;
}

export const resultsDir = fileURLToPath(new URL('./results/', import.meta.url));

/** A row comparing one Certiflow figure with one or more baselines. */
export function row(metric: string, unit: string, certiflow: number, baselines: Record<string, number | null>): Row {
  return {
    metric,
    unit,
    certiflow,
    baselines: Object.entries(baselines).map(([baseline, value]) => ({ baseline, value: value ?? Number.NaN, ratio: ratio(certiflow, value) })),
  };
}

export const fmt = (value: number | null | undefined): string => {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  const abs = Math.abs(value);
  if (abs >= 1000) return Math.round(value).toLocaleString('en-US');
  if (abs >= 100) return value.toFixed(0);
  if (abs >= 10) return value.toFixed(1);
  if (abs >= 1) return value.toFixed(2);
  return value.toPrecision(2);
};

const fmtRatio = (value: number | null): string => (value === null || !Number.isFinite(value) ? '–' : `${fmt(value)}×`);

/** The suite's rows as a Markdown table (also readable in a terminal). */
export function rowsTable(rows: Row[]): string {
  const lines = ['| metric | Certiflow | baseline | baseline value | Certiflow ÷ baseline |', '|---|---:|---|---:|---:|'];
  for (const r of rows) {
    const first = r.baselines[0];
    lines.push(`| ${r.metric} (${r.unit}) | ${fmt(r.certiflow)} | ${first?.baseline ?? '–'} | ${fmt(first?.value)} | ${fmtRatio(first?.ratio ?? null)} |`);
    for (const other of r.baselines.slice(1)) {
      lines.push(`| ″ | ″ | ${other.baseline} | ${fmt(other.value)} | ${fmtRatio(other.ratio)} |`);
    }
  }
  return lines.join('\n');
}

function suiteSection(result: SuiteResult): string {
  const sizes = Object.entries(result.sizes).map(([k, v]) => `${k} ${typeof v === 'number' ? v.toLocaleString('en-US') : v}`).join(', ');
  const m = result.machine;
  return [
    `## ${result.suite}: ${result.title}`,
    '',
    `${result.quick ? '**Quick run** (--quick sizes). ' : ''}Sizes: ${sizes}. Ran ${result.startedAt} for ${fmt(result.durationSeconds)} s on ` +
      `${m.cpus} × ${m.cpuModel}, ${m.memoryGiB} GiB, Node ${m.node}, load ${m.loadAverage1m} at start, commit ${m.commit}` +
      `${m.uncommittedFiles ? ` with ${m.uncommittedFiles} uncommitted changed files in the checkout` : ''}.`,
    '',
    rowsTable(result.rows),
    '',
    ...result.notes.map((note) => `- ${note}`),
    '',
  ].join('\n');
}

export function printSuite(result: SuiteResult): void {
  console.log(`\n${suiteSection(result)}`);
}

/** Writes `results/<suite>.json` and rebuilds `results/latest.md` from every suite's newest result. */
export function writeResult(result: SuiteResult): void {
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(`${resultsDir}${result.suite}.json`, `${JSON.stringify(result, null, 2)}\n`);
  writeLatest();
}

export const SUITE_ORDER = ['journeys', 'journeys-postgres', 'journeys-production', 'rules', 'cli', 'api', 'worker-memory', 'time-skipping'];

export function readResults(): SuiteResult[] {
  const files = readdirSync(resultsDir).filter((f) => f.endsWith('.json'));
  const results = files.map((f) => JSON.parse(readFileSync(`${resultsDir}${f}`, 'utf8')) as SuiteResult);
  return results.sort((a, b) => SUITE_ORDER.indexOf(a.suite) - SUITE_ORDER.indexOf(b.suite));
}

function writeLatest(): void {
  const results = readResults();
  const header = [
    '# Certiflow benchmarks: latest results',
    '',
    'Written by `npm run bench` (see README, Performance). Each suite compares Certiflow with a baseline',
    'measured in the same run on the same machine; ratios are Certiflow ÷ baseline. Suites keep their own',
    'newest result, so a suite run alone replaces only its own section.',
    '',
  ];
  writeFileSync(`${resultsDir}latest.md`, [...header, ...results.map(suiteSection)].join('\n'));
}
