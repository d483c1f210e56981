import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../prisma/client.js';
import { lockUpload } from '../../services/upload-locks.js';
import { createUploadSweeper } from '../../services/upload-sweeper.js';
import { createUploadService } from '../../services/uploads.js';
import { startPostgres, type TestPostgres } from '../harness/postgres.js';

// On a PostgreSQL server, as in production, where every transaction has its own connection (PGlite runs
// one at a time): the advisory locks that keep the quota exact and keep the sweeper from deleting a
// file an upload is completing really exclude each other, across connections.

const KiB = 1024;
const pdf = (size: number, fill: string) => Buffer.concat([Buffer.from('%PDF-1.7\n', 'latin1'), Buffer.alloc(size - 9, fill)]);

let postgres: TestPostgres;
let db: Database;
let dir: string;

beforeAll(async () => {
  postgres = await startPostgres();
  db = await openDatabase({ url: postgres.url });
  await db.migrate();
});

afterAll(async () => {
  await db?.close();
  await postgres?.stop();
});

beforeEach(async () => {
  await db.prisma.uploadedFile.deleteMany();
  dir = await mkdtemp(path.join(os.tmpdir(), 'certiflow-upload-locks-'));
  return () => rm(dir, { recursive: true, force: true });
});

describe('upload locks on PostgreSQL', () => {
  it("a transaction waits for another's lock on the same key, not on another key", async () => {
    const held = (key: string, ms: number) =>
      db.prisma.$transaction(async (tx) => {
        await lockUpload(tx, key);
        await new Promise((resolve) => setTimeout(resolve, ms));
      });
    const timed = async (key: string) => {
      const started = Date.now();
      await db.prisma.$transaction((tx) => lockUpload(tx, key));
      return Date.now() - started;
    };
    const holding = held('file:a', 400);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const [same, other] = await Promise.all([timed('file:a'), timed('file:b')]);
    await holding;
    expect(same).toBeGreaterThanOrEqual(250);
    expect(other).toBeLessThan(250);
  });

  it('concurrent uploads by one person, each on its own connection, cannot together pass their quota', async () => {
    const uploads = createUploadService({ prisma: db.prisma, dir, policy: { quotaBytes: 10 * KiB } });
    const results = await Promise.all(
      ['a', 'b', 'c', 'd', 'e'].map((fill) => uploads.store({ body: pdf(3 * KiB, fill), fileName: `${fill}.pdf`, mimeType: 'application/pdf', uploadedBy: 'alex' })),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(3);
    expect((await db.prisma.uploadOwnership.aggregate({ where: { personId: 'alex' }, _sum: { size: true } }))._sum.size).toBe(9 * KiB);
    expect(await readdir(dir)).toHaveLength(3);
  });

  it('sweeps overlapping an upload of the same bytes never leave it without its file', async () => {
    const uploads = createUploadService({ prisma: db.prisma, dir });
    const sweeper = createUploadSweeper({ prisma: db.prisma, dir, graceMs: 60_000 });
    for (let round = 0; round < 5; round += 1) {
      const first = await uploads.store({ body: pdf(2 * KiB, 'r'), fileName: 'r.pdf', mimeType: 'application/pdf', uploadedBy: 'alex' });
      if (!first.ok) throw new Error(first.error.message);
      // Expired: the next sweep removes this upload and its bytes, unless the new upload wins.
      await db.prisma.uploadOwnership.updateMany({ data: { claimedAt: new Date(Date.now() - 120_000) } });
      const [, again] = await Promise.all([sweeper.sweep(), uploads.store({ body: pdf(2 * KiB, 'r'), fileName: 'again.pdf', mimeType: 'application/pdf', uploadedBy: 'alex' }), sweeper.sweep()]);
      expect(again.ok).toBe(true);
      expect(await db.prisma.uploadOwnership.count({ where: { personId: 'alex', sha256: first.value.sha256 } })).toBe(1);
      expect(await readdir(dir)).toEqual([first.value.sha256]);
    }
  });
});
