import { graphql, type ResultOf } from '../graphql.js';
import { definitionList, formatDate, humanize } from '../components.js';
import { html } from '../../../html/template.js';
import { type PageContext, type PageHandler, page, requireViewer, param } from '../page.js';
import type { Route } from '../page.js';
import type { RouteOptions } from '../routes.js';
import { CREDENTIAL_STATUS, journeyHref, programHref } from './candidate-shared.js';

// A credential and its shareable link, and the public page that link opens. The link's code is made
// and checked by the API (an HMAC under a server secret), so it cannot be guessed or enumerated; the
// public page shows only what a verifier needs.

const CREDENTIAL = graphql(`query PortalCredential($id: ID!) { credential(id: $id) {
  id number status issuedAt expiresAt revokedAt shareCode
  holder { id name }
  program { id name }
  journey { id }
} }`);

const VERIFY = graphql(`query PortalVerify($code: String!) { verifyCredential(code: $code) {
  number holderName programName issuedAt expiresAt status revokedAt
} }`);


type Verification = NonNullable<ResultOf<typeof VERIFY>['verifyCredential']>;

const VERDICT: Record<Verification['status'], { tone: string; text: string }> = {
  ACTIVE: { tone: 'good', text: 'Valid: this credential is active.' },
  EXPIRED: { tone: 'bad', text: 'Not valid: this credential has expired.' },
  REVOKED: { tone: 'bad', text: 'Not valid: this credential was revoked by the certification committee.' },
  SUPERSEDED: { tone: 'info', text: 'Replaced: the holder re-certified and holds a newer credential, with its own link.' },
};

export const verifyPath = (code: string) => `/verify/${encodeURIComponent(code)}`;

async function showCredential(ctx: PageContext) {
  const viewer = requireViewer(ctx);
  const { credential: c } = await ctx.api(CREDENTIAL, { id: param(ctx, 'credentialId') });
  if (!c) return page('Credential not found', html`<h1>Credential not found</h1><p>There is no credential here that you may see. <a href="/">Back to your journeys</a></p>`, { status: 404 });
  const link = c.shareCode ? `${ctx.publicUrl.replace(/\/$/, '')}${verifyPath(c.shareCode)}` : null;
  const own = c.holder.id === viewer.id;
  return page(
    `Credential ${c.number}`,
    html`<p class="breadcrumb"><a href="/">My journeys</a> · <a href="${journeyHref(c.journey.id)}">The journey</a></p>
<h1>${c.program.name}</h1>
<p class="lede">Credential ${c.number}, held by ${c.holder.name}.</p>
${definitionList([
  ['Status', CREDENTIAL_STATUS[c.status] ?? humanize(c.status)],
  ['Issued', formatDate(c.issuedAt)],
  ['Expires', formatDate(c.expiresAt)],
  ...(c.revokedAt ? ([['Revoked', formatDate(c.revokedAt)]] as [string, string][]) : []),
  ['Program', html`<a href="${programHref(c.program.id)}">${c.program.name}</a>`],
])}
<section aria-labelledby="share-heading" class="panel"><h2 id="share-heading">Share a verifiable link</h2>
${
  link
    ? html`<p>Anyone with this link can check that the credential is genuine and whether it is still valid, without signing in. They see ${own ? 'your' : 'the holder’s'} name, the program, the dates and the status; never scores or contact details.</p>
<label for="share-link">Verification link</label>
<input type="text" id="share-link" class="share-link" value="${link}" readonly>
<p><a href="${verifyPath(c.shareCode!)}">Open the verification page</a></p>`
    : html`<p>Only the holder and HR can share this credential.</p>`
}</section>`,
    { section: own ? 'home' : undefined },
  );
}

async function verify(ctx: PageContext) {
  const { verifyCredential: v } = await ctx.api(VERIFY, { code: ctx.params.code ?? '' });
  if (!v) {
    return page(
      'Not a valid credential link',
      html`<h1>Not a valid credential link</h1>
<p class="notice error" role="alert">This link does not belong to any Certiflow credential. Check that it was copied whole, or ask the holder for a new link.</p>`,
      { status: 404 },
    );
  }
  const verdict = VERDICT[v.status];
  return page(
    `Credential ${v.number}`,
    html`<h1>Credential check</h1>
<p class="verdict"><span class="badge ${verdict.tone}">${humanize(v.status)}</span> ${verdict.text}</p>
${definitionList([
  ['Holder', v.holderName],
  ['Program', v.programName],
  ['Credential number', v.number],
  ['Issued', formatDate(v.issuedAt)],
  ['Expires', formatDate(v.expiresAt)],
  ...(v.revokedAt ? ([['Revoked', formatDate(v.revokedAt)]] as [string, string][]) : []),
])}
<p class="hint">Checked against Certiflow's records just now.</p>`,
  );
}

export function credentialRoutes(_options: RouteOptions): Route<PageHandler>[] {
  return [
    { method: 'GET', path: '/credentials/:credentialId', handler: showCredential },
    { method: 'GET', path: '/verify/:code', handler: verify },
  ];
}
