import type { DomainError } from '../../domain/errors.js';
import { html } from '../../html/template.js';
import type { ApprovalSummary } from '../../services/approvals.js';
import { linkPage } from './link-page.js';

// Server-rendered pages for approval links, in the portal's look (link-page.ts). No script: a link
// scanner that fetches the page can never trigger the decision, which only a person's POST of the form makes.

export function confirmationPage(summary: ApprovalSummary, token: string): string {
  return linkPage(
    'Approve enrolment',
    html`<h1>Approve ${summary.candidateName}'s enrolment?</h1>
<p>${summary.approverName}, ${summary.candidateName} asked to enrol in a certification program and needs your approval.</p>
<dl class="facts"><dt>Program</dt><dd>${summary.programName}</dd><dt>Pathway</dt><dd>${summary.pathwayName}</dd>
<dt>Link valid until</dt><dd>${summary.expiresAt.replace('T', ' ').slice(0, 16)} UTC</dd></dl>
<form method="post" action="/approvals/${encodeURIComponent(summary.approvalId)}" class="stack">
<input type="hidden" name="token" value="${token}">
<label for="comment">Comment <span class="hint">(optional)</span></label><textarea id="comment" name="comment" maxlength="2000"></textarea>
<div class="actions"><button class="primary" type="submit" name="decision" value="approve">Approve</button>
<button class="danger" type="submit" name="decision" value="decline">Decline</button></div>
</form>
<p class="hint">Nothing is decided until you press a button. The link works once. Signed in to Certiflow, you find this request under <a href="/team">My team</a> too.</p>`,
  );
}

export function decidedPage(summary: ApprovalSummary, decision: 'approve' | 'decline'): string {
  const verb = decision === 'approve' ? 'approved' : 'declined';
  return linkPage(
    `Enrolment ${verb}`,
    html`<h1>Thank you</h1><p class="notice success">You ${verb} ${summary.candidateName}'s enrolment in ${summary.programName}. ${summary.candidateName} will be notified.</p>
<p><a href="/team">See your team's journeys in Certiflow</a></p>`,
  );
}

const HEADINGS: Record<string, string> = {
  LINK_INVALID: 'This link is not valid',
  LINK_EXPIRED: 'This link has expired',
  LINK_USED: 'This link was already used',
  APPROVAL_ALREADY_DECIDED: 'This link was already used',
  LINK_MISMATCH: 'This link no longer applies',
  NOT_ALLOWED_IN_STAGE: 'This request is closed',
};

export function refusalPage(error: DomainError): string {
  const heading = HEADINGS[error.code] ?? 'This request cannot be completed';
  return linkPage(heading, html`<h1>${heading}</h1><p class="notice error">${error.message}</p><p>Nothing was changed.</p>
<p><a href="/team">Open Certiflow to see requests waiting for you</a></p>`);
}

export function statusFor(error: DomainError): number {
  switch (error.code) {
    case 'LINK_INVALID':
    case 'NOT_FOUND':
      return 404;
    case 'LINK_EXPIRED':
      return 410;
    case 'INVALID_INPUT':
      return 400;
    case 'WORKFLOW_UNAVAILABLE':
      return 503;
    default:
      return 409;
  }
}
