import { graphql, type ResultOf } from '../graphql.js';
import { ApiError, unwrap } from '../api-client.js';
import { emptyState, formatDate, humanize, postForm, stageBadge, table } from '../components.js';
import { html, type SafeHtml } from '../../../html/template.js';
import { type PageHandler, page, redirect, requireRole, param } from '../page.js';
import type { Route } from '../page.js';
import type { RouteOptions } from '../routes.js';
import { type Deadline, deadlineLabel } from './candidate-shared.js';
import { backField, candidateLink, nextCheckIn, programLabel, settle, textArea } from './people-common.js';
import { dayEnd } from '../form-dates.js';

// Managers: their reports' journeys, and the approvals waiting for them, decided here with the same
// effect as the emailed link (decideApproval; the link keeps working, whichever is used first wins).

const TEAM = graphql(`query TeamPage {
  myPendingApprovals { id step requestedAt expiresAt journey { id stage candidate { name title } program { name } pathway { name } } }
  reportJourneys { id stage enrolledAt updatedAt pausedAt nextCheckInDue deadlines { kind dueAt } candidate { name } program { name } pathway { name } }
  me { approvalDelegate { id name } approvalDelegateUntil }
  approvalDelegateChoices { id name title }
}`);

const SET_DELEGATE = graphql(`mutation SetApprovalDelegate($input: SetApprovalDelegateInput!) {
  setApprovalDelegate(input: $input) { __typename ... on CertiflowError { code message } ... on MutationSetApprovalDelegateSuccess { data { approvalDelegate { name } approvalDelegateUntil } } }
}`);

type TeamData = ResultOf<typeof TEAM>;

/** Who decides approvals while the manager is away: the current delegate and the form to change it. */
function delegateSection(data: TeamData, csrf: string): SafeHtml {
  const current = data.me?.approvalDelegate ?? null;
  const until = data.me?.approvalDelegateUntil ?? null;
  const option = (p: { id: string; name: string; title: string }) => html`<option value="${p.id}"${p.id === current?.id ? html` selected` : ''}>${p.name} (${p.title})</option>`;
  return html`<section aria-labelledby="delegate-heading"><h2 id="delegate-heading">Approvals while you are away</h2>
<p>${
    current
      ? html`<strong>${current.name}</strong> decides enrolment approvals in your place${until ? ` until ${formatDate(until)}` : ' until you change it'}. Requests already sent stay with whoever has them.`
      : 'You decide enrolment approvals yourself. Name your manager, a peer or one of your reports to decide in your place while you are away.'
  }</p>
${postForm(
  '/team/delegate',
  csrf,
  html`${backField('/team')}<div><label for="delegate">Decides in my place</label>
<select id="delegate" name="delegateId"><option value="">Nobody: I decide myself</option>${data.approvalDelegateChoices.map(option)}</select></div>
<div><label for="delegate-until">Until <span class="hint">(optional, the last day)</span></label>
<input type="date" id="delegate-until" name="until"></div>
<div class="actions"><button type="submit">Save</button></div>`,
  { label: 'Approval delegate', className: 'stack' },
)}</section>`;
}

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
${delegateSection(data, ctx.csrf)}
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

  const delegate: PageHandler = async (ctx) => {
    requireRole(ctx, 'manager');
    const delegateId = ctx.form.get('delegateId') || null;
    const day = ctx.form.get('until')?.trim() || null;
    // The last day counts whole: the delegation ends when it is over (UTC).
    const end = day ? dayEnd(day) : null;
    if (day && !end) return redirect('/team', { kind: 'error', text: `"${day}" is not a date such as 2026-11-25: give the last day, or leave it empty. Nothing was changed.` });
    const until = end && delegateId ? end.toISOString() : null;
    try {
      const saved = unwrap((await ctx.api(SET_DELEGATE, { input: { delegateId, until } })).setApprovalDelegate);
      const text = saved.approvalDelegate ? `${saved.approvalDelegate.name} decides enrolment approvals in your place${day ? ` until the end of ${formatDate(day)}` : ''}.` : 'You decide enrolment approvals yourself again.';
      return redirect('/team', { kind: 'success', text });
    } catch (error) {
      if (error instanceof ApiError) return redirect('/team', { kind: 'error', text: `${error.message} Nothing was changed.` });
      throw error;
    }
  };

  return [
    { method: 'GET', path: '/team', handler: show },
    { method: 'POST', path: '/team/delegate', handler: delegate },
    { method: 'POST', path: '/team/approvals/:approvalId', handler: decide },
  ];
}
