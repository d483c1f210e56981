import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApprovalService } from '../services/approvals.js';
import { confirmationPage, decidedPage, refusalPage, statusFor } from './pages.js';

const MAX_FORM_BYTES = 16 * 1024;

async function readForm(req: IncomingMessage): Promise<URLSearchParams | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_FORM_BYTES) return null;
    chunks.push(chunk as Buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

function send(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'DENY',
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'",
  });
  res.end(res.req.method === 'HEAD' ? undefined : html);
}

/** Handles /approvals/:id. Returns false when the request is not for an approval link. */
export async function handleApprovalRequest(
  approvals: ApprovalService,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<boolean> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const match = /^\/approvals\/([^/]+)$/.exec(url.pathname);
  if (!match) return false;
  let approvalId: string;
  try {
    approvalId = decodeURIComponent(match[1]!);
  } catch {
    // A mangled id is just another invalid link; the lookup below finds nothing and says so.
    approvalId = match[1]!;
  }
  const ip = req.socket.remoteAddress;

  if (req.method === 'GET' || req.method === 'HEAD') {
    const token = url.searchParams.get('token') ?? '';
    const result = await approvals.view({ approvalId, token, method: req.method, ip });
    send(res, result.ok ? 200 : statusFor(result.error), result.ok ? confirmationPage(result.value, token) : refusalPage(result.error));
    return true;
  }
  if (req.method === 'POST') {
    const form = await readForm(req);
    const decision = form?.get('decision');
    if (!form || (decision !== 'approve' && decision !== 'decline')) {
      send(res, 400, refusalPage({ code: 'INVALID_INPUT', message: 'Choose Approve or Decline on the confirmation page.' }));
      return true;
    }
    const comment = form.get('comment')?.trim() || undefined;
    const use = { approvalId, token: form.get('token') ?? '', method: 'POST', ip };
    const result = await approvals.decide(use, decision, comment);
    send(res, result.ok ? 200 : statusFor(result.error), result.ok ? decidedPage(result.value, decision) : refusalPage(result.error));
    return true;
  }
  res.writeHead(405, { allow: 'GET, HEAD, POST' }).end();
  return true;
}
