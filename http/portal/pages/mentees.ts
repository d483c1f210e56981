import { graphql, type ResultOf } from '../graphql.js';
import { unwrap } from '../api-client.js';
import { emptyState, learningPlanOf, formatDate, postForm, stageBadge, table } from '../components.js';
import { html, type SafeHtml } from '../../../html/template.js';
import { type PageContext, type PageHandler, page, redirect, requireRole } from '../page.js';
import type { Route } from '../page.js';
import type { RouteOptions } from '../routes.js';
import {
  backField,
  checkInBadge,
  checkInStatus,
  dueStatus,
  formText,
  journeyPath,
  programLabel,
  settle,
  textArea,
  textInput,
} from './people-common.js';

// Mentors: each mentee's journey with the check-in schedule (due, overdue, missed), the form for the
// check-in that is open, and milestones. The journey workflow says whether a check-in is open.

const MENTEES = graphql(`query MenteesPage {
  menteeJourneys {
    id stage pausedAt nextCheckInDue candidate { name } program { name } pathway { name }
    checkIns { id dueAt recordedAt missed progress blockers nextSteps }
    milestones { key title badge awardedAt }
    learningPlan
  }
}`);

const RECORDED = graphql(`query MenteeRecorded($id: ID!) { journey(id: $id) { checkIns { id } milestones { key } } }`);

const RECORD_CHECK_IN = graphql(`mutation RecordCheckIn($input: RecordCheckInInput!) {
  recordCheckIn(input: $input) { __typename ... on CertiflowError { code message } ... on MutationRecordCheckInSuccess { data { journeyId } } }
}`);

const RECORD_MILESTONE = graphql(`mutation RecordMilestone($input: RecordMilestoneInput!) {
  recordMilestone(input: $input) { __typename ... on CertiflowError { code message } ... on MutationRecordMilestoneSuccess { data { journeyId } } }
}`);

type Mentee = ResultOf<typeof MENTEES>['menteeJourneys'][number];

/** "Portfolio reviewed" → "portfolio-reviewed", the key the API expects for a milestone. */
export function milestoneKey(title: string): string {
  return title
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63);
}

function menteeSection(mentee: Mentee, index: number, csrf: string, now: Date): SafeHtml {
  const id = `mentee-${index}`;
  const open = mentee.nextCheckInDue;
  const action = (what: string) => `/mentees/${encodeURIComponent(mentee.id)}/${what}`;
  const checkIns = [
    ...mentee.checkIns.map((c) => [formatDate(c.dueAt), checkInBadge(checkInStatus(c, now)), c.progress ?? null, c.blockers || null, c.nextSteps ?? null]),
    ...(open ? [[formatDate(open), checkInBadge(dueStatus(open, now)), null, null, null]] : []),
  ];
  const goals = learningPlanOf(mentee.learningPlan)?.goals ?? [];
  return html`<section class="mentee" aria-labelledby="${id}">
<h2 id="${id}">${mentee.candidate.name}</h2>
<p>${programLabel(mentee)} · ${stageBadge(mentee.stage)} · <a href="${journeyPath(mentee.id)}">Open ${mentee.candidate.name}'s journey</a></p>
${goals.length ? html`<h3>Learning plan</h3><ul>${goals.map((g) => html`<li>${g}</li>`)}</ul>` : ''}
<h3>Check-ins</h3>
${checkIns.length ? table(`Check-ins with ${mentee.candidate.name}`, ['Due', 'Status', 'Progress', 'Blockers', 'Next steps'], checkIns) : emptyState('No check-ins are scheduled yet.')}
${
  open
    ? html`<h3>Record the check-in due ${formatDate(open)}</h3>
${postForm(
  action('check-in'),
  csrf,
  html`${backField('/mentees')}
${textArea(`${id}-progress`, 'progress', 'Progress since the last check-in', { required: true })}
${textArea(`${id}-blockers`, 'blockers', 'Blockers', { hint: 'Leave empty if nothing is in the way.' })}
${textArea(`${id}-next`, 'nextSteps', 'Agreed next steps', { required: true })}
<div class="actions"><button type="submit" class="primary">Record check-in with ${mentee.candidate.name}</button></div>`,
  { label: `Check-in with ${mentee.candidate.name}`, className: 'stack' },
)}`
    : ''
}
<h3>Milestones</h3>
${
  mentee.milestones.length
    ? html`<ul>${mentee.milestones.map((m) => html`<li>${m.title}${m.badge ? html` (badge: ${m.badge})` : ''}, ${formatDate(m.awardedAt)}</li>`)}</ul>`
    : emptyState('No milestones recorded yet.')
}
<details class="people-details"><summary>Record a milestone for ${mentee.candidate.name}</summary>
${postForm(
  action('milestone'),
  csrf,
  html`${backField('/mentees')}
${textInput(`${id}-milestone`, 'title', 'Milestone', { required: true, hint: 'e.g. Portfolio reviewed' })}
${textInput(`${id}-badge`, 'badge', 'Digital badge')}
<div class="actions"><button type="submit">Record milestone</button></div>`,
  { label: `Milestone for ${mentee.candidate.name}`, className: 'stack' },
)}</details>
</section>`;
}

