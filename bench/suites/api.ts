import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from '@temporalio/client';
import { seedDemoData } from '../../demo/seed.js';
import { mintDevToken } from '../../http/auth/tokens.js';
import { createGraphQLHandler } from '../../http/graphql.js';
import { openDatabase, type PrismaClient } from '../../prisma/client.js';
import { createServices } from '../../services/index.js';
import { startPostgres, type TestPostgres } from '../../test/harness/postgres.js';
import { explainList, GRAPHQL_LIST, GRAPHQL_VARIABLES, type Page, type Plans, prismaList, sqlList } from '../api/queries.js';
import { seedJourneys } from '../api/seed.js';
import { fmt, type Row, row } from '../report.js';
import { type Summary, summarize } from '../stats.js';
import type { SuiteOptions, SuiteOutput } from '../suite.js';

// The HR journey list (first 50, filtered by program and stage, newest enrolment first) over 10,000 and
// 100,000 journeys, through the real GraphQL handler in-process (yoga.fetch: auth, hardening, Pothos,
// Prisma), against the Prisma query written by hand for the same page and one JOIN query sent raw. On
// PGlite and on PostgreSQL, each database seeded once and grown between sizes. Requests are sequential:
// latency, not throughput, is the question here.

const SECRET = 'bench-secret-not-for-production-0123456789';
type Contender = 'graphql' | 'prisma' | 'sql';
type Kind = 'pglite' | 'postgres';

interface Measured {
  journeys: number;
  seedSeconds: number;
  graphqlDatabaseOperations: number;
  matchingJourneys: number;
  plans: Plans;
  graphql: Summary;
  prisma: Summary;
  sql: Summary;
}

async function measureDatabase(kind: Kind, sizes: number[], requests: number, log: SuiteOptions['log']): Promise<Measured[]> {
  let postgres: TestPostgres | undefined;
  if (kind === 'postgres') postgres = await startPostgres();
  const db = await openDatabase(postgres ? { url: postgres.url } : {});
  // Never connected: the journey list does not touch Temporal, and Connection.lazy() dials only on first use.
  const client = new Client();
  try {
    await db.migrate();
    await seedDemoData(db.prisma);
    const handler = (prisma: PrismaClient) =>
      createGraphQLHandler({
        services: createServices({ prisma, client, taskQueue: 'bench', uploadsDir: path.join(tmpdir(), 'certiflow-bench-uploads') }),
        jwtSecret: SECRET,
        // As a deployment answers (no GraphiQL, errors masked); the runner starts this suite with NODE_ENV=production.
        production: true,
        rateLimit: false,
      });
    const authorization = `Bearer ${await mintDevToken(SECRET, 'hana')}`;
    const body = JSON.stringify({ query: GRAPHQL_LIST, variables: GRAPHQL_VARIABLES });
    const request = async (yoga: ReturnType<typeof handler>): Promise<Page> => {
      const response = await yoga.fetch('http://bench.local/graphql', { method: 'POST', headers: { authorization, 'content-type': 'application/json' }, body });
      const result = (await response.json()) as { data?: { journeys: { totalCount: number; edges: { node: { id: string } }[] } }; errors?: unknown };
      if (!result.data) throw new Error(`GraphQL answered ${JSON.stringify(result.errors)}`);
      return { ids: result.data.journeys.edges.map((e) => e.node.id), total: result.data.journeys.totalCount };
    };
    const yoga = handler(db.prisma);
    const contenders: Record<Contender, () => Promise<Page>> = { graphql: () => request(yoga), prisma: () => prismaList(db.prisma), sql: () => sqlList(db.prisma) };
    // Through a client that counts its operations: how many database round trips one request makes.
    let operations = 0;
    const counting = db.prisma.$extends({
      query: {
        async $allOperations({ args, query }) {
          operations += 1;
          return query(args);
        },
      },
    }) as unknown as PrismaClient;
    const countingYoga = handler(counting);

    const results: Measured[] = [];
    let seeded = 0;
    for (const journeys of sizes) {
      const seedStart = performance.now();
      await seedJourneys(db.prisma, journeys, seeded + 1);
      seeded = journeys;
      const seedSeconds = (performance.now() - seedStart) / 1000;
      const size = journeys.toLocaleString('en-US');
      log(`${kind}: ${size} journeys seeded in ${fmt(seedSeconds)} s`);

      operations = 0;
      await request(countingYoga);
      const graphqlDatabaseOperations = operations;
      // All three must return the same page, or they are not doing the same work.
      const pages = await Promise.all(Object.values(contenders).map((fn) => fn()));
      for (const page of pages.slice(1)) {
        if (page.total !== pages[0]!.total || page.ids.join() !== pages[0]!.ids.join()) throw new Error(`${kind}, ${size} journeys: the three answers differ`);
      }
      for (let i = 0; i < 10; i++) for (const fn of Object.values(contenders)) await fn();

      const times: Record<Contender, number[]> = { graphql: [], prisma: [], sql: [] };
      const order = Object.keys(contenders) as Contender[];
      for (let i = 0; i < requests; i++) {
        // Interleaved, the order turning each time, so machine noise falls on all three alike.
        for (let k = 0; k < order.length; k++) {
          const name = order[(i + k) % order.length]!;
          const start = performance.now();
          await contenders[name]();
          times[name].push(performance.now() - start);
        }
        if ((i + 1) % Math.max(1, Math.round(requests / 4)) === 0) log(`${kind}, ${size} journeys: ${i + 1}/${requests} requests each`);
      }
      results.push({
        journeys,
        seedSeconds,
        graphqlDatabaseOperations,
        matchingJourneys: pages[0]!.total,
        plans: await explainList(db.prisma),
        graphql: summarize(times.graphql),
        prisma: summarize(times.prisma),
        sql: summarize(times.sql),
      });
    }
    return results;
  } finally {
    await db.close();
    await client.connection.close().catch(() => undefined);
    await postgres?.stop();
  }
}

