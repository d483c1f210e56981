import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../domain/errors.js';
import { type Database, openDatabase } from '../../prisma/client.js';
import { createUploadAdmission } from '../../services/upload-admission.js';
import { createUploadService, type UploadPolicy, type UploadService } from '../../services/uploads.js';
import { uploadRoutes } from '../../http/files/uploads.js';
import { type ServedRoutes, serveRoutes, viewerFromTestHeader } from '../harness/edge.js';
import { answeredWithin, openPost } from '../harness/partial-request.js';

// What one person may store and how fast: a quota on the bytes they keep, a rate of uploads per hour,
// and caps on uploads streaming at once (per person and per process), each refused before the body is
// read wherever the headers are enough to decide.

const KiB = 1024;
const pdf = (size: number, fill = 'a') => Buffer.concat([Buffer.from('%PDF-1.7\n', 'latin1'), Buffer.alloc(size - 9, fill)]);
async function* chunked(data: Buffer, size: number): AsyncIterable<Buffer> {
  for (let i = 0; i < data.length; i += size) yield data.subarray(i, i + size);
}

let db: Database;
let dir: string;

beforeAll(async () => {
  db = await openDatabase({});
  await db.migrate();
});

afterAll(async () => {
  await db?.close();
});

beforeEach(async () => {
  await db.prisma.uploadedFile.deleteMany();
  dir = await mkdtemp(path.join(os.tmpdir(), 'certiflow-upload-limits-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const service = (policy: Partial<UploadPolicy>) => createUploadService({ prisma: db.prisma, dir, limits: { pdf: 64 * KiB, video: 64 * KiB }, policy });
const store = (uploads: UploadService, body: Buffer | AsyncIterable<Buffer>, uploadedBy = 'alex', fileName = 'report.pdf') =>
  uploads.store({ body, fileName, mimeType: 'application/pdf', uploadedBy });

describe('the upload quota', () => {
  it('a person over their upload quota is refused before their file is stored', async () => {
    const uploads = service({ quotaBytes: 10 * KiB });
    expect((await store(uploads, pdf(6 * KiB))).ok).toBe(true);
    const over = await store(uploads, pdf(5 * KiB, 'b'));
    expect(over).toMatchObject({ ok: false, error: { code: ErrorCode.InvalidInput, path: 'quota' } });
    // Someone else's quota is their own.
    expect((await store(uploads, pdf(9 * KiB, 'c'), 'jordan')).ok).toBe(true);
    expect(await readdir(dir)).toHaveLength(2);
    expect(await db.prisma.uploadOwnership.count({ where: { personId: 'alex' } })).toBe(1);
  });

  it('stops reading an upload at the first chunk past what is left of the quota', async () => {
    const uploads = service({ quotaBytes: 8 * KiB });
    let pulled = 0;
    async function* endless(): AsyncIterable<Buffer> {
      yield pdf(KiB);
      for (;;) {
        pulled += 1;
        yield Buffer.alloc(KiB, 1);
      }
    }
    expect(await store(uploads, endless())).toMatchObject({ ok: false, error: { path: 'quota' } });
    expect(pulled).toBe(8); // 1 KiB + 8 × 1 KiB is the first total over 8 KiB
    expect(await readdir(dir)).toEqual([]);
  });

  it('concurrent uploads by one person cannot together pass their quota', async () => {
    const uploads = service({ quotaBytes: 10 * KiB });
    // Each fits what is left when it starts; both together do not.
    const results = await Promise.all([store(uploads, chunked(pdf(6 * KiB), KiB), 'alex', 'a.pdf'), store(uploads, chunked(pdf(6 * KiB, 'b'), KiB), 'alex', 'b.pdf')]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.find((r) => !r.ok)).toMatchObject({ error: { path: 'quota' } });
    expect((await db.prisma.uploadOwnership.aggregate({ where: { personId: 'alex' }, _sum: { size: true } }))._sum.size).toBe(6 * KiB);
    expect((await readdir(dir)).filter((name) => name.startsWith('.'))).toEqual([]);
  });

  it('uploading a file one already owns again costs no quota', async () => {
    const uploads = service({ quotaBytes: 10 * KiB });
    const report = pdf(4 * KiB);
    expect((await store(uploads, report)).ok).toBe(true);
    expect((await store(uploads, report, 'alex', 'report-v2.pdf')).ok).toBe(true);
    expect((await store(uploads, pdf(6 * KiB, 'z'))).ok).toBe(true);
    expect(await db.prisma.uploadOwnership.findMany({ where: { personId: 'alex' }, orderBy: { size: 'asc' }, select: { fileName: true, size: true } })).toEqual([
      { fileName: 'report-v2.pdf', size: 4 * KiB },
      { fileName: 'report.pdf', size: 6 * KiB },
    ]);
  });
});

describe('admission: concurrency and rate', () => {
  it('refuses a person past their concurrent uploads until one finishes', () => {
    const admission = createUploadAdmission({ maxConcurrent: 10, maxConcurrentPerPerson: 2, perHour: 100 });
    const first = admission.admit('alex');
    const second = admission.admit('alex');
    expect(first.ok && second.ok).toBe(true);
    expect(admission.admit('alex')).toMatchObject({ ok: false, reason: 'person-busy' });
    expect(admission.admit('jordan').ok).toBe(true);
    if (first.ok) {
      first.release();
      first.release(); // twice is once
    }
    expect(admission.admit('alex').ok).toBe(true);
    expect(admission.admit('alex')).toMatchObject({ ok: false, reason: 'person-busy' });
  });

  it('refuses everyone past the process cap, without costing them an upload of their hourly rate', () => {
    let now = 0;
    const admission = createUploadAdmission({ maxConcurrent: 1, maxConcurrentPerPerson: 1, perHour: 1 }, () => now);
    const held = admission.admit('jordan');
    expect(admission.admit('alex')).toMatchObject({ ok: false, reason: 'busy', retryAfterSeconds: expect.any(Number) });
    if (held.ok) held.release();
    // Alex's one upload an hour is still there: the refusal for a full server took nothing.
    const mine = admission.admit('alex');
    expect(mine.ok).toBe(true);
    if (mine.ok) mine.release();
    expect(admission.admit('alex')).toMatchObject({ ok: false, reason: 'rate', retryAfterSeconds: 3600 });
    now += 3600 * 1000;
    expect(admission.admit('alex').ok).toBe(true);
  });

  it('lets a burst of the hourly rate through, then one upload per 3600/perHour seconds', () => {
    let now = 0;
    const admission = createUploadAdmission({ maxConcurrent: 100, maxConcurrentPerPerson: 100, perHour: 30 }, () => now);
    for (let i = 0; i < 30; i += 1) expect(admission.admit('alex').ok).toBe(true);
    expect(admission.admit('alex')).toMatchObject({ ok: false, reason: 'rate', retryAfterSeconds: 120 });
    now += 120 * 1000;
    expect(admission.admit('alex').ok).toBe(true);
    expect(admission.admit('alex').ok).toBe(false);
  });
});

describe('POST /uploads under the limits', () => {
  let served: ServedRoutes;
  let baseUrl: string;

  async function serve(uploads: UploadService) {
    served = await serveRoutes((app) => {
      app.use(viewerFromTestHeader);
      app.route('/', uploadRoutes(uploads));
    });
    baseUrl = served.baseUrl;
  }

  afterEach(() => served.close());

  const post = (body: Buffer, viewer: string) =>
    fetch(`${baseUrl}/uploads`, { method: 'POST', body: new Uint8Array(body), headers: { 'content-type': 'application/pdf', 'x-file-name': 'r.pdf', 'x-test-viewer': viewer } });

  it('answers 413 past the quota, naming it', async () => {
    await serve(service({ quotaBytes: 10 * KiB }));
    expect((await post(pdf(8 * KiB), 'alex')).status).toBe(201);
    const over = await post(pdf(4 * KiB, 'b'), 'alex');
    expect(over.status).toBe(413);
    expect(await over.json()).toMatchObject({ error: { code: ErrorCode.InvalidInput, path: 'quota' } });
  });

  it('a person uploading faster than their hourly rate gets 429 with Retry-After before the body is read', async () => {
    await serve(service({ perHour: 2 }));
    expect((await post(pdf(KiB), 'alex')).status).toBe(201);
    expect((await post(pdf(KiB, 'b'), 'alex')).status).toBe(201);
    const third = openPost(`${baseUrl}/uploads`, { 'content-type': 'application/pdf', 'x-file-name': 'r.pdf', 'x-test-viewer': 'alex', 'content-length': String(32 * KiB) });
    await third.write(pdf(KiB, 'c'));
    const refused = await answeredWithin(third, 3000);
    third.abort();
    expect(refused?.status).toBe(429);
    expect(JSON.parse(refused?.body ?? '{}')).toMatchObject({ error: { code: ErrorCode.RateLimited } });
    expect(Number(refused?.headers['retry-after'])).toBeGreaterThan(0);
    expect((await post(pdf(KiB, 'd'), 'jordan')).status).toBe(201);
  });

  it('a second concurrent upload by one person gets 429, and one past the process cap 503, before their body is read', async () => {
    await serve(service({ maxConcurrent: 2, maxConcurrentPerPerson: 1 }));
    const headers = (viewer: string) => ({ 'content-type': 'application/pdf', 'x-file-name': 'r.pdf', 'x-test-viewer': viewer, 'content-length': String(32 * KiB) });
    const alex = openPost(`${baseUrl}/uploads`, headers('alex'));
    await alex.write(pdf(KiB));
    const alexAgain = openPost(`${baseUrl}/uploads`, headers('alex'));
    const personBusy = await answeredWithin(alexAgain, 3000);
    expect(personBusy?.status).toBe(429);
    expect(personBusy?.headers['retry-after']).toBeTruthy();

    const jordan = openPost(`${baseUrl}/uploads`, headers('jordan'));
    await jordan.write(pdf(KiB, 'j'));
    const sam = openPost(`${baseUrl}/uploads`, headers('sam'));
    const busy = await answeredWithin(sam, 3000);
    expect(busy?.status).toBe(503);
    expect(JSON.parse(busy?.body ?? '{}')).toMatchObject({ error: { code: ErrorCode.ServiceUnavailable } });
    expect(busy?.headers['retry-after']).toBeTruthy();

    // Finishing frees the slots.
    alex.end(Buffer.alloc(31 * KiB, 'a'));
    jordan.end(Buffer.alloc(31 * KiB, 'j'));
    expect((await alex.answer).status).toBe(201);
    expect((await jordan.answer).status).toBe(201);
    expect((await post(pdf(KiB, 's'), 'sam')).status).toBe(201);
  });
});
