import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PROGRAM_ID } from '../../demo/program.js';
import { seedDemoData } from '../../demo/seed.js';
import { journeyWorkflowId } from '../../domain/workflow-ids.js';
import { type Database, openDatabase } from '../../prisma/client.js';
import { createUploadSweeper, PARTIAL_MAX_AGE_MS, type UploadSweeper } from '../../services/upload-sweeper.js';
import { claimUpload, createUploadService, type UploadService } from '../../services/uploads.js';

// The sweeper drops uploads their uploader never attached once the grace period is over, deletes a
// file's bytes when nobody owns them any more and no submission names them, and clears what a crash
// leaves: temporary files of unfinished uploads and files whose row was never committed. Submitted
// evidence stays. The clock is the sweeper's own, moved forward by the test.

const HOUR = 60 * 60 * 1000;
const GRACE = 24 * HOUR;
const pdf = (fill: string) => Buffer.concat([Buffer.from('%PDF-1.7\n', 'latin1'), Buffer.alloc(1000, fill)]);

let db: Database;
let dir: string;
let uploads: UploadService;
let sweeper: UploadSweeper;
let now: Date;

beforeAll(async () => {
  db = await openDatabase({});
  await db.migrate();
  await seedDemoData(db.prisma);
});

afterAll(async () => {
  await db?.close();
});

