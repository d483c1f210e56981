import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { Hono } from 'hono';
import { type DomainError, ErrorCode } from '../../domain/errors.js';
import { formatBytes, type UploadErrorPath, type UploadService } from '../../services/uploads.js';
import type { EdgeEnv } from '../env.js';

// POST /uploads: the raw file as the request body, its type in Content-Type and its name in X-File-Name
// (percent-encoded when it is not plain ASCII). Answers JSON: 201 with the stored file, or an error.

const STATUS_BY_PATH: Record<UploadErrorPath, 400 | 413 | 415> = { mimeType: 415, size: 413, quota: 413, fileName: 400, body: 400 };

/** A full server is a 503 (anyone may try again shortly); a person over their own caps or rate, a 429. */
export const admissionRefusalStatus = (reason: 'busy' | 'person-busy' | 'rate') => (reason === 'busy' ? 503 : 429);

const statusFor = (error: DomainError) => STATUS_BY_PATH[error.path as UploadErrorPath] ?? 400;

/**
 * An answer given before the body was read to its end closes the connection, rather than read the rest
 * of a possibly huge body just to reuse it.
 */
const unread = (status: number, payload: unknown, headers: Record<string, string> = {}) =>
  Response.json(payload, { status, headers: { ...headers, connection: 'close' } });

/** A header value sent percent-encoded when it is not plain ASCII (X-File-Name, X-Import-Mapping). */
export function fileNameHeader(value: string | undefined): string {
  try {
    return decodeURIComponent(value ?? '');
  } catch {
    // Not percent-encoded after all (a bare `%` in the name): take it as sent.
    return value ?? '';
  }
}

export function uploadRoutes(uploads: UploadService): Hono<EdgeEnv> {
  const routes = new Hono<EdgeEnv>({ strict: false });
  routes.post('/uploads', async (c) => {
    const viewer = await c.get('viewer')();
    if (!viewer) return unread(401, { error: { code: ErrorCode.Unauthenticated, message: 'Sign in to upload evidence.' } });

    const mimeType = c.req.header('content-type') ?? '';
    const limit = uploads.limitFor(mimeType);
    const declared = Number(c.req.header('content-length'));
    // Refuse what the headers already give away without reading a byte of the body.
    if (limit !== null && Number.isFinite(declared) && declared > limit) {
      return unread(413, { error: { code: ErrorCode.InvalidInput, path: 'size', message: `This file is larger than the ${formatBytes(limit)} allowed for ${mimeType}.` } });
    }
    // Admitted before the body is read: a full server or a person over their rate costs no disk.
    const admitted = uploads.admit(viewer.personId);
    if (!admitted.ok) {
      const code = admitted.reason === 'busy' ? ErrorCode.ServiceUnavailable : ErrorCode.RateLimited;
      return unread(admissionRefusalStatus(admitted.reason), { error: { code, message: admitted.message } }, { 'retry-after': String(admitted.retryAfterSeconds) });
    }
    let result: Awaited<ReturnType<UploadService['store']>>;
    try {
      // Not cancelled when the service stops reading early, so the refusal can still be sent.
      const stream = c.req.raw.body as NodeReadableStream<Uint8Array> | null;
      const body = stream?.values({ preventCancel: true }) ?? (async function* () {})();
      result = await uploads.store({ body, fileName: fileNameHeader(c.req.header('x-file-name')), mimeType, uploadedBy: viewer.personId });
    } finally {
      admitted.release();
    }
    if (!result.ok) return unread(statusFor(result.error), { error: result.error });
    return c.json({ file: result.value }, 201);
  });
  routes.all('/uploads', () => unread(405, { error: { code: ErrorCode.InvalidInput, message: 'Upload files with POST.' } }, { allow: 'POST' }));
  return routes;
}
