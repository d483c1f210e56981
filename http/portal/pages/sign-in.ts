import { graphql } from '../graphql.js';
import { people as demoPeople } from '../../../demo/people.js';
import { ApiError } from '../api-client.js';
import { html } from '../../../html/template.js';
import { type PageContext, type PageHandler, page, redirect } from '../page.js';
import type { Route } from '../page.js';
import type { PendingSignIn } from '../../auth/oidc.js';
import type { RouteOptions } from '../routes.js';
import { clearCookie, SESSION_COOKIE, setCookie, sign, unsign } from '../../auth/session.js';
import { localPath } from '../../auth/local-path.js';

// Signing in and out. In development anyone may pick a demo person (a development token is minted,
// exactly like `npm run token`); in production only the identity provider signs people in.

const PENDING_COOKIE = 'cf_oidc';
const SESSION_SECONDS = 8 * 60 * 60;

/** Asked with a new token before it becomes the session: does it belong to an active person? */
const WHO_AM_I = graphql(`query { me { id } }`);

export function signInRoutes(options: RouteOptions): Route<PageHandler>[] {
  const { signIn, secure, secret } = options;
  const sessionCookie = (token: string) => setCookie(SESSION_COOKIE, token, { secure, maxAgeSeconds: SESSION_SECONDS });

  const showForm = async (ctx: PageContext, error?: string) => {
    const next = localPath(ctx.url.searchParams.get('next') ?? ctx.form.get('next'));
    return page(
      'Sign in',
      html`<h1>Sign in to Certiflow</h1>
${error ? html`<p class="notice error" role="alert">${error}</p>` : ''}
${signIn.oidc ? html`<p><a class="button primary" href="/sign-in/oidc?next=${encodeURIComponent(next)}">Sign in with your company account</a></p>` : ''}
${
  signIn.dev
    ? html`<section aria-labelledby="dev-heading"><h2 id="dev-heading">Development sign-in</h2>
<p>This server runs in development mode: choose a demo person. Production deployments sign in through the company's identity provider only.</p>
<form method="post" action="/sign-in" class="stack"><input type="hidden" name="next" value="${next}">
<label for="person">Person</label>
<select id="person" name="person">${demoPeople.map((p) => html`<option value="${p.id}">${p.name} (${p.roles.join(', ')})</option>`)}</select>
<button type="submit" class="primary">Sign in</button></form></section>`
    : ''
}
${!signIn.dev && !signIn.oidc ? html`<p class="notice error">No sign-in method is configured. Set OIDC_ISSUER and OIDC_CLIENT_ID (see the README's Production section).</p>` : ''}`,
      error ? { status: 400 } : {},
    );
  };

  return [
    { method: 'GET', path: '/sign-in', handler: (ctx) => (ctx.viewer ? Promise.resolve(redirect(localPath(ctx.url.searchParams.get('next')))) : showForm(ctx)) },
    {
      method: 'POST',
      path: '/sign-in',
      handler: async (ctx) => {
        if (!signIn.dev || !options.mintDevToken) return showForm(ctx, 'Development sign-in is turned off on this server.');
        const person = ctx.form.get('person')?.trim() ?? '';
        if (!person) return showForm(ctx, 'Choose a person.');
        const token = await options.mintDevToken(person);
        try {
          await options.api.request(WHO_AM_I, {}, token);
        } catch (error) {
          if (error instanceof ApiError && error.code === 'UNAUTHENTICATED') return showForm(ctx, `No active person "${person}" exists in this database.`);
          throw error;
        }
        return { ...redirect(localPath(ctx.form.get('next'))), cookies: [sessionCookie(token)] };
      },
    },
    {
      method: 'POST',
      path: '/sign-out',
      handler: async () => ({ ...redirect('/sign-in', { kind: 'success', text: 'You are signed out.' }), cookies: [clearCookie(SESSION_COOKIE, secure)] }),
    },
    {
      method: 'GET',
      path: '/sign-in/oidc',
      handler: async (ctx) => {
        if (!options.oidc) return showForm(ctx, 'No identity provider is configured on this server.');
        const { location, pending } = await options.oidc.start(localPath(ctx.url.searchParams.get('next')));
        return { ...redirect(location), cookies: [setCookie(PENDING_COOKIE, sign(secret, JSON.stringify(pending)), { secure, maxAgeSeconds: 600, path: '/auth' })] };
      },
    },
    {
      method: 'GET',
      path: '/auth/callback',
      handler: async (ctx) => {
        if (!options.oidc) return showForm(ctx, 'No identity provider is configured on this server.');
        const pendingJson = unsign(secret, ctx.cookies.get(PENDING_COOKIE));
        const pending = pendingJson ? (JSON.parse(pendingJson) as PendingSignIn) : null;
        let token: string;
        try {
          token = await options.oidc.finish(ctx.url.searchParams, pending);
          await options.api.request(WHO_AM_I, {}, token);
        } catch (error) {
          const reason = error instanceof ApiError ? `Certiflow does not know this account: ${error.message}` : (error as Error).message;
          return showForm(ctx, reason);
        }
        return {
          ...redirect(localPath(pending?.next)),
          cookies: [sessionCookie(token), clearCookie(PENDING_COOKIE, secure, '/auth')],
        };
      },
    },
  ];
}
