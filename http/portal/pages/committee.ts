import { graphql, type ResultOf } from '../graphql.js';
import { unlessForbidden, unwrap } from '../api-client.js';
import { criterionScores, emptyState, formatDate, humanize, postForm, table } from '../components.js';
import { html, type SafeHtml } from '../../../html/template.js';
import type { PageHandler } from '../page.js';
import { page, param, redirect, requireRole } from '../page.js';
import type { Route } from '../page.js';
import type { RouteOptions } from '../routes.js';
import { calibration } from './calibration.js';
import { backField, formText, journeyPath, programLabel, settle, textArea, textInput } from './people-common.js';

// The certification committee: open appeals with the decision being appealed and a vote with its
// rationale; assessments they were asked to moderate; revoking a credential with a reason; rule sets
// whose periodic review is due; assessor calibration (calibration.ts). The journey workflow decides
// whether each action is allowed.

const COMMITTEE = graphql(`query CommitteePage {
  appealReviews(open: true) {
    id grounds filedAt viewerHasVoted
    journey { id stage candidate { name } program { name } pathway { name rubricCriteria { criteria { key title threshold } } } }
    assessment { outcome average scores rationale decidedAt }
  }
  moderationJourneys { id stage moderationDue candidate { name } program { name } pathway { name } }
  activeCredentials { id number issuedAt expiresAt holder { name } program { name } journeyId revocationProposal { proposedAt } }
}`);

const PENDING = graphql(`query PendingRevocations {
  pendingRevocations { id number holder { name } program { name } journeyId revocationProposal { reason proposedAt proposedBy { id name } } }
}`);

const DUE_REVIEWS = graphql(`query CommitteeRuleReviews { dueRuleReviews { ruleSetKey ruleSetId programId dueOn overdue } }`);

const ACTIVE = graphql(`query ActiveCredentials { activeCredentials { number } }`);

const DECIDE_APPEAL = graphql(`mutation DecideAppeal($input: DecideAppealInput!) {
  decideAppeal(input: $input) { __typename ... on CertiflowError { code message } ... on MutationDecideAppealSuccess { data { journeyId } } }
}`);

const REVOKE = graphql(`mutation RevokeCredential($input: RevokeCredentialInput!) {
  revokeCredential(input: $input) { __typename ... on CertiflowError { code message } ... on MutationRevokeCredentialSuccess { data { journeyId } } }
}`);

type CommitteeData = ResultOf<typeof COMMITTEE>;
type AppealReview = CommitteeData['appealReviews'][number];
type ActiveCredential = CommitteeData['activeCredentials'][number];
type PendingRevocation = ResultOf<typeof PENDING>['pendingRevocations'][number];

const OUTCOMES = [
  { value: 'uphold', input: 'UPHOLD', label: 'Uphold: the decision stands' },
  { value: 'overturn', input: 'OVERTURN', label: 'Overturn: the candidate passes' },
  { value: 'reassess', input: 'REASSESS', label: 'Reassess: a new panel scores the submission again' },
] as const;

function appealCard(appeal: AppealReview, index: number, csrf: string): SafeHtml {
  const { journey, assessment } = appeal;
  const scores = criterionScores(assessment?.scores);
  const id = `appeal-${index}`;
  const criteria = journey.pathway.rubricCriteria.criteria;
  return html`<li class="card" aria-labelledby="${id}">
<h3 id="${id}">${journey.candidate.name}: ${programLabel(journey)}</h3>
<p>Filed ${formatDate(appeal.filedAt)} · <a href="/assessments/${encodeURIComponent(journey.id)}">Evidence, rubric and panel</a> · <a href="${journeyPath(journey.id)}">Journey</a></p>
<h4>Grounds</h4><div class="evidence-text">${appeal.grounds}</div>
<h4>The decision appealed</h4>
${
  assessment
    ? html`<p>${humanize(assessment.outcome)} on ${formatDate(assessment.decidedAt)}${assessment.average === null ? '' : `, average ${assessment.average}`}. ${assessment.rationale ?? ''}</p>
${
  scores
    ? table(
        `Scores appealed by ${journey.candidate.name}`,
        ['Criterion', 'Level', 'Meets at'],
        criteria.map((c) => [c.title, String(scores[c.key] ?? '—'), String(c.threshold)]),
      )
    : ''
}`
    : emptyState('The appealed decision is not available.')
}
${appeal.viewerHasVoted ? html`<p class="notice success">You have voted. The appeal is decided once every reviewer has voted.</p>` : voteForm(appeal, id, csrf)}
</li>`;
}

