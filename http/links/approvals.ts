import { Hono } from 'hono';
import { type DomainError, ErrorCode } from '../../domain/errors.js';
import type { ApprovalService } from '../../services/approvals.js';
import type { EdgeEnv } from '../env.js';
import { LINK_FORM_BYTES, readForm } from '../middleware/body.js';
import { confirmationPage, decidedPage, refusalPage, statusFor } from './approval-pages.js';
import { linkPageResponse } from './link-page.js';

// /approvals/:id, the manager's emailed link: GET shows what is being approved (a scanner fetching it
// decides nothing), POST of the page's form decides once. The link's token is the authority; the
// service audits every use with the caller's address. (Hono decodes the id; a mangled one is kept as
// sent, names no approval and is refused as an invalid link.)

/** Told of every refused use of a link, by reason (the error code) and method: the refusal metric. */
export type LinkRefusalCounter = (reason: string, method: string) => void;

export function approvalRoutes(approvals: ApprovalService, refused: LinkRefusalCounter = () => undefined): Hono<EdgeEnv> {
  const routes = new Hono<EdgeEnv>({ strict: false });
  const refusal = (error: DomainError, method: string) => {
    refused(error.code, method);
    return linkPageResponse(statusFor(error), refusalPage(error));
  };
  routes.get('/approvals/:id', async (c) => {
    const token = c.req.query('token') ?? '';
    const method = c.req.method === 'HEAD' ? 'HEAD' : 'GET';
    const result = await approvals.view({ approvalId: c.req.param('id'), token, method, ip: c.get('clientAddress') });
    return result.ok ? linkPageResponse(200, confirmationPage(result.value, token)) : refusal(result.error, method);
  });
  routes.post('/approvals/:id', async (c) => {
    const form = await readForm(c.req.raw, LINK_FORM_BYTES);
    const decision = form === 'too-large' ? null : form.get('decision');
    if (form === 'too-large' || (decision !== 'approve' && decision !== 'decline')) {
      return refusal({ code: ErrorCode.InvalidInput, message: 'Choose Approve or Decline on the confirmation page.' }, 'POST');
    }
    const comment = form.get('comment')?.trim() || undefined;
    const use = { approvalId: c.req.param('id'), token: form.get('token') ?? '', method: 'POST', ip: c.get('clientAddress') };
    const result = await approvals.decide(use, decision, comment);
    return result.ok ? linkPageResponse(200, decidedPage(result.value, decision)) : refusal(result.error, 'POST');
  });
  routes.all('/approvals/:id', (c) => c.body(null, 405, { allow: 'GET, HEAD, POST' }));
  return routes;
}
