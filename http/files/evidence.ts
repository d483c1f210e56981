import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { Hono } from 'hono';
import { ErrorCode } from '../../domain/errors.js';
import { anonymousFileName } from '../../domain/anonymity.js';
import { evidenceFileVisible } from '../../services/access.js';
import { candidateHiddenFrom } from '../../services/anonymity.js';
import type { PrismaClient } from '../../prisma/client.js';
import type { UploadService } from '../../services/uploads.js';
import { activeTraceId, type ReadAuditService } from '../../services/read-audit.js';
import type { EdgeEnv } from '../env.js';

// GET /evidence/<submissionId>: the uploaded file of a submission, for the people docs/api.md names
// (services/access.ts evidenceFileVisible: HR, the candidate, the assessor and current panel, the
// requested moderator, committee members on one of its appeals; not managers or mentors). Same answer for
// a submission that does not exist and one the viewer may not see, so ids cannot be probed. A download of
// someone else's file is recorded in the read audit before a byte is sent; if it cannot be recorded the
// file is not sent (the error responder answers 503 or 500), as GraphQL withholds an unrecorded read.

/** `attachment; filename*=UTF-8''…`: the stored name, never interpreted by the browser as a path or markup. */
const disposition = (fileName: string) => `attachment; filename="evidence"; filename*=UTF-8''${encodeURIComponent(fileName || 'evidence')}`;

const refusal = (status: 401 | 404, code: ErrorCode, message: string) => Response.json({ error: { code, message } }, { status });

export function evidenceRoutes(prisma: PrismaClient, uploads: UploadService, readAudit: Pick<ReadAuditService, 'record'>): Hono<EdgeEnv> {
  const routes = new Hono<EdgeEnv>({ strict: false });
  routes.get('/evidence/:submissionId', async (c) => {
    const viewer = await c.get('viewer')();
    if (!viewer) return refusal(401, ErrorCode.Unauthenticated, 'Sign in: evidence files need a bearer token or a portal session.');
    const submission = await prisma.submission.findUnique({ where: { id: c.req.param('submissionId') }, include: { journey: true } });
    const visible = submission ? await evidenceFileVisible({ prisma, viewer }, submission.journey) : false;
    const file = submission?.fileSha256 && visible ? await uploads.locate(submission.fileSha256) : null;
    if (!submission || !file) return refusal(404, ErrorCode.NotFound, 'No evidence file here that you may see.');
    // An anonymised assessor is not told the name it was uploaded under, as in the API's Submission.fileName.
    const hidden = await candidateHiddenFrom({ prisma, viewer }, submission.journey);
    const fileName = hidden ? anonymousFileName(submission.fileName ?? '') : (submission.fileName ?? '');
    const headers = {
      'content-type': submission.mimeType ?? 'application/octet-stream',
      ...(submission.fileSize !== null ? { 'content-length': String(submission.fileSize) } : {}),
      'content-disposition': disposition(fileName),
      'cache-control': 'private, no-store',
      // Opened in a tab rather than saved, a file still runs no script and reaches nothing.
      'content-security-policy': "default-src 'none'; sandbox",
    };
    if (c.req.method === 'HEAD') return c.body(null, 200, headers);
    const candidateId = submission.journey.candidateId;
    if (candidateId !== viewer.personId) {
      const read = { kind: 'evidence_file', channel: 'file', operation: 'GET /evidence/:submissionId', subjectId: candidateId, journeyId: submission.journeyId } as const;
      await readAudit.record([{ ...read, viewerId: viewer.personId, traceId: activeTraceId(), address: c.get('clientAddress') ?? null, at: new Date() }]);
    }
    return c.body(Readable.toWeb(createReadStream(file)) as ReadableStream<Uint8Array>, 200, headers);
  });
  routes.all('/evidence/*', (c) => c.body(null, 405, { allow: 'GET, HEAD' }));
  return routes;
}
