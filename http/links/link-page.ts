import type { IncomingMessage, ServerResponse } from 'node:http';
import { escapeHtml } from '../../mail/templates.js';

// Server-rendered pages that people reach from an email link (approvals, surveys): a small form body
// read with a hard limit, and pages sent with headers that keep them out of caches, frames and referrers.
// They look like the portal (its stylesheet and header, with a way into it) but need no sign-in and run
// no script: a link scanner that fetches one changes nothing.

export const MAX_FORM_BYTES = 16 * 1024;

/** The posted form, or null when the body is larger than the limit. */
export async function readForm(req: IncomingMessage, maxBytes = MAX_FORM_BYTES): Promise<URLSearchParams | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) return null;
    chunks.push(chunk as Buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

/** A whole email-link page around `body` (markup, its text already escaped), titled `title` (plain text). */
export function linkPage(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer"><meta name="robots" content="noindex">
<title>${escapeHtml(title)} · Certiflow</title>
<link rel="stylesheet" href="/assets/portal.css"></head>
<body><a class="skip" href="#main">Skip to content</a>
<header class="top"><a class="brand" href="/">Certiflow</a><nav aria-label="Main"><ul><li><a href="/">Open Certiflow</a></li></ul></nav></header>
<main id="main" class="link-page">${body}</main>
<footer class="foot"><p>Certiflow · This page needs no sign-in: the link in your email is enough.</p></footer></body></html>`;
}

export function sendPage(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'DENY',
    // The portal's stylesheet (same origin); no script, no inline style, forms post only here.
    'content-security-policy': "default-src 'none'; style-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  });
  res.end(res.req.method === 'HEAD' ? undefined : html);
}
