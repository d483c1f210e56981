import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApprovalService } from '../../services/approvals.js';
import { confirmationPage, decidedPage, refusalPage, statusFor } from './approval-pages.js';
import { readForm, sendPage } from './link-page.js';
import { type ClientAddress, socketAddress } from '../client-address.js';

/** Handles /approvals/:id. Returns false when the request is not for an approval link. */
export async function handleApprovalRequest(
  approvals: ApprovalService,
  req: IncomingMessage,
  res: ServerResponse,
  clientAddress: ClientAddress = socketAddress,
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
  const ip = clientAddress(req);

  if (req.method === 'GET' || req.method === 'HEAD') {
    const token = url.searchParams.get('token') ?? '';
    const result = await approvals.view({ approvalId, token, method: req.method, ip });
    sendPage(res, result.ok ? 200 : statusFor(result.error), result.ok ? confirmationPage(result.value, token) : refusalPage(result.error));
    return true;
  }
  if (req.method === 'POST') {
    const form = await readForm(req);
    const decision = form?.get('decision');
    if (!form || (decision !== 'approve' && decision !== 'decline')) {
      sendPage(res, 400, refusalPage({ code: 'INVALID_INPUT', message: 'Choose Approve or Decline on the confirmation page.' }));
      return true;
    }
    const comment = form.get('comment')?.trim() || undefined;
    const use = { approvalId, token: form.get('token') ?? '', method: 'POST', ip };
    const result = await approvals.decide(use, decision, comment);
    sendPage(res, result.ok ? 200 : statusFor(result.error), result.ok ? decidedPage(result.value, decision) : refusalPage(result.error));
    return true;
  }
  res.writeHead(405, { allow: 'GET, HEAD, POST' }).end();
  return true;
}