beforeEach(async () => {
  await db.prisma.submission.deleteMany();
  await db.prisma.journey.deleteMany();
  await db.prisma.uploadedFile.deleteMany();
  dir = await mkdtemp(path.join(os.tmpdir(), 'certiflow-sweeper-'));
  uploads = createUploadService({ prisma: db.prisma, dir });
  now = new Date();
  sweeper = createUploadSweeper({ prisma: db.prisma, dir, graceMs: GRACE, now: () => now });
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const later = (ms: number) => {
  now = new Date(now.getTime() + ms);
};

async function upload(personId: string, fill: string, fileName = 'report.pdf') {
  const stored = await uploads.store({ body: pdf(fill), fileName, mimeType: 'application/pdf', uploadedBy: personId });
  if (!stored.ok) throw new Error(stored.error.message);
  return stored.value.sha256;
}

/** A submission by `personId` naming the file, as the workflow records it. */
async function submit(personId: string, sha256: string) {
  const journeyId = journeyWorkflowId(PROGRAM_ID, personId);
  await db.prisma.journey.upsert({
    where: { id: journeyId },
    create: { id: journeyId, programId: PROGRAM_ID, pathwayId: 'cap-portfolio', candidateId: personId, stage: 'awaiting_assessment', enrolledAt: now, updatedAt: now },
    update: {},
  });
  await db.prisma.submission.create({
    data: { id: randomUUID(), journeyId, cycle: 1, format: 'written_report', title: 't', content: 'c', reflection: 'r', contentHash: 'h', submittedAt: now, submittedBy: personId, fileSha256: sha256 },
  });
}

/** As if every upload so far had been made (or last claimed) `ms` earlier. */
const backdate = (ms: number) => db.prisma.$executeRaw`UPDATE "UploadOwnership" SET "claimedAt" = "claimedAt" - ${ms} * interval '1 millisecond'`;

const owners = async () => (await db.prisma.uploadOwnership.findMany({ orderBy: { personId: 'asc' } })).map((o) => `${o.personId}:${o.sha256.slice(0, 6)}`);

describe('the upload sweeper', () => {
  it('an upload never attached is removed after the grace period, and its bytes once nobody owns them', async () => {
    const unused = await upload('alex', 'u');
    later(GRACE - HOUR);
    expect(await sweeper.sweep()).toEqual({ unusedUploads: 0, files: 0, strayFiles: 0, partials: 0 });
    expect(await readdir(dir)).toEqual([unused]);

    later(2 * HOUR);
    expect(await sweeper.sweep()).toEqual({ unusedUploads: 1, files: 1, strayFiles: 0, partials: 0 });
    expect(await readdir(dir)).toEqual([]);
    expect(await db.prisma.uploadedFile.count()).toBe(0);
    // Nothing left to count against alex's quota either.
    expect(await owners()).toEqual([]);
  });

  it('submitted evidence is never swept, however old', async () => {
    const evidence = await upload('alex', 'e');
    await submit('alex', evidence);
    later(365 * 24 * HOUR);
    expect(await sweeper.sweep()).toMatchObject({ unusedUploads: 0, files: 0 });
    expect(await readdir(dir)).toEqual([evidence]);
    expect(await owners()).toEqual([`alex:${evidence.slice(0, 6)}`]);
  });

  it("a shared file stays while one uploader still owns it; another person's submission does not keep my unused upload", async () => {
    const shared = await upload('alex', 's');
    await upload('jordan', 's');
    await submit('jordan', shared);
    later(GRACE + HOUR);
    expect(await sweeper.sweep()).toMatchObject({ unusedUploads: 1, files: 0 });
    expect(await owners()).toEqual([`jordan:${shared.slice(0, 6)}`]);
    expect(await readdir(dir)).toEqual([shared]);
  });

  it('attaching an upload restarts its grace period, so it survives until the workflow records the submission', async () => {
    const file = await upload('alex', 'c');
    await backdate(GRACE + HOUR);
    expect(await claimUpload(db.prisma, 'alex', file)).toMatchObject({ sha256: file, fileName: 'report.pdf' });
    now = new Date();
    expect(await sweeper.sweep()).toMatchObject({ unusedUploads: 0, files: 0 });
    expect(await readdir(dir)).toEqual([file]);
  });

  it('partial uploads left by a crash are removed; an upload still writing is not', async () => {
    const stale = path.join(dir, `.incoming-${randomUUID()}`);
    const writing = path.join(dir, `.incoming-${randomUUID()}`);
    await writeFile(stale, 'half an upload');
    await writeFile(writing, 'an upload in progress');
    const old = new Date(now.getTime() - PARTIAL_MAX_AGE_MS - 1000);
    await utimes(stale, old, old);
    expect(await sweeper.sweep()).toEqual({ unusedUploads: 0, files: 0, strayFiles: 0, partials: 1 });
    expect(await readdir(dir)).toEqual([path.basename(writing)]);
  });

  it('a stored file whose row was never committed is removed after the grace period, other files are left alone', async () => {
    const stray = 'a'.repeat(64);
    await writeFile(path.join(dir, stray), 'bytes of an upload whose transaction failed');
    await writeFile(path.join(dir, 'README'), 'not ours');
    expect(await sweeper.sweep()).toMatchObject({ strayFiles: 0 });
    later(GRACE + HOUR);
    expect(await sweeper.sweep()).toMatchObject({ strayFiles: 1 });
    expect(await readdir(dir)).toEqual(['README']);
  });

  it('never removes a file an upload of the same bytes has just completed, when sweeps and uploads overlap', async () => {
    // Alex's first upload of these bytes has expired; alex uploads them again while sweeps run.
    const first = await upload('alex', 'r');
    await backdate(GRACE + HOUR);
    now = new Date();
    const results = await Promise.all([sweeper.sweep(), upload('alex', 'r', 'again.pdf'), sweeper.sweep()]);
    expect(results[1]).toBe(first);
    // Whatever the interleaving, the upload that completed has its row, its owner and its bytes.
    expect(await owners()).toEqual([`alex:${first.slice(0, 6)}`]);
    expect(await db.prisma.uploadedFile.count()).toBe(1);
    expect(await readdir(dir)).toEqual([first]);
  });

  it('runs on a timer that does not keep the process alive and stops when asked', async () => {
    await writeFile(path.join(dir, `.incoming-${randomUUID()}`), 'x');
    later(PARTIAL_MAX_AGE_MS + 1000);
    const swept = new Promise((resolve) => {
      const running = sweeper.start({ everyMs: HOUR, firstAfterMs: 10, onSwept: (result) => {
        running.stop();
        resolve(result);
      } });
    });
    expect(await swept).toMatchObject({ partials: 1 });
  });
});
