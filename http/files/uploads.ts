import type { IncomingMessage, ServerResponse } from 'node:http';
import { type DomainError, ErrorCode } from '../../domain/errors.js';
import { formatBytes, type UploadErrorPath, type UploadService } from '../../services/uploads.js';

// POST /uploads: the raw file as the request body, its type in Content-Type and its name in X-File-Name
// (percent-encoded when it is not plain ASCII). Answers JSON: 201 with the stored file, or an error.

const STATUS_BY_PATH: Record<UploadErrorPath, number> = { mimeType: 415, size: 413, quota: 413, fileName: 400, body: 400 };

function statusFor(error: DomainError): number {
  return STATUS_BY_PATH[error.path as UploadErrorPath] ?? 400;
}

function sendJson(req: IncomingMessage, res: ServerResponse, status: number, payload: unknown, extra: Record<string, string> = {}): void {
  const headers: Record<string, string> = {
    ...extra,
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  };
  // Answering before the whole body has arrived: close the connection rather than read the rest of a
  // possibly huge body just to reuse it.
  if (!req.complete) headers.connection = 'close';
  if (status === 405) headers.allow = 'POST';
  res.writeHead(status, headers).end(JSON.stringify(payload));
}

function fileNameHeader(req: IncomingMessage): string {
  const raw = req.headers['x-file-name'];
  const value = Array.isArray(raw) ? (raw[0] ?? '') : (raw ?? '');
  try {
    return decodeURIComponent(value);
  } catch {
    // Not percent-encoded after all (a bare `%` in the name): take it as sent.
    return value;
  }
}

/** Handles /uploads. Returns false when the request is for another path. */
export async function handleUploadRequest(
  uploads: UploadService,
  req: IncomingMessage,
  res: ServerResponse,
  viewerId: string | null,
): Promise<boolean> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (url.pathname !== '/uploads') return false;
  if (req.method !== 'POST') {
    sendJson(req, res, 405, { error: { code: ErrorCode.InvalidInput, message: 'Upload files with POST.' } });
    return true;
  }
  if (!viewerId) {
    sendJson(req, res, 401, { error: { code: ErrorCode.Unauthenticated, message: 'Sign in to upload evidence.' } });
    return true;
  }

  const mimeType = req.headers['content-type'] ?? '';
  const limit = uploads.limitFor(mimeType);
  const declared = Number(req.headers['content-length']);
  // Refuse what the headers already give away without reading a byte of the body.
  if (limit !== null && Number.isFinite(declared) && declared > limit) {
    sendJson(req, res, 413, {
      error: { code: ErrorCode.InvalidInput, path: 'size', message: `This file is larger than the ${formatBytes(limit)} allowed for ${req.headers['content-type']}.` },
    });
    return true;
  }

  // Admitted before the body is read: a full server or a person over their rate costs no disk.
  const admitted = uploads.admit(viewerId);
  if (!admitted.ok) {
    const status = admitted.reason === 'busy' ? 503 : 429;
    const code = admitted.reason === 'busy' ? ErrorCode.ServiceUnavailable : ErrorCode.RateLimited;
    sendJson(req, res, status, { error: { code, message: admitted.message } }, { 'retry-after': String(admitted.retryAfterSeconds) });
    return true;
  }
  let result: Awaited<ReturnType<UploadService['store']>>;
  try {
    result = await uploads.store({
      // Not destroyed when the service stops reading early, so the refusal can still be sent.
      body: req.iterator({ destroyOnReturn: false }),
      fileName: fileNameHeader(req),
      mimeType,
      uploadedBy: viewerId,
    });
  } finally {
    admitted.release();
  }
  if (!result.ok) {
    sendJson(req, res, statusFor(result.error), { error: result.error });
    return true;
  }
  sendJson(req, res, 201, { file: result.value });
  return true;
}
