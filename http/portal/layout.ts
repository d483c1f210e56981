import { html, type SafeHtml } from '../../html/template.js';
import type { Notice, PortalViewer } from './page.js';

// The frame around every portal page: a skip link, the navigation for the person's roles, the
// notice left by the last action, and the page itself in <main>. No inline script or style, so the
// content security policy can forbid both.

interface NavItem {
  href: string;
  label: string;
  section: string;
  roles?: string[];
}

const HR = ['hr', 'program_owner', 'admin'];

const NAV: NavItem[] = [
  { href: '/', label: 'My journeys', section: 'home' },
  { href: '/programs', label: 'Programs', section: 'programs' },
  { href: '/team', label: 'My team', section: 'team', roles: ['manager'] },
  { href: '/mentees', label: 'Mentees', section: 'mentees', roles: ['mentor'] },
  { href: '/assessments', label: 'Assessments', section: 'assessments', roles: ['assessor'] },
  { href: '/committee', label: 'Committee', section: 'committee', roles: ['committee'] },
  { href: '/insights', label: 'Insights', section: 'insights', roles: HR },
  { href: '/admin/rules', label: 'Rules', section: 'rules', roles: ['admin', 'program_owner'] },
  { href: '/admin/programs', label: 'Program admin', section: 'program-admin', roles: ['admin', 'program_owner'] },
  { href: '/hr/imports', label: 'Imports', section: 'imports', roles: ['hr', 'admin'] },
  { href: '/hr/read-audit', label: 'Read audit', section: 'read-audit', roles: HR },
  { href: '/admin/integrations', label: 'Integrations', section: 'integrations', roles: ['admin'] },
  { href: '/celebrations', label: 'Celebrations', section: 'celebrations' },
];

export interface LayoutOptions {
  title: string;
  body: SafeHtml;
  viewer: PortalViewer | null;
  csrf: string;
  section?: string | undefined;
  notice?: Notice | null | undefined;
}

function navigation(viewer: PortalViewer | null, section: string | undefined, csrf: string): SafeHtml {
  if (!viewer) return html`<nav aria-label="Main"><ul><li><a href="/celebrations">Celebrations</a></li><li><a href="/sign-in">Sign in</a></li></ul></nav>`;
  const items = NAV.filter((item) => !item.roles || item.roles.some((r) => viewer.roles.includes(r)));
  return html`<nav aria-label="Main"><ul>${items.map(
    (item) => html`<li><a href="${item.href}"${item.section === section ? html` aria-current="page"` : ''}>${item.label}</a></li>`,
  )}</ul>
<form method="post" action="/sign-out" class="sign-out"><input type="hidden" name="_csrf" value="${csrf}"><span class="who">${viewer.name}</span> <button type="submit" class="link">Sign out</button></form></nav>`;
}

export function layout({ title, body, viewer, csrf, section, notice }: LayoutOptions): string {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="same-origin"><title>${title} · Certiflow</title>
<link rel="icon" href="data:,"><link rel="stylesheet" href="/assets/portal.css"><script src="/assets/portal.js" defer></script></head>
<body><a class="skip" href="#main">Skip to content</a>
<header class="top"><a class="brand" href="/">Certiflow</a>${navigation(viewer, section, csrf)}</header>
<main id="main" tabindex="-1">${notice ? html`<div class="notice ${notice.kind}" role="${notice.kind === 'error' ? 'alert' : 'status'}">${notice.text}</div>` : ''}
${body}</main>
<footer class="foot"><p>Certiflow · <a href="/graphql">GraphQL API</a></p></footer></body></html>`.value;
}
