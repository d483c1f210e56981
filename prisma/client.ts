import { mkdirSync, readFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import type { SqlDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import pg from 'pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { PrismaClient } from '../generated/prisma/client.js';
import { applyMigrations, type SqlExecutor } from './migrate.js';

export { PrismaClient } from '../generated/prisma/client.js';
export { Prisma } from '../generated/prisma/client.js';
export type { CalibrationExercise, Person } from '../generated/prisma/client.js';

export type DatabaseKind = 'pglite' | 'postgres';

export interface Database {
  kind: DatabaseKind;
  prisma: PrismaClient;
  /** Applies committed migrations that have not run yet; returns the names applied. */
  migrate(): Promise<string[]>;
  /** An embedded database's files as a tarball, from which an in-memory one can start (PGlite only). */
  dump?(): Promise<Blob>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** A PostgreSQL server; when absent the embedded PGlite database is used. */
  url?: string;
  /** PGlite data directory; absent means in-memory (tests). */
  dataDir?: string;
  /** In-memory only: start empty even when a template is set (the tests of migrations themselves). */
  fresh?: boolean;
}

/**
 * A tarball of a migrated, empty database that in-memory databases start from (`dump()` made it): the
 * test run makes it once (test/harness/global-setup.ts), so each of the many test databases skips
 * initdb and the migrations (about 1.5 s of CPU each). `migrate()` still runs and finds them applied.
 */
export const IN_MEMORY_TEMPLATE_ENV = 'CERTIFLOW_PGLITE_TEMPLATE';
let template: { path: string; data: Blob } | undefined;

function inMemoryTemplate(): Blob | undefined {
  const path = process.env[IN_MEMORY_TEMPLATE_ENV];
  if (!path) return undefined;
  if (template?.path !== path) template = { path, data: new Blob([readFileSync(path)]) };
  return template.data;
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  return options.url ? openPostgres(options.url) : openPglite(options.dataDir, options.fresh ? undefined : inMemoryTemplate());
}

async function openPglite(dataDir: string | undefined, loadDataDir: Blob | undefined): Promise<Database> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  // One process owns a PGlite directory: with the embedded database, worker and API share a process.
  const pglite = dataDir ? new PGlite(dataDir) : new PGlite(loadDataDir ? { loadDataDir } : undefined);
  await pglite.waitReady;
  const prisma = new PrismaClient({ adapter: pgliteAdapter(pglite) });
  const executor: SqlExecutor = {
    exec: async (sql) => {
      await pglite.exec(sql);
    },
    query: async (sql, params) => (await pglite.query<Record<string, unknown>>(sql, params)).rows,
  };
  return {
    kind: 'pglite',
    prisma,
    migrate: () => applyMigrations(executor),
    dump: () => pglite.dumpDataDir('none'),
    close: async () => {
      await prisma.$disconnect();
      await pglite.close();
    },
  };
}

// pglite-prisma-adapter 0.6 pins an older @prisma/driver-adapter-utils whose types differ only nominally;
// the runtime protocol is the one Prisma 6.19 speaks (checked by test/prisma/migrate.test.ts).
export function pgliteAdapter(pglite: PGlite): SqlDriverAdapterFactory {
  return new PrismaPGlite(pglite) as unknown as SqlDriverAdapterFactory;
}

async function openPostgres(url: string): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: Number(process.env.DATABASE_POOL_SIZE ?? 10) });
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  return {
    kind: 'postgres',
    prisma,
    migrate: async () => {
      // One connection for the whole run: the advisory lock belongs to the session that took it.
      const connection = await pool.connect();
      try {
        return await applyMigrations({
          exec: async (sql) => {
            await connection.query(sql);
          },
          query: async (sql, params) => (await connection.query(sql, params as unknown[])).rows,
        });
      } finally {
        connection.release();
      }
    },
    close: async () => {
      await prisma.$disconnect();
      await pool.end().catch(() => undefined);
    },
  };
}
