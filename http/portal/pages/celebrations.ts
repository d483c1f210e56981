import { graphql, type ResultOf } from '../graphql.js';
import { emptyState, formatDate, postForm } from '../components.js';
import { html } from '../../../html/template.js';
import { type PageContext, type PageHandler, page, redirect, requireViewer } from '../page.js';
import type { Route } from '../page.js';
import type { RouteOptions } from '../routes.js';

// The public celebration page: recent credentials of people who chose to be celebrated, crediting
// their mentors. Anyone may read it without signing in (the API's feed only ever lists people who
// opted in); a signed-in person can opt in or out here.

const FEED = graphql(`query Celebrations($first: Int) { celebrations(first: $first) { id personName programName certifiedAt renewal mentorName } }`);
const MY_CHOICE = graphql(`query MyCelebrationChoice { me { celebrationOptIn } }`);
const SET_CHOICE = graphql(`mutation SetCelebrationOptIn($input: SetCelebrationOptInInput!) { setCelebrationOptIn(input: $input) }`);

type Celebration = ResultOf<typeof FEED>['celebrations'][number];

async function celebrationsPage(ctx: PageContext) {
  const [{ celebrations }, me] = await Promise.all([
    ctx.api(FEED, { first: 30 }),
    ctx.viewer ? ctx.api(MY_CHOICE) : Promise.resolve(null),
  ]);
  const item = (c: Celebration) =>
    html`<li class="card celebration"><h2>${c.personName}</h2>
<p>${c.renewal ? 'Renewed' : 'Earned'} <strong>${c.programName}</strong> on <time datetime="${c.certifiedAt}">${formatDate(c.certifiedAt)}</time>.</p>
${c.mentorName ? html`<p>With thanks to their mentor, ${c.mentorName}.</p>` : ''}</li>`;
  const optedIn = me?.me.celebrationOptIn === true;
  const choice = me
    ? html`<section aria-labelledby="choice-heading" class="panel"><h2 id="choice-heading">Your choice</h2>
<p>${optedIn ? 'Your credentials are celebrated on this page.' : 'Your credentials are not shown on this page.'}</p>
${postForm(
  '/celebrations/opt-in',
  ctx.csrf,
  html`<input type="hidden" name="optIn" value="${optedIn ? 'false' : 'true'}">
<button type="submit"${optedIn ? '' : html` class="primary"`}>${optedIn ? 'Stop showing my credentials here' : 'Show my credentials on this page'}</button>`,
  { label: 'Celebration choice' },
)}</section>`
    : html`<p><a href="/sign-in?next=%2Fcelebrations">Sign in</a> to choose whether your own credentials appear here.</p>`;
  return page(
    'Celebrations',
    html`<h1>Celebrations</h1>
<p class="lede">Colleagues who recently earned or renewed a credential and chose to share it, with the mentors who helped them.</p>
${choice}
${celebrations.length ? html`<ul class="cards" aria-label="Recent credentials">${celebrations.map(item)}</ul>` : emptyState('Nothing to celebrate yet: credentials appear here once their holders opt in.')}`,
    { section: 'celebrations' },
  );
}

async function setChoice(ctx: PageContext) {
  requireViewer(ctx);
  const optIn = ctx.form.get('optIn') === 'true';
  const { setCelebrationOptIn } = await ctx.api(SET_CHOICE, { input: { optIn } });
  return redirect('/celebrations', {
    kind: 'success',
    text: setCelebrationOptIn ? 'Your credentials will be celebrated on this page.' : 'Your credentials are no longer shown on this page.',
  });
}

export function celebrationRoutes(_options: RouteOptions): Route<PageHandler>[] {
  return [
    { method: 'GET', path: '/celebrations', handler: celebrationsPage },
    { method: 'POST', path: '/celebrations/opt-in', handler: setChoice },
  ];
}