export async function run({ quick, log }: SuiteOptions): Promise<SuiteOutput> {
  const sizes = quick ? [10_000] : [10_000, 100_000];
  const requests = quick ? 40 : 300;
  const rows: Row[] = [];
  const notes: string[] = [];
  const details: Record<string, unknown> = {};
  for (const kind of ['pglite', 'postgres'] as const) {
    const measured = await measureDatabase(kind, sizes, requests, log);
    const label = kind === 'pglite' ? 'PGlite' : 'PostgreSQL';
    for (const m of measured) {
      const size = `${m.journeys / 1000}k`;
      for (const p of ['p50', 'p99'] as const) {
        rows.push(row(`${label}, ${size} journeys: HR journey list via GraphQL ${p}`, 'ms', m.graphql[p], { 'hand-written Prisma query': m.prisma[p], 'one JOIN query, raw SQL': m.sql[p] }));
      }
      notes.push(
        `${label}, ${size}: ${m.matchingJourneys.toLocaleString('en-US')} of ${m.journeys.toLocaleString('en-US')} journeys match the filter; seeded in ${fmt(m.seedSeconds)} s; ` +
          `one GraphQL request made ${m.graphqlDatabaseOperations} database operations (the hand-written query 2); ` +
          `plans: page ${m.plans.page.join(' / ')}; total ${m.plans.count.join(' / ')}; raw JOIN ${m.plans.join.join(' / ')}.`,
      );
    }
    details[kind] = measured;
  }
  notes.push(
    'Query: journeys(first: 50, filter: { programId, stage: [AWAITING_SUBMISSION, AWAITING_ASSESSMENT] }, orderBy: { field: ENROLLED_AT, direction: DESC }) ' +
      'with totalCount, pageInfo, and per journey id, stage, cycle, enrolledAt, candidate { name department }, pathway { name }; as HR (hana), rate limiter off.',
    `This suite ran with NODE_ENV=${process.env.NODE_ENV ?? 'unset'} (npm run bench starts it in a process of its own with NODE_ENV=production, as deployments run) and the handler's production settings. ` +
      'GraphQL goes through yoga.fetch in-process: bearer-token check and viewer lookup (one query), the hardening plugins, Pothos with its Prisma plugin ' +
      '(the page, its candidates and pathways, and the total started beside the page). The hand-written Prisma query and the raw SQL fetch the same page and ' +
      'count (checked equal before timing, at each size); all three run sequentially, interleaved.',
    'Indexes (migration 0011): Journey (programId, enrolledAt DESC, id) serves this page, read in order with the stage checked row by row, for all ' +
      'three contenders (plans above); (programId, stage, enrolledAt DESC, id) a single stage\'s page in order and totals where the program narrows ' +
      'the rows (here one program holds every journey, so the total counts through the stage index); (enrolledAt DESC, id) the unfiltered list.',
    'The raw query joins Person and Pathway in the database; Prisma reads the page from Journey alone and then its candidates and pathways by id: raw SQL ' +
      'is another way to ask, not a floor.',
  );
  return {
    title: 'HR journey list over 10,000 and 100,000 journeys: GraphQL API vs hand-written Prisma, on PGlite and PostgreSQL',
    sizes: { journeys: sizes.map((n) => n.toLocaleString('en-US')).join(' and '), requestsEach: requests, pageSize: 50 },
    rows,
    notes,
    details,
  };
}
