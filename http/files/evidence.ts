import { createReadStream } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { ErrorCode } from '../../domain/errors.js';
import { evidenceFileVisible } from '../../graphql/access.js';
import type { AuthOptions } from '../auth/tokens.js';
import type { GraphQLContext } from '../../graphql/context.js';
import type { PrismaClient } from '../../prisma/client.js';
import type { UploadService } from '../../services/uploads.js';
import { viewerFromRequest } from '../auth/viewer.js';

// GET /evidence/<submissionId>: the uploaded file of a submission, for the people docs/api.md names
// (graphql/access.ts evidenceFileVisible: HR, the candidate, the assessor and current panel, the
// requested moderator, committee members on one of its appeals; not managers or mentors). Same answer for
// a submission that does not exist and one the viewer may not see, so ids cannot be probed.

export interface EvidenceRouteDeps {
  prisma: PrismaClient;
  uploads: UploadService;
  auth: AuthOptions | string;
}

function refuse(res: ServerResponse, status: number, code: ErrorCode, message: string): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' }).end(JSON.stringify({ error: { code, message } }));
}

/** `attachment; filename*=UTF-8''…`: the stored name, never interpreted by the browser as a path or markup. */
const disposition = (fileName: string) => `attachment; filename="evidence"; filename*=UTF-8''${encodeURIComponent(fileName || 'evidence')}`;

/** Handles /evidence/…; returns false when the request is for another path. */
export async function handleEvidenceRequest(deps: EvidenceRouteDeps, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const match = /^\/evidence\/([^/]+)$/.exec(url.pathname);
  if (!match) return false;
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD' }).end();
    return true;
  }
  const viewer = await viewerFromRequest(req, deps.prisma, deps.auth);
  if (!viewer) {
    refuse(res, 401, ErrorCode.Unauthenticated, 'Sign in: evidence files need a bearer token or a portal session.');
    return true;
  }
  let submissionId = '';
  try {
    submissionId = decodeURIComponent(match[1]!);
  } catch {
    // A mangled id names no submission.
  }
  const submission = submissionId ? await deps.prisma.submission.findUnique({ where: { id: submissionId }, include: { journey: true } }) : null;
  const visible = submission ? await evidenceFileVisible({ prisma: deps.prisma, viewer } as GraphQLContext, submission.journey) : false;
  const file = submission?.fileSha256 && visible ? await deps.uploads.locate(submission.fileSha256) : null;
  if (!submission || !file) {
    refuse(res, 404, ErrorCode.NotFound, 'No evidence file here that you may see.');
    return true;
  }
  res.writeHead(200, {
    'content-type': submission.mimeType ?? 'application/octet-stream',
    ...(submission.fileSize !== null ? { 'content-length': String(submission.fileSize) } : {}),
    'content-disposition': disposition(submission.fileName ?? ''),
    'cache-control': 'private, no-store',
    'x-content-type-options': 'nosniff',
    // Opened in a tab rather than saved, a file still runs no script and reaches nothing.
    'content-security-policy': "default-src 'none'; sandbox",
  });
  if (req.method === 'HEAD') {
    res.end();
    return true;
  }
  await pipeline(createReadStream(file), res);
  return true;
}
