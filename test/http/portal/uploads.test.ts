import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData } from '../../../demo/seed.js';
import { createApiServer } from '../../../http/app.js';
import { csrfToken } from '../../../http/auth/session.js';
import { type Database, openDatabase } from '../../../prisma/client.js';
import { createServices } from '../../../services/index.js';
import type { UploadPolicy } from '../../../services/uploads.js';
import { answeredWithin, multipartAround, type OpenRequest, openPost } from '../../harness/partial-request.js';

// The portal's evidence form over HTTP: a multipart body is read only after its CSRF token (in the form's
// URL) and the upload caps allow it, and its file streams to disk as it arrives. The journey posted to
// does not exist, so nothing here needs a workflow: the file is stored first, then submitEvidence says
// "not found", which is enough to see what was stored and for whom.

const SECRET = 'portal-uploads-test-secret-1234';
const JWT_SECRET = 'portal-uploads-jwt-secret-1234';
const EVIDENCE = `/journeys/${encodeURIComponent('journey:nowhere:alex')}/evidence`;
const KiB = 1024;
/** The start of a PDF and then filler: the upload service checks the leading bytes. */
const pdfBytes = (size: number) => Buffer.concat([Buffer.from('%PDF-1.7\n', 'latin1'), Buffer.alloc(size - 9, 'a')]);

let db: Database;
const stops: (() => Promise<void>)[] = [];
const open: OpenRequest[] = [];

beforeAll(async () => {
  db = await openDatabase({});
  await db.migrate();
  await seedDemoData(db.prisma);
});

afterEach(async () => {
  for (const request of open.splice(0)) request.abort();
  for (const stop of stops.splice(0)) await stop();
  await db.prisma.uploadedFile.deleteMany();
});

afterAll(async () => {
  await db?.close();
});

/** An API with the portal, its own uploads directory and upload policy. */
async function startPortal(policy: Partial<UploadPolicy> = {}) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'certiflow-portal-uploads-'));
  const client = new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) });
  const services = createServices({ prisma: db.prisma, client, taskQueue: 'unused', uploadsDir: dir, uploadPolicy: policy });
  const server: Server = createApiServer({ services, jwtSecret: JWT_SECRET, production: false, portal: { secret: SECRET, publicUrl: 'http://127.0.0.1' } });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  stops.push(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await rm(dir, { recursive: true, force: true });
  });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  /** Signs a demo person in; their session cookie and the CSRF token their pages carry. */
  async function session(person: string) {
    const signedIn = await fetch(`${base}/sign-in`, { method: 'POST', body: new URLSearchParams({ person, next: '/' }), redirect: 'manual' });
    const cookie = signedIn.headers.getSetCookie().find((c) => c.startsWith('cf_session='))?.split(';')[0] ?? '';
    return { cookie, csrf: csrfToken(SECRET, decodeURIComponent(cookie.slice('cf_session='.length))) };
  }

  /** Starts an evidence post: headers and the form's fields and file header are sent, the file not yet. */
  async function startUpload(who: { cookie: string; csrf?: string }, options: { declaredFile?: number; fileName?: string; query?: string } = {}) {
    const form = multipartAround({ _csrf: who.csrf ?? '', format: 'written_report', title: 'Order platform', content: 'c', reflection: 'r' }, { field: 'file', name: options.fileName ?? 'report.pdf', type: 'application/pdf' });
    const query = options.query ?? (who.csrf ? `?_csrf=${encodeURIComponent(who.csrf)}` : '');
    const headers: Record<string, string> = { 'content-type': form.contentType, cookie: who.cookie };
    if (options.declaredFile !== undefined) headers['content-length'] = String(form.head.length + options.declaredFile + form.tail.length);
    const request = openPost(`${base}${EVIDENCE}${query}`, headers);
    open.push(request);
    await request.write(form.head);
    return { request, tail: form.tail };
  }

  const incoming = async () => (await readdir(dir)).filter((name) => name.startsWith('.incoming-'));
  return { base, dir, session, startUpload, incoming };
}

/** The notice the portal set for the next page (a signed cookie: base64url JSON, then its MAC). */
function noticeIn(setCookies: string[]): { kind: string; text: string } | null {
  const flash = setCookies.find((c) => c.startsWith('cf_flash='))?.split(';')[0]?.slice('cf_flash='.length);
  return flash ? JSON.parse(Buffer.from(decodeURIComponent(flash).split('.')[0] ?? '', 'base64url').toString()) : null;
}

