import { Hono } from 'hono';
import type { ApprovalService } from '../../services/approvals.js';
import type { EdgeEnv } from '../env.js';
import { LINK_FORM_BYTES, readForm } from '../middleware/body.js';
import { confirmationPage, decidedPage, refusalPage, statusFor } from './approval-pages.js';
import { linkPageResponse } from './link-page.js';

// /approvals/:id, the manager's emailed link: GET shows what is being approved (a scanner fetching it
// decides nothing), POST of the page's form decides once. The link's token is the authority; the
// service audits every use with the caller's address. (Hono decodes the id; a mangled one is kept as
// sent, names no approval and is refused as an invalid link.)

export function approvalRoutes(approvals: ApprovalService): Hono<EdgeEnv> {
  const routes = new Hono<EdgeEnv>({ strict: false });
  routes.get('/approvals/:id', async (c) => {
    const token = c.req.query('token') ?? '';
    const method = c.req.method === 'HEAD' ? 'HEAD' : 'GET';
    const result = await approvals.view({ approvalId: c.req.param('id'), token, method, ip: c.get('clientAddress') });
    return linkPageResponse(result.ok ? 200 : statusFor(result.error), result.ok ? confirmationPage(result.value, token) : refusalPage(result.error));
  });
  routes.post('/approvals/:id', async (c) => {
    const form = await readForm(c.req.raw, LINK_FORM_BYTES);
    const decision = form === 'too-large' ? null : form.get('decision');
    if (form === 'too-large' || (decision !== 'approve' && decision !== 'decline')) {
      return linkPageResponse(400, refusalPage({ code: 'INVALID_INPUT', message: 'Choose Approve or Decline on the confirmation page.' }));
    }
    const comment = form.get('comment')?.trim() || undefined;
    const use = { approvalId: c.req.param('id'), token: form.get('token') ?? '', method: 'POST', ip: c.get('clientAddress') };
    const result = await approvals.decide(use, decision, comment);
    return linkPageResponse(result.ok ? 200 : statusFor(result.error), result.ok ? decidedPage(result.value, decision) : refusalPage(result.error));
  });
  routes.all('/approvals/:id', (c) => c.body(null, 405, { allow: 'GET, HEAD, POST' }));
  return routes;
}
