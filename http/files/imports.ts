import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { ErrorCode } from '../../domain/errors.js';
import { Role } from '../../domain/viewer.js';
import type { ImportKind } from '../../services/people/csv/rows.js';
import { IMPORT_KINDS, type ImportService } from '../../services/people/imports.js';
import type { EdgeEnv } from '../env.js';
import { fileNameHeader } from './uploads.js';

// POST /imports/:kind: a CSV export as the request body (Content-Type text/csv), for files larger than a
// GraphQL request may be. `?dryRun=true` checks and counts only; X-File-Name names the file and
// X-Import-Mapping carries the mapping JSON (both percent-encoded when not plain ASCII). HR and admins
// only, with a bearer token or the portal's session. Answers the import's summary as JSON.

/** An HRIS export of tens of thousands of people is well under this. */
export const MAX_IMPORT_BYTES = 16 * 1024 * 1024;

export function importRoutes(imports: ImportService): Hono<EdgeEnv> {
  const routes = new Hono<EdgeEnv>({ strict: false });
  const refuse = (status: 400 | 401 | 403 | 404 | 413 | 415, code: ErrorCode, message: string) => Response.json({ error: { code, message } }, { status, headers: { connection: 'close' } });
  routes.post(
    '/imports/:kind',
    async (c, next) => {
      const viewer = await c.get('viewer')();
      if (!viewer) return refuse(401, ErrorCode.Unauthenticated, 'Sign in (a bearer token of HR or an admin) to import.');
      if (!viewer.roles.some((r) => r === Role.Hr || r === Role.Admin)) return refuse(403, ErrorCode.Forbidden, 'Imports are for HR and admins.');
      if (!(IMPORT_KINDS as readonly string[]).includes(c.req.param('kind'))) return refuse(404, ErrorCode.NotFound, `Import people, courses or certifications, not "${c.req.param('kind')}".`);
      // text/csv is not a type a cross-site form or a simple request can send: no CSRF through here.
      if (!/^text\/csv\b/i.test(c.req.header('content-type') ?? '')) return refuse(415, ErrorCode.InvalidInput, 'Send the file as the body with Content-Type: text/csv.');
      await next();
    },
    bodyLimit({ maxSize: MAX_IMPORT_BYTES, onError: () => refuse(413, ErrorCode.RequestTooLarge, `The file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB.`) }),
    async (c) => {
      const viewer = (await c.get('viewer')())!;
      const mapping = fileNameHeader(c.req.header('x-import-mapping'));
      const summary = await imports.run({
        kind: c.req.param('kind') as ImportKind,
        content: Buffer.from(await c.req.arrayBuffer()),
        fileName: fileNameHeader(c.req.header('x-file-name')) || `${c.req.param('kind')}.csv`,
        ...(mapping ? { mapping } : {}),
        dryRun: c.req.query('dryRun') === 'true',
        actor: { id: viewer.personId, source: 'csv' },
      });
      return c.json(summary, summary.problems.length ? 422 : 200);
    },
  );
  return routes;
}
