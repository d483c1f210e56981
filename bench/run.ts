import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { machineFacts } from './machine.js';
import { descendantPids } from './proc.js';
import { printSuite, SUITE_ORDER, type SuiteResult, writeResult } from './report.js';
import type { Suite } from './suite.js';

// npm run bench [-- <suite>... ] [--quick]
// Runs the suites one after another (they would only disturb each other's timings in parallel), prints
// each one's figures with its baseline, and writes bench/results/<suite>.json and latest.md.

// Benchmarks run on loopback with the development secrets, as the tests do; children inherit it.
if (process.env.NODE_ENV !== 'production') process.env.DEV_MODE ??= 'true';

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

// Measured as deployments run them (README, "Production"): graphql-js and other libraries drop their
// development-time checks only when NODE_ENV=production is set before they load, so these suites run in a
// child process of their own, configured as a deployment is: no DEV_MODE (production refuses it), fresh secrets.
const PRODUCTION_MODE_SUITES = new Set(['api']);

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

function withoutDevMode(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { DEV_MODE: _devMode, ...rest } = env;
  return rest;
}

const freshSecrets = () => Object.fromEntries(['AUTH_JWT_SECRET', 'APPROVAL_LINK_SECRET', 'PORTAL_SECRET'].map((name) => [name, randomBytes(32).toString('base64url')]));

let failed = 0;
// Suites run in a child process report their own results; the summary line is for the ones run here.
let ranHere = 0;
for (const name of selected) {
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const machine = machineFacts();
  const log = (message: string) => console.log(`[${name} ${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${message}`);
  if (PRODUCTION_MODE_SUITES.has(name) && process.env.NODE_ENV !== 'production') {
    log('starting in its own process with NODE_ENV=production');
    const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), name, ...(quick ? ['--quick'] : [])], {
      stdio: 'inherit',
      env: { ...withoutDevMode(process.env), NODE_ENV: 'production', PUBLIC_URL: 'https://certiflow.bench.invalid', ...freshSecrets() },
    });
    if (child.status !== 0) failed += 1;
    continue;
  }
  log(`starting${quick ? ' (quick sizes)' : ''}${process.env.NODE_ENV === 'production' ? ' with NODE_ENV=production' : ''}`);
  try {
    const run = await suites[name]!();
    const output = await run({ quick, log });
    const result: SuiteResult = { suite: name, quick, startedAt, durationSeconds: (performance.now() - started) / 1000, machine, ...output };
    printSuite(result);
    writeResult(result);
    ranHere += 1;
  } catch (error) {
    failed += 1;
    console.error(`[${name}] failed:`, error);
  }
}
if (failed > 0) console.log(`\n${failed} suite(s) failed.`);
else if (ranHere > 0) console.log('\nResults written to bench/results/ (latest.md and one JSON per suite).');
// Temporal's native runtime and leftover sockets would otherwise keep the process alive.
process.exit(failed === 0 ? 0 : 1);
