import { html } from '../../../html/template.js';
import { postForm } from '../components.js';
import { graphql } from '../graphql.js';
import { type PageContext, type PageHandler, page, redirect, requireViewer, type Route } from '../page.js';
import type { RouteOptions } from '../routes.js';
import { DEMOGRAPHIC_ATTRIBUTES, DEMOGRAPHIC_OPTIONS, type DemographicAttribute, PREFER_NOT_TO_SAY } from '../../../services/people/demographics.js';

// A person's own equality-monitoring answers: optional, "prefer not to say" always offered and chosen
// by default, readable and withdrawable by the person alone. The adverse-impact audit reads them in
// groups; nobody reads them per person.

const MINE = graphql(`query MyDemographics { myDemographics { gender ethnicity ageBand disability recordedAt } }`);
const DECLARE = graphql(`mutation DeclareDemographics($input: DeclareDemographicsInput!) { declareDemographics(input: $input) {
  __typename
  ... on MutationDeclareDemographicsSuccess { data { recordedAt } }
  ... on CertiflowError { message }
} }`);
const WITHDRAW = graphql(`mutation WithdrawDemographics { withdrawDemographics }`);

const LABELS: Record<DemographicAttribute, string> = { gender: 'Gender', ethnicity: 'Ethnicity', ageBand: 'Age band', disability: 'Do you consider yourself to have a disability?' };

function select(attribute: DemographicAttribute, current: string | null | undefined) {
  const chosen = current ?? PREFER_NOT_TO_SAY;
  const option = (value: string) => html`<option value="${value}"${value === chosen ? html` selected` : ''}>${value[0]!.toUpperCase()}${value.slice(1)}</option>`;
  return html`<label for="${attribute}">${LABELS[attribute]}</label>
<select id="${attribute}" name="${attribute}">${option(PREFER_NOT_TO_SAY)}${DEMOGRAPHIC_OPTIONS[attribute].map(option)}</select>`;
}

async function demographicsPage(ctx: PageContext) {
  requireViewer(ctx);
  const { myDemographics: mine } = await ctx.api(MINE);
  return page(
    'Equality monitoring',
    html`<h1>Equality monitoring</h1>
<p class="lede">These answers are optional. They are used only to check, in groups of several people, that certification outcomes do not differ unfairly between groups. Nobody sees your answers individually: not your manager, not HR, not assessors.</p>
${postForm('/me/demographics', ctx.csrf, html`${DEMOGRAPHIC_ATTRIBUTES.map((a) => select(a, mine?.[a]))}<button type="submit" class="primary">Save my answers</button>`, { label: 'Equality monitoring answers', className: 'stack card' })}
${mine ? postForm('/me/demographics/withdraw', ctx.csrf, html`<p>You answered on ${new Date(mine.recordedAt).toISOString().slice(0, 10)}.</p><button type="submit">Delete my answers</button>`, { label: 'Delete my answers' }) : html`<p>You have not answered.</p>`}`,
    { section: 'home' },
  );
}

async function declare(ctx: PageContext) {
  requireViewer(ctx);
  const input = Object.fromEntries(DEMOGRAPHIC_ATTRIBUTES.map((a) => [a, ctx.form.get(a) ?? PREFER_NOT_TO_SAY]));
  const { declareDemographics } = await ctx.api(DECLARE, { input });
  if (declareDemographics.__typename !== 'MutationDeclareDemographicsSuccess') return redirect('/me/demographics', { kind: 'error', text: declareDemographics.message });
  return redirect('/me/demographics', { kind: 'success', text: 'Your answers are saved. Thank you.' });
}

async function withdraw(ctx: PageContext) {
  requireViewer(ctx);
  await ctx.api(WITHDRAW);
  return redirect('/me/demographics', { kind: 'success', text: 'Your answers are deleted.' });
}

export function demographicsRoutes(_options: RouteOptions): Route<PageHandler>[] {
  return [
    { method: 'GET', path: '/me/demographics', handler: demographicsPage },
    { method: 'POST', path: '/me/demographics', handler: declare },
    { method: 'POST', path: '/me/demographics/withdraw', handler: withdraw },
  ];
}
