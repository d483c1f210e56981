import type { IncomingMessage, ServerResponse } from 'node:http';
import { ErrorCode } from '../../domain/errors.js';
import type { AuthOptions } from '../auth/tokens.js';
import { Role } from '../../graphql/context.js';
import type { PrismaClient } from '../../prisma/client.js';
import { viewerFromRequest } from '../auth/viewer.js';
import type { ReportFormat } from '../../services/reports/links.js';

// GET /reports/<reportId>.html|.csv: a stored quarterly report, for HR, admins and program owners with
// a bearer token. The committee email links here; the figures never travel in the email itself.
// Without an Authorization header the portal's session cookie (the same token, HttpOnly, SameSite=Lax)
// is accepted, so the portal can link here: a GET that changes nothing, so no CSRF token is needed, and
// another site can make the browser open a report only for the person themselves, never read it.

const REPORT_ROLES: readonly Role[] = [Role.Hr, Role.Admin, Role.ProgramOwner];

export interface ReportRouteDeps {
  prisma: PrismaClient;
  /** The API's token settings (secret or identity provider), as given to the GraphQL handler. */
  auth: AuthOptions | string;
}

function sendError(res: ServerResponse, status: number, code: ErrorCode, message: string): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' }).end(JSON.stringify({ error: { code, message } }));
}

/** Handles /reports/…; returns false when the request is for another path. */
export async function handleReportRequest(deps: ReportRouteDeps, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (!url.pathname.startsWith('/reports/')) return false;
  const match = /^\/reports\/([^/]+)\.(html|csv)$/.exec(url.pathname);
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD' }).end();
    return true;
  }
  const viewer = await viewerFromRequest(req, deps.prisma, deps.auth);
  if (!viewer) {
    sendError(res, 401, ErrorCode.Unauthenticated, 'Sign in: reports need a bearer token or a portal session.');
    return true;
  }
  if (!viewer.roles.some((r) => REPORT_ROLES.includes(r))) {
    sendError(res, 403, ErrorCode.Forbidden, 'Reports are for HR and program owners.');
    return true;
  }
  let reportId: string | null = null;
  try {
    reportId = match ? decodeURIComponent(match[1]!) : null;
  } catch {
    // A mangled id names no report; answered as not found below.
  }
  const report = reportId ? await deps.prisma.programReport.findUnique({ where: { id: reportId } }) : null;
  if (!report || !match) {
    sendError(res, 404, ErrorCode.NotFound, 'No such report.');
    return true;
  }
  const format = match[2] as ReportFormat;
  const fileName = `${report.programId}-${report.quarter}.${format}`.replace(/[^\w.-]/g, '_');
  res.writeHead(200, {
    'content-type': format === 'html' ? 'text/html; charset=utf-8' : 'text/csv; charset=utf-8',
    'content-disposition': `${format === 'html' ? 'inline' : 'attachment'}; filename="${fileName}"`,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
  });
  res.end(req.method === 'HEAD' ? undefined : format === 'html' ? report.html : report.csv);
  return true;
}