const ownedBy = (personId: string) => db.prisma.uploadOwnership.findMany({ where: { personId } });

describe('multipart posts are checked before their body is read', () => {
  it('a cross-site multipart post is refused before its body is read', async () => {
    const portal = await startPortal();
    const alex = await portal.session('alex');
    const attempts = {
      'no token in the URL (the form of another site cannot know it)': { cookie: alex.cookie, query: '' },
      'a token only in the body, as an ordinary form carries it': { cookie: alex.cookie, csrf: alex.csrf, query: '' },
      'a wrong token': { cookie: alex.cookie, query: `?_csrf=${'x'.repeat(43)}` },
      'another session’s token': { cookie: alex.cookie, query: `?_csrf=${csrfToken(SECRET, 'someone-else')}` },
      'no session at all': { cookie: '', query: `?_csrf=${encodeURIComponent(alex.csrf)}` },
    };
    for (const [what, who] of Object.entries(attempts)) {
      // 10 MB declared, well within the limits, and only 64 KiB of it ever sent.
      const { request } = await portal.startUpload(who, { declaredFile: 10 * 1024 * KiB, query: who.query });
      await request.write(pdfBytes(64 * KiB));
      const answer = await answeredWithin(request, 3000);
      expect(answer, what).not.toBeNull();
      expect(answer?.status, what).toBe(403);
      expect(answer?.headers.connection, what).toBe('close');
      request.abort();
    }
    expect(await portal.incoming()).toEqual([]);
    expect(await db.prisma.uploadOwnership.count()).toBe(0);
  });

  it('a multipart upload streams to disk as it arrives instead of being held in memory', async () => {
    const portal = await startPortal();
    const alex = await portal.session('alex');
    const file = pdfBytes(1024 * KiB);
    const { request, tail } = await portal.startUpload(alex, { declaredFile: file.length });
    await request.write(file.subarray(0, 512 * KiB));
    // Half the file is on disk, in the upload service's temporary file, while the rest is still to come.
    await expect.poll(async () => {
      const [temp] = await portal.incoming();
      return temp ? (await stat(path.join(portal.dir, temp)).catch(() => null))?.size ?? 0 : 0;
    }, { timeout: 3000 }).toBeGreaterThanOrEqual(256 * KiB);
    expect(await answeredWithin(request, 50)).toBeNull();

    await request.write(file.subarray(512 * KiB));
    request.end(tail);
    const answer = await request.answer;
    expect(answer.status).toBe(303);
    expect(answer.headers.location).toBe(EVIDENCE.replace(/\/evidence$/, ''));
    // Stored as alex, under the name alex gave it, before the (missing) journey refused the submission.
    expect(await ownedBy('alex')).toMatchObject([{ fileName: 'report.pdf', size: file.length, mimeType: 'application/pdf' }]);
    expect(await portal.incoming()).toEqual([]);
  });

  it('a form whose file input was left empty (as a browser sends it) goes on without a file', async () => {
    const portal = await startPortal();
    const alex = await portal.session('alex');
    const form = multipartAround({ format: 'written_report', title: 'No attachment', content: 'c', reflection: 'r' }, { field: 'file', name: '', type: 'application/octet-stream' });
    const response = await fetch(`${portal.base}${EVIDENCE}?_csrf=${encodeURIComponent(alex.csrf)}`, {
      method: 'POST',
      headers: { 'content-type': form.contentType, cookie: alex.cookie },
      body: Buffer.concat([form.head, form.tail]),
      redirect: 'manual',
    });
    // Past the upload, on to submitEvidence, which finds no such journey here.
    expect(response.status).toBe(303);
    expect(noticeIn(response.headers.getSetCookie())).toMatchObject({ kind: 'error', text: expect.stringContaining('does not exist') });
    expect(await db.prisma.uploadOwnership.count()).toBe(0);
  });

  it("a file past the person's quota is cut off at the limit, nothing is stored, and the person is told why", async () => {
    const portal = await startPortal({ quotaBytes: 256 * KiB });
    const alex = await portal.session('alex');
    const { request } = await portal.startUpload(alex);
    // 4 MiB offered, 64 KiB at a time; the answer comes once the quota is passed, long before the end.
    let sent = 0;
    let answer = null;
    while (sent < 4 * 1024 * KiB && !answer) {
      await request.write(sent === 0 ? pdfBytes(64 * KiB) : Buffer.alloc(64 * KiB, 'a'));
      sent += 64 * KiB;
      answer = await answeredWithin(request, 20);
    }
    answer ??= await request.answer;
    expect(sent).toBeLessThan(4 * 1024 * KiB);
    expect(answer.status).toBe(303);
    expect(answer.headers.connection).toBe('close');
    expect(noticeIn(answer.headers['set-cookie'] ?? [])).toMatchObject({ kind: 'error', text: expect.stringContaining('past your') });
    expect(await ownedBy('alex')).toEqual([]);
    await expect.poll(() => readdir(portal.dir)).toEqual([]);
  });
});