function voteForm(appeal: AppealReview, id: string, csrf: string): SafeHtml {
  const name = appeal.journey.candidate.name;
  return postForm(
    `/committee/appeals/${encodeURIComponent(appeal.journey.id)}`,
    csrf,
    html`${backField('/committee')}
<fieldset><legend>Your vote on ${name}'s appeal</legend>
${OUTCOMES.map((o) => html`<div class="choice"><input type="radio" id="${id}-${o.value}" name="outcome" value="${o.value}" required> <label for="${id}-${o.value}">${o.label}</label></div>`)}
</fieldset>
${textArea(`${id}-rationale`, 'rationale', 'Rationale', { required: true, hint: 'Shared with the candidate with the decision. At least 10 characters.' })}
<div class="actions"><button type="submit" class="primary">Record my vote</button></div>`,
    { label: `Vote on ${name}'s appeal`, className: 'stack' },
  );
}

/** A proposal by someone else is confirmed with its own reason; the proposer waits for a second member. */
function confirmCell(proposal: PendingRevocation, viewerId: string, csrf: string): SafeHtml {
  const { reason, proposedBy } = proposal.revocationProposal!;
  if (proposedBy?.id === viewerId) return html`<span class="badge info">Waiting for a second member</span>`;
  return postForm(
    `/committee/journeys/${encodeURIComponent(proposal.journeyId)}/revoke`,
    csrf,
    html`${backField('/committee')}<input type="hidden" name="credential" value="${proposal.number}"><input type="hidden" name="reason" value="${reason}"><input type="hidden" name="confirms" value="${proposedBy?.id ?? ''}">
<button type="submit" class="danger" data-confirm="Confirm the revocation of ${proposal.holder.name}'s credential ${proposal.number}? It takes effect at once.">Confirm revocation of ${proposal.number}</button>`,
    { label: `Confirm the revocation of ${proposal.holder.name}'s credential`, className: 'inline-form' },
  );
}

function pendingSection(pending: PendingRevocation[], viewerId: string, csrf: string): SafeHtml {
  return html`<section aria-labelledby="proposals-heading"><h2 id="proposals-heading">Revocations awaiting a second member (${pending.length})</h2>
${
  pending.length
    ? html`<p>A revocation takes two committee members: the credential stays in force until a second one confirms, with the reason the first one gave.</p>
${table(
  'Revocations proposed by one committee member',
  ['Credential', 'Holder', 'Program', 'Proposed by', 'On', 'Reason', 'Action'],
  pending.map((p) => [
    p.number,
    p.holder.name,
    p.program.name,
    p.revocationProposal!.proposedBy?.name ?? 'A former member',
    formatDate(p.revocationProposal!.proposedAt),
    p.revocationProposal!.reason,
    confirmCell(p, viewerId, csrf),
  ]),
)}`
    : emptyState('No revocation is waiting for a second member.')
}</section>`;
}

function revokeForm(credential: ActiveCredential, index: number, csrf: string): SafeHtml {
  if (credential.revocationProposal) return html`<span class="badge info">Revocation proposed (above)</span>`;
  return postForm(
    `/committee/journeys/${encodeURIComponent(credential.journeyId)}/revoke`,
    csrf,
    html`${backField('/committee')}<input type="hidden" name="credential" value="${credential.number}">${textInput(`revoke-${index}`, 'reason', `Reason for revoking ${credential.number}`, { required: true, maxLength: 2000 })}
<button type="submit" class="danger" data-confirm="Revoke ${credential.holder.name}'s credential ${credential.number}? This cannot be undone.">Revoke ${credential.number}</button>`,
    { label: `Revoke ${credential.holder.name}'s credential`, className: 'inline-form' },
  );
}

