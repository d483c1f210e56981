import { createHash } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../prisma/client.js';
import { applyMigrations, listMigrations, type Migration, type SqlExecutor } from '../../prisma/migrate.js';
import { startPostgres, type TestPostgres } from '../harness/postgres.js';

// The same checks on both databases Certiflow runs on: PGlite in-process and a real PostgreSQL server.

interface RawConnection {
  executor: SqlExecutor;
  close(): Promise<void>;
}

interface Backend {
  name: string;
  start(): Promise<void>;
  open(): Promise<Database>;
  /** A connection beside Prisma's, for driving the migration runner directly. */
  connectRaw(): Promise<RawConnection>;
  stop(): Promise<void>;
}

function pgliteBackend(): Backend {
  return {
    name: 'PGlite',
    start: async () => undefined,
    // Empty, not the run's migrated template: these tests apply the migrations themselves.
    open: () => openDatabase({ fresh: true }),
    // In-memory PGlite is private to its instance, so this is a separate, empty database.
    connectRaw: async () => {
      const db = new PGlite();
      await db.waitReady;
      return {
        executor: {
          exec: async (sql) => {
            await db.exec(sql);
          },
          query: async (sql, params) => (await db.query<Record<string, unknown>>(sql, params)).rows,
        },
        close: () => db.close(),
      };
    },
    stop: async () => undefined,
  };
}

function postgresBackend(): Backend {
  let server: TestPostgres | undefined;
  const url = () => {
    if (!server) throw new Error('PostgreSQL was not started');
    return server.url;
  };
  return {
    name: 'PostgreSQL',
    start: async () => {
      server = await startPostgres();
    },
    open: () => openDatabase({ url: url() }),
    connectRaw: async () => {
      // One client, so the runner's advisory lock and unlock happen in the same session.
      const client = new pg.Client({ connectionString: url() });
      await client.connect();
      return {
        executor: {
          exec: async (sql) => {
            await client.query(sql);
          },
          query: async (sql, params) => (await client.query(sql, params)).rows,
        },
        close: () => client.end(),
      };
    },
    stop: async () => {
      await server?.stop();
    },
  };
}

function edited(migrations: Migration[]): Migration[] {
  return migrations.map((migration, index) => {
    if (index !== 0) return migration;
    const sql = `${migration.sql}\n-- edited after it was applied\n`;
    return { ...migration, sql, checksum: createHash('sha256').update(sql).digest('hex') };
  });
}

const person = (id: string) => ({
  id,
  email: `${id}@example.com`,
  name: `Person ${id}`,
  department: 'Engineering',
  title: 'Engineer',
  roles: ['candidate'],
  hiredAt: new Date('2021-03-01T00:00:00.000Z'),
});

describe.each([pgliteBackend(), postgresBackend()])('migrations and Prisma on $name', (backend) => {
  let db: Database;

  beforeAll(async () => {
    await backend.start();
    db = await backend.open();
  });

  afterAll(async () => {
    await db?.close();
    await backend.stop();
  });

  it('applies every committed migration to an empty database', async () => {
    const all = listMigrations().map((migration) => migration.name);
    expect(all.length).toBeGreaterThan(0);
    expect(await db.migrate()).toEqual(all);
  });

  it('applies none on a second run', async () => {
    expect(await db.migrate()).toEqual([]);
  });

  it('creates and finds people, with their manager relation', async () => {
    await db.prisma.person.create({ data: person('mgr-1') });
    await db.prisma.person.create({ data: { ...person('eng-1'), managerId: 'mgr-1' } });

    const manager = await db.prisma.person.findUnique({ where: { id: 'mgr-1' }, include: { reports: true } });
    expect(manager?.email).toBe('mgr-1@example.com');
    expect(manager?.roles).toEqual(['candidate']);
    expect(manager?.hiredAt?.toISOString()).toBe('2021-03-01T00:00:00.000Z');
    expect(manager?.reports.map((report) => report.id)).toEqual(['eng-1']);
  });

  it('rolls back an interactive transaction that throws', async () => {
    const failing = db.prisma.$transaction(async (tx) => {
      await tx.person.create({ data: person('rolled-back') });
      expect(await tx.person.count({ where: { id: 'rolled-back' } })).toBe(1);
      throw new Error('abort on purpose');
    });

    await expect(failing).rejects.toThrow('abort on purpose');
    expect(await db.prisma.person.findUnique({ where: { id: 'rolled-back' } })).toBeNull();
  });

  it('refuses a migration edited after it was applied, and applies nothing', async () => {
    const raw = await backend.connectRaw();
    try {
      await applyMigrations(raw.executor);
      const before = await raw.executor.query('SELECT name, checksum FROM "_certiflow_migrations" ORDER BY name');

      const firstName = listMigrations()[0]?.name;
      await expect(applyMigrations(raw.executor, edited(listMigrations()))).rejects.toThrow(
        `Migration ${firstName} was edited after it was applied (checksum differs)`,
      );

      expect(await raw.executor.query('SELECT name, checksum FROM "_certiflow_migrations" ORDER BY name')).toEqual(before);
      // The refusal released the advisory lock: another session can still migrate.
      expect(await db.migrate()).toEqual([]);
    } finally {
      await raw.close();
    }
  });
});
