import type { DomainError } from '../domain/errors.js';
import { escapeHtml } from '../mail/templates.js';
import type { ApprovalSummary } from '../services/approvals.js';

// Server-rendered pages for approval links. No script: a link scanner that fetches the page can never
// trigger the decision, which only a person's POST of the form makes.


function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer"><meta name="robots" content="noindex">
<title>${escapeHtml(title)} · Certiflow</title>
<style>
body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a;line-height:1.5}
h1{font-size:1.5rem}dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}dt{font-weight:600}
textarea{width:100%;min-height:5rem;font:inherit}button{font:inherit;padding:.5rem 1.25rem;margin-right:.5rem;border-radius:.25rem;border:1px solid #1a1a1a;cursor:pointer}
.approve{background:#0b6e2e;color:#fff}.decline{background:#fff;color:#8a1c1c;border-color:#8a1c1c}
.notice{padding:1rem;border-left:4px solid #8a1c1c;background:#fbeaea}.done{border-left-color:#0b6e2e;background:#e8f5ec}
</style></head><body><main>${body}</main></body></html>`;
}

export function confirmationPage(summary: ApprovalSummary, token: string): string {
  return page(
    'Approve enrolment',
    `<h1>Approve ${escapeHtml(summary.candidateName)}'s enrolment?</h1>
<p>${escapeHtml(summary.approverName)}, ${escapeHtml(summary.candidateName)} asked to enrol in a certification program and needs your approval.</p>
<dl><dt>Program</dt><dd>${escapeHtml(summary.programName)}</dd><dt>Pathway</dt><dd>${escapeHtml(summary.pathwayName)}</dd>
<dt>Link valid until</dt><dd>${escapeHtml(summary.expiresAt.replace('T', ' ').slice(0, 16))} UTC</dd></dl>
<form method="post" action="/approvals/${encodeURIComponent(summary.approvalId)}">
<input type="hidden" name="token" value="${escapeHtml(token)}">
<p><label for="comment">Comment (optional)</label><br><textarea id="comment" name="comment" maxlength="2000"></textarea></p>
<button class="approve" type="submit" name="decision" value="approve">Approve</button>
<button class="decline" type="submit" name="decision" value="decline">Decline</button>
</form>
<p><small>Nothing is decided until you press a button. The link works once.</small></p>`,
  );
}

export function decidedPage(summary: ApprovalSummary, decision: 'approve' | 'decline'): string {
  const verb = decision === 'approve' ? 'approved' : 'declined';
  return page(
    `Enrolment ${verb}`,
    `<h1>Thank you</h1><p class="notice done">You ${verb} ${escapeHtml(summary.candidateName)}'s enrolment in ${escapeHtml(summary.programName)}. ${escapeHtml(summary.candidateName)} will be notified.</p>`,
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
  return page(heading, `<h1>${escapeHtml(heading)}</h1><p class="notice">${escapeHtml(error.message)}</p><p>Nothing was changed.</p>`);
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