export function committeeRoutes(_options: RouteOptions): Route<PageHandler>[] {
  const show: PageHandler = async (ctx) => {
    const viewer = requireRole(ctx, 'committee');
    // Rule reviews are for admins and program owners, revocations awaiting a second member for a current
    // term (a member whose term ended keeps the role and the rest of the page): each section only if answered.
    const [data, reviews, pending] = await Promise.all([
      ctx.api(COMMITTEE),
      unlessForbidden(ctx.api(DUE_REVIEWS)).then((answer) => answer?.dueRuleReviews ?? null),
      unlessForbidden(ctx.api(PENDING)).then((answer) => answer?.pendingRevocations ?? null),
    ]);
    const moderation = data.moderationJourneys.filter((j) => j.moderationDue);
    return page(
      'Committee',
      html`<h1>Certification committee</h1>
<section aria-labelledby="appeals-heading"><h2 id="appeals-heading">Open appeals (${data.appealReviews.length})</h2>
${
  data.appealReviews.length
    ? html`<p>Each appointed reviewer votes; the majority decides once everyone has voted. A vote cannot be changed.</p>
<ul class="cards appeal-cards">${data.appealReviews.map((a, i) => appealCard(a, i, ctx.csrf))}</ul>`
    : emptyState('No appeal is waiting for you.')
}</section>
<section aria-labelledby="moderation-heading"><h2 id="moderation-heading">Moderation requests (${moderation.length})</h2>
${
  moderation.length
    ? table('Assessments waiting for your moderation', ['Candidate', 'Program', 'Action'], moderation.map((j) => [j.candidate.name, programLabel(j), html`<a class="button primary" href="/assessments/${encodeURIComponent(j.id)}">Moderate ${j.candidate.name}'s assessment</a>`]))
    : emptyState('No assessment is waiting for your moderation.')
}</section>
<section aria-labelledby="calibration-heading"><h2 id="calibration-heading">Assessor calibration</h2>
<p><a href="/committee/calibration">How far panels agree on each criterion, and how each assessor scores against their panels</a>; <a href="/calibration">calibration exercises</a>: a benchmark every assessor scores, to compare them on the same work.</p></section>
${pending === null ? '' : pendingSection(pending, viewer.id, ctx.csrf)}
<section aria-labelledby="credentials-heading"><h2 id="credentials-heading">Active credentials</h2>
<p>Revoking withdraws a credential at once; the holder is told the reason. Only members with a current committee term can revoke.</p>
${
  data.activeCredentials.length
    ? table(
        'Active credentials the committee may revoke',
        ['Credential', 'Holder', 'Program', 'Expires', 'Revoke'],
        data.activeCredentials.map((c, i) => [c.number, c.holder.name, c.program.name, formatDate(c.expiresAt), revokeForm(c, i, ctx.csrf)]),
      )
    : emptyState('No credential is active.')
}</section>
${
  reviews === null
    ? ''
    : html`<section aria-labelledby="reviews-heading"><h2 id="reviews-heading">Rule reviews due</h2>
${
  reviews.length
    ? table(
        'Rule sets whose periodic review is due',
        ['Rule set', 'Program', 'Due', 'Status'],
        reviews.map((r) => [
          html`<a href="/admin/rules/${encodeURIComponent(r.ruleSetKey)}">${r.ruleSetKey}</a>`,
          r.programId,
          r.dueOn ? formatDate(r.dueOn) : 'Never scheduled',
          r.overdue ? html`<span class="badge bad">Overdue</span>` : html`<span class="badge info">Due soon</span>`,
        ]),
      )
    : emptyState('No rule review is due in the next 30 days.')
}</section>`
}`,
      { section: 'committee' },
    );
  };

  const vote: PageHandler = async (ctx) => {
    requireRole(ctx, 'committee');
    const outcome = OUTCOMES.find((o) => o.value === ctx.form.get('outcome'));
    if (!outcome) return redirect('/committee', { kind: 'error', text: 'Choose uphold, overturn or reassess. Nothing was recorded.' });
    const input = { journeyId: param(ctx, 'journeyId'), outcome: outcome.input, rationale: formText(ctx.form, 'rationale') };
    unwrap((await ctx.api(DECIDE_APPEAL, { input })).decideAppeal);
    return redirect('/committee', { kind: 'success', text: 'Your vote is recorded. The appeal is decided once every reviewer has voted.' });
  };

  const revoke: PageHandler = async (ctx) => {
    requireRole(ctx, 'committee');
    // The confirm form names whose proposal it confirms; the revoke form does not, and is refused once another member has proposed.
    const confirms = ctx.form.get('confirms') || null;
    const input = { journeyId: param(ctx, 'journeyId'), reason: formText(ctx.form, 'reason'), confirmsProposalBy: confirms };
    unwrap((await ctx.api(REVOKE, { input })).revokeCredential);
    const number = formText(ctx.form, 'credential');
    // Revocation takes two committee members: the first one's is a proposal, and the credential stays in force.
    const revoked = await settle(async () => !(await ctx.api(ACTIVE)).activeCredentials.some((c) => c.number === number));
    if (!revoked) {
      return redirect('/committee', { kind: 'success', text: `Your revocation of ${number} is proposed; it takes effect when a second committee member confirms it.` });
    }
    return redirect('/committee', { kind: 'success', text: `Credential ${number} is revoked; the holder is told the reason and may appeal.` });
  };

  return [
    { method: 'GET', path: '/committee', handler: show },
    { method: 'GET', path: '/committee/calibration', handler: calibration },
    { method: 'POST', path: '/committee/appeals/:journeyId', handler: vote },
    { method: 'POST', path: '/committee/journeys/:journeyId/revoke', handler: revoke },
  ];
}
