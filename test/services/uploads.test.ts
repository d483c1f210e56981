import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../domain/errors.js';
import { type Database, openDatabase } from '../../prisma/client.js';
import { createUploadService, type UploadService } from '../../services/uploads.js';
import { uploadRoutes } from '../../http/files/uploads.js';
import { type ServedRoutes, serveRoutes, viewerFromTestHeader } from '../harness/edge.js';

let db: Database;
let dir: string;
let uploads: UploadService;

const LIMITS = { pdf: 4096, video: 8192 };

/** A small but recognisable PDF of `size` bytes. */
function pdf(size: number, fill = 'a'): Buffer {
  const head = Buffer.from('%PDF-1.7\n', 'latin1');
  return Buffer.concat([head, Buffer.alloc(size - head.length, fill)]);
}

/** The start of an ISO base-media (MP4) file: a `ftyp` box. */
function mp4(size: number): Buffer {
  const head = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypisom', 'latin1')]);
  return Buffer.concat([head, Buffer.alloc(size - head.length, 7)]);
}

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

async function* chunked(data: Buffer, chunkSize: number): AsyncIterable<Buffer> {
  for (let i = 0; i < data.length; i += chunkSize) yield data.subarray(i, i + chunkSize);
}

beforeAll(async () => {
  db = await openDatabase({});
  await db.migrate();
});

afterAll(async () => {
  await db?.close();
});

beforeEach(async () => {
  await db.prisma.uploadedFile.deleteMany();
  dir = await mkdtemp(path.join(os.tmpdir(), 'certiflow-uploads-'));
  uploads = createUploadService({ prisma: db.prisma, dir, limits: LIMITS });
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('upload service', () => {
  it('streams the body to <dir>/<sha256>, records it, and leaves no temporary file', async () => {
    const video = mp4(8000);
    const result = await uploads.store({ body: chunked(video, 1000), fileName: 'demo.mp4', mimeType: 'video/MP4; codecs="avc1"', uploadedBy: 'alex' });

    expect(result).toEqual({ ok: true, value: { sha256: sha256(video), fileName: 'demo.mp4', mimeType: 'video/mp4', size: 8000 } });
    expect(await readdir(dir)).toEqual([sha256(video)]);
    expect((await readFile(path.join(dir, sha256(video)))).equals(video)).toBe(true);
    expect(await db.prisma.uploadedFile.findUniqueOrThrow({ where: { sha256: sha256(video) } })).toMatchObject({
      fileName: 'demo.mp4',
      mimeType: 'video/mp4',
      size: 8000,
      uploadedBy: 'alex',
    });
  });

  it('is idempotent: uploading the same content again stores one file and one row', async () => {
    const report = pdf(3000);
    const first = await uploads.store({ body: report, fileName: 'report.pdf', mimeType: 'application/pdf', uploadedBy: 'alex' });
    const again = await uploads.store({ body: chunked(report, 512), fileName: 'report (1).pdf', mimeType: 'application/pdf', uploadedBy: 'maya' });

    expect(first.ok && again.ok && first.value.sha256 === again.value.sha256).toBe(true);
    expect(await readdir(dir)).toEqual([sha256(report)]);
    const rows = await db.prisma.uploadedFile.findMany();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ fileName: 'report.pdf', uploadedBy: 'alex' });
  });

  it('accepts exactly the limit and refuses one byte more, per kind of file', async () => {
    expect((await uploads.store({ body: pdf(4096), fileName: 'a.pdf', mimeType: 'application/pdf', uploadedBy: 'alex' })).ok).toBe(true);
    const over = await uploads.store({ body: pdf(4097), fileName: 'b.pdf', mimeType: 'application/pdf', uploadedBy: 'alex' });
    expect(over).toMatchObject({ ok: false, error: { code: ErrorCode.InvalidInput, path: 'size' } });
    // The same size is fine for a video, whose limit is larger.
    expect((await uploads.store({ body: mp4(4097), fileName: 'c.mp4', mimeType: 'video/mp4', uploadedBy: 'alex' })).ok).toBe(true);
    expect(await db.prisma.uploadedFile.count()).toBe(2);
    expect((await readdir(dir)).filter((name) => name.startsWith('.'))).toEqual([]);
  });

  it('stops reading an oversized body at the first chunk past the limit', async () => {
    let pulled = 0;
    async function* endless(): AsyncIterable<Buffer> {
      yield pdf(1024);
      for (;;) {
        pulled += 1;
        yield Buffer.alloc(1024, 1);
      }
    }
    const result = await uploads.store({ body: endless(), fileName: 'huge.pdf', mimeType: 'application/pdf', uploadedBy: 'alex' });
    expect(result).toMatchObject({ ok: false, error: { path: 'size' } });
    expect(pulled).toBe(4); // 1 KiB + 4 × 1 KiB is the first total over 4 KiB
    expect(await readdir(dir)).toEqual([]);
  });

  it('refuses other types, content that is not the declared type, empty bodies and missing names', async () => {
    const refusal = async (input: Partial<Parameters<UploadService['store']>[0]>) => {
      const result = await uploads.store({ body: pdf(100), fileName: 'x.pdf', mimeType: 'application/pdf', uploadedBy: 'alex', ...input });
      return result.ok ? null : result.error;
    };
    expect(await refusal({ mimeType: 'image/png' })).toMatchObject({ code: ErrorCode.InvalidInput, path: 'mimeType' });
    expect(await refusal({ mimeType: 'text/html' })).toMatchObject({ path: 'mimeType' });
    expect(await refusal({ body: Buffer.from('<html>not a pdf</html>') })).toMatchObject({ path: 'mimeType' });
    expect(await refusal({ mimeType: 'video/webm' })).toMatchObject({ path: 'mimeType' });
    expect(await refusal({ body: Buffer.alloc(0) })).toMatchObject({ path: 'body' });
    expect(await refusal({ fileName: '  ' })).toMatchObject({ path: 'fileName' });
    expect(await refusal({ fileName: `${'n'.repeat(256)}.pdf` })).toMatchObject({ path: 'fileName' });
    // Only the last path segment is kept as the name.
    const stored = await uploads.store({ body: pdf(100), fileName: '../../etc/report.pdf', mimeType: 'application/pdf', uploadedBy: 'alex' });
    expect(stored.ok && stored.value.fileName).toBe('report.pdf');
    expect(await db.prisma.uploadedFile.count()).toBe(1);
  });
});