describe('upload caps', () => {
  it('a second concurrent upload by the same person is refused with 429 and Retry-After before its body is read', async () => {
    const portal = await startPortal({ maxConcurrentPerPerson: 1 });
    const alex = await portal.session('alex');
    const first = await portal.startUpload(alex);
    await first.request.write(pdfBytes(64 * KiB));
    // The first upload holds its slot once it is admitted and streaming to disk; only then is a second one "concurrent".
    await expect.poll(() => portal.incoming(), { timeout: 10_000 }).toHaveLength(1);

    const second = await portal.startUpload(alex, { declaredFile: 1024 * KiB });
    const refused = await answeredWithin(second.request, 3000);
    expect(refused?.status).toBe(429);
    expect(Number(refused?.headers['retry-after'])).toBeGreaterThan(0);
    expect(refused?.body).toContain('upload in progress');

    // Jordan is not held up by alex, and alex may upload again once the first has finished.
    const jordan = await portal.session('jordan');
    const theirs = await portal.startUpload(jordan);
    theirs.request.end(Buffer.concat([pdfBytes(8 * KiB), theirs.tail]));
    expect((await theirs.request.answer).status).toBe(303);
    first.request.end(first.tail);
    expect((await first.request.answer).status).toBe(303);
    const again = await portal.startUpload(alex, { fileName: 'second.pdf' });
    again.request.end(Buffer.concat([pdfBytes(9 * KiB), again.tail]));
    expect((await again.request.answer).status).toBe(303);
    expect((await ownedBy('alex')).map((o) => o.fileName).sort()).toEqual(['report.pdf', 'second.pdf']);
  });

  it('uploads past the process cap answer 503 with Retry-After, before their body is read', async () => {
    const portal = await startPortal({ maxConcurrent: 2 });
    const people = await Promise.all(['alex', 'jordan', 'sam'].map((p) => portal.session(p)));
    const [a, b] = await Promise.all(people.slice(0, 2).map((p) => portal.startUpload(p)));
    await a!.request.write(pdfBytes(16 * KiB));
    await b!.request.write(pdfBytes(16 * KiB));
    await expect.poll(() => portal.incoming(), { timeout: 10_000 }).toHaveLength(2);
    const third = await portal.startUpload(people[2]!, { declaredFile: 1024 * KiB });
    const refused = await answeredWithin(third.request, 3000);
    expect(refused?.status).toBe(503);
    expect(Number(refused?.headers['retry-after'])).toBeGreaterThan(0);
    a!.request.end(a!.tail);
    b!.request.end(b!.tail);
    expect((await a!.request.answer).status).toBe(303);
    expect((await b!.request.answer).status).toBe(303);
  });

  it('a person uploading faster than the hourly rate gets 429 with Retry-After, before the body is read', async () => {
    const portal = await startPortal({ perHour: 2 });
    const alex = await portal.session('alex');
    for (const size of [4, 5]) {
      const upload = await portal.startUpload(alex);
      upload.request.end(Buffer.concat([pdfBytes(size * KiB), upload.tail]));
      expect((await upload.request.answer).status).toBe(303);
    }
    const third = await portal.startUpload(alex, { declaredFile: 1024 * KiB });
    const refused = await answeredWithin(third.request, 3000);
    expect(refused?.status).toBe(429);
    // Two an hour: the next one is half an hour away at most.
    expect(Number(refused?.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(refused?.headers['retry-after'])).toBeLessThanOrEqual(1800);
    expect(await ownedBy('alex')).toHaveLength(2);
  });
});
