import { Hono } from 'hono';
import { ErrorCode } from '../../domain/errors.js';
import { Role } from '../../domain/viewer.js';
import type { PrismaClient } from '../../prisma/client.js';
import type { ReportFormat } from '../../services/reports/links.js';
import type { EdgeEnv } from '../env.js';

// GET /reports/<reportId>.html|.csv: a stored quarterly report, for HR, admins and program owners with
// a bearer token or the portal session (http/auth/viewer.ts). The committee email links here; the
// figures never travel in the email itself.

const REPORT_ROLES: readonly Role[] = [Role.Hr, Role.Admin, Role.ProgramOwner];

const refusal = (status: 401 | 403 | 404, code: ErrorCode, message: string) => Response.json({ error: { code, message } }, { status });

export function reportRoutes(prisma: PrismaClient): Hono<EdgeEnv> {
  const routes = new Hono<EdgeEnv>({ strict: false });
  routes.get('/reports/:file', async (c) => {
    const viewer = await c.get('viewer')();
    if (!viewer) return refusal(401, ErrorCode.Unauthenticated, 'Sign in: reports need a bearer token or a portal session.');
    if (!viewer.roles.some((r) => REPORT_ROLES.includes(r))) return refusal(403, ErrorCode.Forbidden, 'Reports are for HR and program owners.');
    // Hono has decoded the name; a mangled one names no report.
    const match = /^(.+)\.(html|csv)$/.exec(c.req.param('file'));
    const report = match ? await prisma.programReport.findUnique({ where: { id: match[1]! } }) : null;
    if (!report || !match) return refusal(404, ErrorCode.NotFound, 'No such report.');
    const format = match[2] as ReportFormat;
    const fileName = `${report.programId}-${report.quarter}.${format}`.replace(/[^\w.-]/g, '_');
    return c.body(format === 'html' ? report.html : report.csv, 200, {
      'content-type': format === 'html' ? 'text/html; charset=utf-8' : 'text/csv; charset=utf-8',
      'content-disposition': `${format === 'html' ? 'inline' : 'attachment'}; filename="${fileName}"`,
      // The report's one inline stylesheet, nothing else.
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
    });
  });
  routes.all('/reports/*', (c) => c.body(null, 405, { allow: 'GET, HEAD' }));
  return routes;
}
