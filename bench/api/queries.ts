import type { PrismaClient } from '../../prisma/client.js';
import { LIST_FILTER } from './seed.js';

// The HR journey list three ways: through the real GraphQL API, as the Prisma query one would write by
// hand for the same page, and as one JOIN query sent raw. Each returns the page's ids and the total.

export const GRAPHQL_LIST = `query HrJourneyList($filter: JourneyFilter, $orderBy: JourneyOrder) {
  journeys(first: 50, filter: $filter, orderBy: $orderBy) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node { id stage cycle enrolledAt candidate { name department } pathway { name } } }
  }
}`;

export const GRAPHQL_VARIABLES = {
  filter: { programId: LIST_FILTER.programId, stage: LIST_FILTER.stages.map((s) => s.toUpperCase()) },
  orderBy: { field: 'ENROLLED_AT', direction: 'DESC' },
};

export interface Page {
  ids: string[];
  total: number;
}

export async function prismaList(prisma: PrismaClient): Promise<Page> {
  const where = { programId: LIST_FILTER.programId, stage: { in: LIST_FILTER.stages } };
  const [rows, total] = await Promise.all([
    prisma.journey.findMany({
      where,
      orderBy: [{ enrolledAt: 'desc' }, { id: 'asc' }],
      take: 51,
      select: { id: true, stage: true, cycle: true, enrolledAt: true, candidate: { select: { name: true, department: true } }, pathway: { select: { name: true } } },
    }),
    prisma.journey.count({ where }),
  ]);
  return { ids: rows.slice(0, 50).map((r) => r.id), total };
}

const PAGE_SQL = `
  SELECT j."id", j."stage", j."cycle", j."enrolledAt", p."name", p."department", pw."name" AS "pathwayName"
  FROM "Journey" j JOIN "Person" p ON p."id" = j."candidateId" JOIN "Pathway" pw ON pw."id" = j."pathwayId"
  WHERE j."programId" = $1 AND j."stage" IN ($2, $3)
  ORDER BY j."enrolledAt" DESC, j."id" ASC
  LIMIT 51`;
const COUNT_SQL = 'SELECT count(*)::int AS "total" FROM "Journey" WHERE "programId" = $1 AND "stage" IN ($2, $3)';

export async function sqlList(prisma: PrismaClient): Promise<Page> {
  const params = [LIST_FILTER.programId, ...LIST_FILTER.stages];
  const [rows, counted] = await Promise.all([
    prisma.$queryRawUnsafe<{ id: string }[]>(PAGE_SQL, ...params),
    prisma.$queryRawUnsafe<{ total: number }[]>(COUNT_SQL, ...params),
  ]);
  return { ids: rows.slice(0, 50).map((r) => r.id), total: counted[0]!.total };
}

// The page and the total as Prisma sends them, for both the GraphQL list and the hand-written query
// (Prisma reads the page from Journey alone, then the candidates and pathways by id).
const PRISMA_PAGE_SQL = `
  SELECT "id", "stage", "cycle", "enrolledAt", "candidateId", "pathwayId" FROM "Journey"
  WHERE "programId" = $1 AND "stage" IN ($2, $3)
  ORDER BY "enrolledAt" DESC, "id" ASC
  LIMIT 51 OFFSET 0`;
const PRISMA_COUNT_SQL = `
  SELECT COUNT(*) FROM (SELECT "id" FROM "Journey" WHERE "programId" = $1 AND "stage" IN ($2, $3) OFFSET 0) AS "sub"`;

export interface Plans {
  page: string[];
  count: string[];
  join: string[];
}

/** The plans the database picks (first lines, costs left out): the page and the total as Prisma asks, and the raw JOIN. */
export async function explainList(prisma: PrismaClient): Promise<Plans> {
  const explain = async (sql: string, lines: number) => {
    const rows = await prisma.$queryRawUnsafe<{ 'QUERY PLAN': string }[]>(`EXPLAIN (COSTS OFF) ${sql}`, LIST_FILTER.programId, ...LIST_FILTER.stages);
    return rows.map((r) => r['QUERY PLAN'].trim()).slice(0, lines);
  };
  return { page: await explain(PRISMA_PAGE_SQL, 4), count: await explain(PRISMA_COUNT_SQL, 4), join: await explain(PAGE_SQL, 4) };
}
