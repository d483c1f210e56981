import { machineFacts } from './machine.js';
import { descendantPids } from './proc.js';
import { printSuite, SUITE_ORDER, type SuiteResult, writeResult } from './report.js';
import type { Suite } from './suite.js';

// npm run bench [-- <suite>... ] [--quick]
// Runs the suites one after another (they would only disturb each other's timings in parallel), prints
// each one's figures with its baseline, and writes bench/results/<suite>.json and latest.md.

// Benchmarks run on loopback with the development secrets, as the tests do; children inherit it.
process.env.DEV_MODE ??= 'true';

const suites: Record<string, () => Promise<Suite>> = {
  journeys: async () => (await import('./suites/journeys.js')).run,
  'journeys-postgres': async () => (await import('./suites/journeys.js')).runPostgres,
  'journeys-production': async () => (await import('./suites/journeys.js')).runProduction,
  rules: async () => (await import('./suites/rules.js')).run,
  cli: async () => (await import('./suites/cli.js')).run,
  api: async () => (await import('./suites/api.js')).run,
  'worker-memory': async () => (await import('./suites/worker-memory.js')).run,
  'time-skipping': async () => (await import('./suites/time-skipping.js')).run,
};

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const unknownFlags = args.filter((a) => a.startsWith('-') && a !== '--quick');
const named = args.filter((a) => !a.startsWith('-'));
const unknownSuites = named.filter((name) => !(name in suites));
if (unknownFlags.length > 0 || unknownSuites.length > 0 || args.includes('--help')) {
  console.error(`Usage: npm run bench [-- <suite>...] [--quick]\nSuites: ${SUITE_ORDER.join(', ')}`);
  process.exit(args.includes('--help') ? 0 : 1);
}
const selected = named.length > 0 ? SUITE_ORDER.filter((name) => named.includes(name)) : SUITE_ORDER;

// Interrupted, the suites' clean-up never runs: stop the servers they started (PostgreSQL stops itself on exit).
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    for (const pid of [...descendantPids('temporal'), ...descendantPids('java')]) process.kill(pid, 'SIGKILL');
    process.exit(130);
  });
}

let failed = 0;
for (const name of selected) {
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const machine = machineFacts();
  const log = (message: string) => console.log(`[${name} ${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${message}`);
  log(`starting${quick ? ' (quick sizes)' : ''}`);
  try {
    const run = await suites[name]!();
    const output = await run({ quick, log });
    const result: SuiteResult = { suite: name, quick, startedAt, durationSeconds: (performance.now() - started) / 1000, machine, ...output };
    printSuite(result);
    writeResult(result);
  } catch (error) {
    failed += 1;
    console.error(`[${name}] failed:`, error);
  }
}
console.log(failed === 0 ? '\nResults written to bench/results/ (latest.md and one JSON per suite).' : `\n${failed} suite(s) failed.`);
// Temporal's native runtime and leftover sockets would otherwise keep the process alive.
process.exit(failed === 0 ? 0 : 1);
