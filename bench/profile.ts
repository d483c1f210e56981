import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';

// A sampling CPU profile of this process's main thread, summed by who owns the code, so a run can say
// whether the embedded database, Prisma, GraphQL, the Temporal SDK or Certiflow's own code kept it busy.
// Sampling every 10 ms costs well under 1% and is applied to baselines and Certiflow alike.

interface ProfileNode {
  callFrame: { functionName: string; url: string };
  hitCount?: number;
}

export type Samples = Record<string, number>;

export const PGLITE = 'PGlite (PostgreSQL in WebAssembly)';
export const QUERY_COMPILER = 'Prisma query compiler (WebAssembly)';

// WebAssembly frames carry no names, only a module hash: PGlite's modules are found by profiling PGlite alone.
let pgliteModules: Promise<Set<string>> | undefined;
async function findPgliteModules(): Promise<Set<string>> {
  const pglite = new PGlite();
  await pglite.waitReady;
  const samples = await sampling(async () => {
    for (let i = 0; i < 200; i++) await pglite.query('SELECT count(*) FROM pg_class');
  }, 500);
  await pglite.close();
  return new Set(samples.filter((n) => n.callFrame.url.startsWith('wasm://')).map((n) => n.callFrame.url));
}

const OWNERS: [string, (url: string, fn: string, pglite: Set<string>) => boolean][] = [
  ['idle', (_u, fn) => fn === '(idle)'],
  ['garbage collection', (_u, fn) => fn === '(garbage collector)'],
  ['V8 and native code (program)', (_u, fn) => fn === '(program)'],
  [PGLITE, (u, _f, pglite) => pglite.has(u) || u.includes('@electric-sql/pglite') || u.includes('pglite-prisma-adapter')],
  [QUERY_COMPILER, (u) => u.startsWith('wasm://')],
  ['Prisma client', (u) => u.includes('/@prisma/') || u.includes('/generated/prisma/')],
  ['GraphQL (yoga, Pothos, graphql-js)', (u) => /\/node_modules\/(graphql|graphql-yoga|@graphql-yoga|@pothos|@envelop|@whatwg-node|@escape\.tech)\//.test(u)],
  ['Temporal SDK', (u) => u.includes('/@temporalio/')],
  ['mail (nodemailer, smtp-server, mailparser)', (u) => /\/node_modules\/(nodemailer|smtp-server|mailparser|libmime|libqp|libbase64|iconv-lite|html-to-text)\//.test(u)],
  ['other libraries', (u) => u.includes('/node_modules/')],
  ['Certiflow and bench code', (u) => u.startsWith('file://') || u.startsWith('/')],
  ['Node.js runtime (native calls, worker-thread messages, async hooks)', () => true],
];

// BENCH_PROFILE_DIR keeps each profile whole (`<label>-<n>.cpuprofile`, for Chrome DevTools' Performance
// panel): the owners' shares say which library, the call tree says which caller made it busy.
const keepIn = process.env.BENCH_PROFILE_DIR;
let kept = 0;

async function sampling(fn: () => Promise<void>, intervalMicros: number, label?: string): Promise<ProfileNode[]> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: intervalMicros });
  await session.post('Profiler.start');
  let nodes: ProfileNode[] = [];
  try {
    await fn();
  } finally {
    const { profile } = (await session.post('Profiler.stop')) as { profile: { nodes: ProfileNode[] } };
    session.disconnect();
    if (keepIn && label) {
      mkdirSync(keepIn, { recursive: true });
      writeFileSync(path.join(keepIn, `${label.replace(/[^\w-]+/g, '-')}-${++kept}.cpuprofile`), JSON.stringify(profile));
    }
    nodes = profile.nodes.filter((n) => (n.hitCount ?? 0) > 0);
  }
  return nodes;
}

/** Runs `fn` under the profiler and returns its samples by owner (counts; see shares()). */
export async function profileOwners<T>(fn: () => Promise<T>, label = 'profile'): Promise<{ value: T; samples: Samples }> {
  pgliteModules ??= findPgliteModules();
  const pglite = await pgliteModules;
  let value: T | undefined;
  const nodes = await sampling(
    async () => {
      value = await fn();
    },
    10_000,
    label,
  );
  const samples: Samples = {};
  for (const { callFrame, hitCount = 0 } of nodes) {
    const owner = OWNERS.find(([, matches]) => matches(callFrame.url, callFrame.functionName, pglite))![0];
    samples[owner] = (samples[owner] ?? 0) + hitCount;
  }
  return { value: value as T, samples };
}

export function mergeSamples(a: Samples, b: Samples): Samples {
  const merged = { ...a };
  for (const [owner, hits] of Object.entries(b)) merged[owner] = (merged[owner] ?? 0) + hits;
  return merged;
}

/** Shares of the busy samples (idle left out), largest first. */
export function busyShares(samples: Samples): Record<string, number> {
  const busy = Object.entries(samples).filter(([owner]) => owner !== 'idle');
  const total = busy.reduce((sum, [, hits]) => sum + hits, 0) || 1;
  return Object.fromEntries(busy.sort((x, y) => y[1] - x[1]).map(([owner, hits]) => [owner, hits / total]));
}
