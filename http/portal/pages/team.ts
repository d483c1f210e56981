import { graphql, type ResultOf } from '../graphql.js';
import { ApiError, unwrap } from '../api-client.js';
import { emptyState, formatDate, humanize, postForm, stageBadge, table } from '../components.js';
import { html, type SafeHtml } from '../../../html/template.js';
import { type PageHandler, page, redirect, requireRole, param } from '../page.js';
import type { Route } from '../page.js';
import type { RouteOptions } from '../routes.js';
import { type Deadline, deadlineLabel } from './candidate-shared.js';
import { backField, candidateLink, nextCheckIn, programLabel, settle, textArea } from './people-common.js';

// Managers: their reports' journeys, and the approvals waiting for them, decided here with the same
// effect as the emailed link (decideApproval; the link keeps working, whichever is used first wins).

const TEAM = graphql(`query TeamPage {
  myPendingApprovals { id step requestedAt expiresAt journey { id stage candidate { name title } program { name } pathway { name } } }
  reportJourneys { id stage enrolledAt updatedAt pausedAt nextCheckInDue deadlines { kind dueAt } candidate { name } program { name } pathway { name } }
}`);

const DECIDE = graphql(`mutation DecideApproval($input: DecideApprovalInput!) {
  decideApproval(input: $input) { __typename ... on CertiflowError { code message } ... on MutationDecideApprovalSuccess { data { journeyId journey { candidate { name } program { name } } } } }
}`);

type PendingApproval = ResultOf<typeof TEAM>['myPendingApprovals'][number];

type Decided = Extract<ResultOf<typeof DECIDE>['decideApproval'], { data: unknown }>['data'];


function approvalCard(approval: PendingApproval, index: number, csrf: string): SafeHtml {
  const { journey } = approval;
  const headingId = `approval-${index}`;
  return html`<li class="card approval-card" aria-labelledby="${headingId}">
<h3 id="${headingId}">${journey.candidate.name}: ${humanize(approval.step)}</h3>
<dl class="facts"><dt>Role</dt><dd>${journey.candidate.title}</dd><dt>Program</dt><dd>${programLabel(journey)}</dd>
<dt>Requested</dt><dd>${formatDate(approval.requestedAt)}</dd><dt>Decide by</dt><dd>${formatDate(approval.expiresAt)}</dd></dl>
${postForm(
  `/team/approvals/${encodeURIComponent(approval.id)}`,
  csrf,
  html`${backField('/team')}${textArea(`comment-${index}`, 'comment', `Comment for ${journey.candidate.name}`, { maxLength: 2000 })}
<div class="actions"><button type="submit" name="decision" value="approve" class="primary">Approve ${journey.candidate.name}'s enrolment</button>
<button type="submit" name="decision" value="decline" class="danger">Decline</button></div>`,
  { label: `Decision on ${journey.candidate.name}'s enrolment`, className: 'stack' },
)}
</li>`;
}

function nextDeadline(deadlines: Deadline[] | null): SafeHtml | string {
  if (deadlines === null) return html`<span class="muted-text">Not known right now</span>`;
  const next = deadlines[0];
  return next ? html`${deadlineLabel(next.kind)}: ${formatDate(next.dueAt)}` : html`<span class="muted-text">None</span>`;
}

export function teamRoutes(_options: RouteOptions): Route<PageHandler>[] {
  const show: PageHandler = async (ctx) => {
    requireRole(ctx, 'manager');
    const data = await ctx.api(TEAM);
    const now = new Date();
    const rows = data.reportJourneys.map((j) => [
      candidateLink(j),
      programLabel(j),
      html`${stageBadge(j.stage)}${j.pausedAt ? html` <span class="hint">since ${formatDate(j.pausedAt)}</span>` : ''}`,
      formatDate(j.enrolledAt),
      nextDeadline(j.deadlines),
      nextCheckIn(j.nextCheckInDue, now),
      formatDate(j.updatedAt),
    ]);
    return page(
      'My team',
      html`<h1>My team</h1>
<p class="lede">Your direct reports' certification journeys, and the requests waiting for your decision.</p>
<section aria-labelledby="approvals-heading"><h2 id="approvals-heading">Waiting for your approval (${data.myPendingApprovals.length})</h2>
${
  data.myPendingApprovals.length
    ? html`<p>Approving lets the person start preparing evidence; declining ends this enrolment and tells them why, if you add a comment. The emailed link does the same.</p>
<ul class="cards">${data.myPendingApprovals.map((a, i) => approvalCard(a, i, ctx.csrf))}</ul>`
    : emptyState('Nothing is waiting for your approval.')
}</section>
<section aria-labelledby="journeys-heading"><h2 id="journeys-heading">Your reports' journeys</h2>
${
  rows.length
    ? table('Journeys of your direct reports', ['Person', 'Program', 'Stage', 'Enrolled', 'Next deadline', 'Next check-in', 'Last activity'], rows)
    : emptyState('None of your direct reports has a certification journey yet.')
}</section>`,
      { section: 'team' },
    );
  };

  const decide: PageHandler = async (ctx) => {
    requireRole(ctx, 'manager');
    const decision = ctx.form.get('decision');
    if (decision !== 'approve' && decision !== 'decline') {
      return redirect('/team', { kind: 'error', text: 'Choose Approve or Decline. Nothing was changed.' });
    }
    const comment = ctx.form.get('comment')?.trim() || null;
    const input = { approvalId: param(ctx, 'approvalId'), decision: decision === 'approve' ? ('APPROVE' as const) : ('DECLINE' as const), comment };
    const result = await ctx.api(DECIDE, { input });
    let decided: Decided;
    try {
      decided = unwrap(result.decideApproval);
    } catch (error) {
      if (error instanceof ApiError) return redirect('/team', { kind: 'error', text: `${error.message} Nothing was changed.` });
      throw error;
    }
    const pending = graphql(`query PendingApprovals { myPendingApprovals { id } }`);
    await settle(async () => !(await ctx.api(pending)).myPendingApprovals.some((a) => a.id === input.approvalId));
    const who = decided.journey ? `${decided.journey.candidate.name}'s enrolment in ${decided.journey.program.name}` : 'the enrolment';
    return redirect('/team', { kind: 'success', text: `You ${decision === 'approve' ? 'approved' : 'declined'} ${who}.` });
  };

  return [
    { method: 'GET', path: '/team', handler: show },
    { method: 'POST', path: '/team/approvals/:approvalId', handler: decide },
  ];
}