/** What the read model holds so far, to show an action's result once it is there. */
async function recorded(ctx: PageContext, journeyId: string): Promise<{ checkIns: number; milestones: number }> {
  const { journey } = await ctx.api(RECORDED, { id: journeyId });
  return { checkIns: journey?.checkIns.length ?? 0, milestones: journey?.milestones.length ?? 0 };
}

export function menteeRoutes(_options: RouteOptions): Route<PageHandler>[] {
  const show: PageHandler = async (ctx) => {
    requireRole(ctx, 'mentor');
    const { menteeJourneys } = await ctx.api(MENTEES);
    const now = new Date();
    const due = menteeJourneys.filter((m) => m.nextCheckInDue && ['due', 'overdue'].includes(dueStatus(m.nextCheckInDue, now)));
    return page(
      'Mentees',
      html`<h1>Mentees</h1>
<p class="lede">${menteeJourneys.length} mentee${menteeJourneys.length === 1 ? '' : 's'}; ${due.length} with a check-in due or overdue.</p>
${menteeJourneys.length ? menteeJourneys.map((m, i) => menteeSection(m, i, ctx.csrf, now)) : emptyState('Nobody is assigned to you as a mentee yet.')}`,
      { section: 'mentees' },
    );
  };

  const checkIn: PageHandler = async (ctx) => {
    requireRole(ctx, 'mentor');
    const input = { journeyId: ctx.params.journeyId ?? '', progress: formText(ctx.form, 'progress'), blockers: formText(ctx.form, 'blockers'), nextSteps: formText(ctx.form, 'nextSteps') };
    if (!input.progress || !input.nextSteps) return redirect('/mentees', { kind: 'error', text: 'Fill in progress and next steps. Nothing was recorded.' });
    const before = await recorded(ctx, input.journeyId);
    unwrap((await ctx.api(RECORD_CHECK_IN, { input })).recordCheckIn);
    await settle(async () => (await recorded(ctx, input.journeyId)).checkIns > before.checkIns);
    return redirect('/mentees', { kind: 'success', text: 'The check-in is recorded.' });
  };

  const milestone: PageHandler = async (ctx) => {
    requireRole(ctx, 'mentor');
    const title = formText(ctx.form, 'title');
    const badge = formText(ctx.form, 'badge');
    const key = milestoneKey(title);
    if (key.length < 2) return redirect('/mentees', { kind: 'error', text: 'Name the milestone (at least two letters or digits). Nothing was recorded.' });
    const input = { journeyId: ctx.params.journeyId ?? '', key, title, ...(badge ? { badge } : {}) };
    const before = await recorded(ctx, input.journeyId);
    unwrap((await ctx.api(RECORD_MILESTONE, { input })).recordMilestone);
    await settle(async () => (await recorded(ctx, input.journeyId)).milestones > before.milestones);
    return redirect('/mentees', { kind: 'success', text: `Milestone "${title}" is recorded.` });
  };

  return [
    { method: 'GET', path: '/mentees', handler: show },
    { method: 'POST', path: '/mentees/:journeyId/check-in', handler: checkIn },
    { method: 'POST', path: '/mentees/:journeyId/milestone', handler: milestone },
  ];
}
