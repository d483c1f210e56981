import { html, type SafeHtml } from '../../html/template.js';

// Server-rendered pages that people reach from an email link (approvals, surveys). They look like the
// portal (its stylesheet and header, with a way into it) but need no sign-in and run no script: a link
// scanner that fetches one changes nothing.

/** A whole email-link page around `body`, titled `title`. */
export function linkPage(title: string, body: SafeHtml): string {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer"><meta name="robots" content="noindex">
<title>${title} · Certiflow</title>
<link rel="stylesheet" href="/assets/portal.css"></head>
<body><a class="skip" href="#main">Skip to content</a>
<header class="top"><a class="brand" href="/">Certiflow</a><nav aria-label="Main"><ul><li><a href="/">Open Certiflow</a></li></ul></nav></header>
<main id="main" class="link-page">${body}</main>
<footer class="foot"><p>Certiflow · This page needs no sign-in: the link in your email is enough.</p></footer></body></html>`.value;
}

/** The headers a link page goes out with, beyond the edge's own: no referrer (the URL holds the token), no script. */
const LINK_PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'referrer-policy': 'no-referrer',
  // The portal's stylesheet (same origin); no script, no inline style, forms post only here.
  'content-security-policy': "default-src 'none'; style-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
};

export const linkPageResponse = (status: number, page: string): Response => new Response(page, { status, headers: LINK_PAGE_HEADERS });
