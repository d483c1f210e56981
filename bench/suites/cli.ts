import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { buildBundle, freshBundle } from '../../scripts/cli/bundle.mjs';
import { row, type Row } from '../report.js';
import { summarize } from '../stats.js';
import type { SuiteOptions, SuiteOutput } from '../suite.js';

// How long `certiflow rules validate <file>` takes from a cold start (a new process, as a CI step or an
// author in a terminal runs it), against the floor of any Node.js command and against the least a
// validator in Node.js does: load ajv, compile the same JSON Schema, read and check the same file.
// Each run is a fresh process timed until it exits; the variants take turns, so load drifts onto all alike.

const root = fileURLToPath(new URL('../../', import.meta.url));
const FILE = 'rules/sets/cloud-architecture-practitioner.eligibility.json';

/** The baseline validator: what a plain script needs to say whether the file matches the schema. */
const AJV_ONLY = `
import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020.js';
const schema = JSON.parse(readFileSync('rules/rule-set.schema.json', 'utf8'));
const validate = new Ajv2020({ allErrors: true, verbose: true }).compile(schema);
const ok = validate(JSON.parse(readFileSync(process.argv[1], 'utf8')));
console.log(ok ? 'valid' : JSON.stringify(validate.errors));
process.exitCode = ok ? 0 : 1;
`;

const variants = {
  bundle: { command: process.execPath, args: ['scripts/certiflow.mjs', 'rules', 'validate', FILE] },
  sources: { command: process.execPath, args: ['--import', 'tsx', 'scripts/cli/main.ts', 'rules', 'validate', FILE] },
  npx: { command: 'npx', args: ['certiflow', 'rules', 'validate', FILE] },
  nodeOnly: { command: process.execPath, args: ['-e', '0'] },
  ajvOnly: { command: process.execPath, args: ['--input-type=module', '-e', AJV_ONLY, FILE] },
};
type Variant = keyof typeof variants;

function timeOnce(name: Variant): number {
  const { command, args } = variants[name];
  const started = performance.now();
  const run = spawnSync(command, args, { cwd: root, encoding: 'utf8' });
  const ms = performance.now() - started;
  if (run.status !== 0 || (name !== 'nodeOnly' && !run.stdout.includes('valid'))) {
    throw new Error(`${name} failed (exit ${run.status}): ${run.stderr || run.stdout}`);
  }
  return ms;
}

export async function run({ quick, log }: SuiteOptions): Promise<SuiteOutput> {
  const runs = quick ? 5 : 20;
  // The suite measures what `npm ci` leaves: a bundle matching the sources.
  const rebuilt = freshBundle() === null;
  if (rebuilt) log(`built the CLI bundle: ${JSON.stringify(await buildBundle())}`);
  for (const name of Object.keys(variants) as Variant[]) timeOnce(name); // warm the file cache and npx's own
  const samples = Object.fromEntries(Object.keys(variants).map((name) => [name, [] as number[]])) as Record<Variant, number[]>;
  for (let i = 1; i <= runs; i++) {
    for (const name of Object.keys(variants) as Variant[]) samples[name].push(timeOnce(name));
    if (i % 5 === 0 || i === runs) log(`${i}/${runs}: ${Object.entries(samples).map(([n, s]) => `${n} ${Math.round(s.at(-1)!)} ms`).join(', ')}`);
  }
  const s = Object.fromEntries(Object.entries(samples).map(([n, v]) => [n, summarize(v)])) as Record<Variant, ReturnType<typeof summarize>>;
  const baselines = (p: 'p50' | 'p90') => ({ 'node -e 0': s.nodeOnly[p], 'plain script: ajv compiles the schema, checks the file': s.ajvOnly[p] });
  const rows: Row[] = [
    row('rules validate, cold start, p50: node scripts/certiflow.mjs (prebuilt bundle)', 'ms', s.bundle.p50, baselines('p50')),
    row('rules validate, cold start, p90: node scripts/certiflow.mjs (prebuilt bundle)', 'ms', s.bundle.p90, baselines('p90')),
    row('rules validate, cold start, p50: from the TypeScript sources through tsx (the fallback)', 'ms', s.sources.p50, baselines('p50')),
    row('rules validate, cold start, p50: npx certiflow (prebuilt bundle, after npx resolves the bin)', 'ms', s.npx.p50, baselines('p50')),
  ];
  return {
    title: 'cold start of `certiflow rules validate <file>` vs a bare Node.js process and a plain ajv script',
    sizes: { runsEach: runs, file: FILE },
    rows,
    notes: [
      `Each run is a new process, timed from spawn to exit; ${runs} runs of each variant, taking turns, after one warm-up run each${rebuilt ? '; the bundle was stale or missing and was built first' : ''}.`,
      'The bundle (dist/cli/, scripts/cli/build.mjs at npm install) holds the CLI as JavaScript, with the rule-set schema compiled ahead of time by ajv standalone; `rules validate` loads commander, ajv\'s runtime helpers and the validation modules, and no Prisma, Temporal or GraphQL. scripts/certiflow.mjs checks the bundle against its sources (size and time, else content) before using it.',
      'npx resolves the project\'s own bin by reading the whole node_modules tree before it starts node: that, not the CLI, is most of its figure.',
    ],
    details: { summaries: s, samples },
  };
}