describe('POST /uploads', () => {
  let served: ServedRoutes;
  let baseUrl: string;

  beforeEach(async () => {
    served = await serveRoutes((app) => {
      app.use(viewerFromTestHeader);
      app.route('/', uploadRoutes(uploads));
    });
    baseUrl = served.baseUrl;
  });

  afterEach(() => served.close());

  const post = (body: Buffer | ReadableStream<Uint8Array>, headers: Record<string, string>) =>
    fetch(`${baseUrl}/uploads`, {
      method: 'POST',
      body: Buffer.isBuffer(body) ? new Uint8Array(body) : body,
      headers,
      // Required by fetch for a streamed request body.
      duplex: 'half',
    } as RequestInit);

  /** A body sent in chunks, so the request has no Content-Length. */
  function streamOf(data: Buffer, chunkSize: number): ReadableStream<Uint8Array> {
    let offset = 0;
    return new ReadableStream({
      pull(controller) {
        if (offset >= data.length) return controller.close();
        controller.enqueue(new Uint8Array(data.subarray(offset, offset + chunkSize)));
        offset += chunkSize;
      },
    });
  }

  it('stores the file and answers 201 with it', async () => {
    const report = pdf(2000);
    const response = await post(report, { 'content-type': 'application/pdf', 'x-file-name': encodeURIComponent('Bericht für Q3.pdf'), 'x-test-viewer': 'alex' });
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ file: { sha256: sha256(report), fileName: 'Bericht für Q3.pdf', mimeType: 'application/pdf', size: 2000 } });
    expect(await db.prisma.uploadedFile.findUniqueOrThrow({ where: { sha256: sha256(report) } })).toMatchObject({ uploadedBy: 'alex' });
  });

  it('answers 401 without a viewer, 415 for another type, 413 when too large and 400 without a name', async () => {
    const headers = { 'content-type': 'application/pdf', 'x-file-name': 'r.pdf', 'x-test-viewer': 'alex' };
    const noViewer = await post(pdf(100), { 'content-type': 'application/pdf', 'x-file-name': 'r.pdf' });
    expect(noViewer.status).toBe(401);
    expect(await noViewer.json()).toMatchObject({ error: { code: ErrorCode.Unauthenticated } });

    const png = await post(Buffer.from('\x89PNG'), { ...headers, 'content-type': 'image/png' });
    expect(png.status).toBe(415);
    expect(await png.json()).toMatchObject({ error: { code: ErrorCode.InvalidInput, path: 'mimeType' } });

    // Content-Length gives the size away: refused before the body is read.
    const declared = await post(pdf(5000), headers);
    expect(declared.status).toBe(413);
    expect(await declared.json()).toMatchObject({ error: { code: ErrorCode.InvalidInput, path: 'size' } });

    // A streamed body has no Content-Length: refused while reading, at the first chunk over the limit.
    const streamed = await post(streamOf(pdf(5000), 1000), headers);
    expect(streamed.status).toBe(413);
    expect(await streamed.json()).toMatchObject({ error: { path: 'size' } });

    const nameless = await post(pdf(100), { 'content-type': 'application/pdf', 'x-test-viewer': 'alex' });
    expect(nameless.status).toBe(400);
    expect(await nameless.json()).toMatchObject({ error: { path: 'fileName' } });

    expect(await db.prisma.uploadedFile.count()).toBe(0);
    expect(await readdir(dir)).toEqual([]);
  });

  it('leaves other paths to the rest of the server and answers 405 to other methods', async () => {
    expect((await fetch(`${baseUrl}/elsewhere`)).status).toBe(404);
    const get = await fetch(`${baseUrl}/uploads`, { headers: { 'x-test-viewer': 'alex' } });
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
  });
});
