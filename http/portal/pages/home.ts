import { graphql, type ResultOf } from '../graphql.js';
import { emptyState, formatDate, humanize, stageBadge, table } from '../components.js';
import { html, type SafeHtml } from '../../../html/template.js';
import { type PageContext, type PageHandler, type PortalViewer, page, requireViewer } from '../page.js';
import type { Route } from '../page.js';
import type { RouteOptions } from '../routes.js';
import { CREDENTIAL_STATUS, credentialHref, journeyHref, nextDue } from './candidate-shared.js';

// The signed-in person's start page: their journeys (stage, next deadline, forecast), their
// credentials, and shortcuts to the pages their other roles give them.

const HOME = graphql(`query PortalHome {
  myJourneys {
    id stage cycle enrolledAt
    program { id name }
    pathway { name }
    forecast { status expected earliest latest }
    deadlines { kind dueAt }
    checkIns { dueAt recordedAt missed }
    credentials { id number status issuedAt expiresAt }
  }
}`);

type HomeJourney = ResultOf<typeof HOME>['myJourneys'][number];

const HR = ['hr', 'program_owner', 'admin'];

const SHORTCUTS: { href: string; label: string; text: string; roles: string[] }[] = [
  { href: '/team', label: 'My team', text: "Approve your reports' enrolments and follow their journeys.", roles: ['manager'] },
  { href: '/mentees', label: 'Mentees', text: 'Record check-ins with the candidates you mentor.', roles: ['mentor'] },
  { href: '/assessments', label: 'Assessments', text: 'Score the submissions assigned to you against the rubric.', roles: ['assessor'] },
  { href: '/committee', label: 'Committee', text: 'Decide appeals and review credentials.', roles: ['committee'] },
  { href: '/insights', label: 'Insights', text: 'Program dashboards, audits and quarterly reports.', roles: HR },
  { href: '/admin/rules', label: 'Rules', text: 'Edit, simulate and publish eligibility rules.', roles: ['admin', 'program_owner'] },
];

function forecastText(f: HomeJourney['forecast']): SafeHtml | string {
  if (!f) return '—';
  if (f.status === 'CERTIFIED') return 'Certified';
  if (f.status === 'ENDED' || !f.expected) return '—';
  return html`<time datetime="${f.expected}">${formatDate(f.expected)}</time> <span class="hint">(likely ${formatDate(f.earliest)} to ${formatDate(f.latest)})</span>`;
}

function journeysTable(journeys: HomeJourney[]): SafeHtml {
  if (!journeys.length) return emptyState('You are not on any certification journey yet. Browse the programs to enrol.');
  return table(
    'Each journey: stage, what falls due next and the likely certification date',
    ['Program', 'Pathway', 'Stage', 'Next deadline', 'Likely certified'],
    journeys.map((j) => {
      const due = nextDue(j.deadlines, j.checkIns);
      return [
        html`<a href="${journeyHref(j.id)}">${j.program.name}</a>`,
        j.pathway.name,
        stageBadge(j.stage),
        due ? html`${due.label}: <time datetime="${due.dueAt}">${formatDate(due.dueAt)}</time>` : j.deadlines === null ? 'Not available right now' : 'None',
        forecastText(j.forecast),
      ];
    }),
  );
}

function credentialsTable(journeys: HomeJourney[]): SafeHtml {
  const rows = journeys.flatMap((j) =>
    j.credentials.map((c) => {
      const opens = c.status === 'active' ? j.deadlines?.find((d) => d.kind === 'RECERTIFICATION_OPENS') : undefined;
      return [
        html`<a href="${credentialHref(c.id)}">${c.number}</a>`,
        j.program.name,
        CREDENTIAL_STATUS[c.status] ?? humanize(c.status),
        formatDate(c.issuedAt),
        formatDate(c.expiresAt),
        opens ? html`<time datetime="${opens.dueAt}">${formatDate(opens.dueAt)}</time>` : '—',
      ];
    }),
  );
  if (!rows.length) return emptyState('No credential yet: it appears here once you are certified.');
  return table('Each credential: status, dates and when renewal opens', ['Credential', 'Program', 'Status', 'Issued', 'Expires', 'Renewal opens'], rows);
}

function shortcuts(viewer: PortalViewer): SafeHtml {
  const mine = SHORTCUTS.filter((s) => s.roles.some((r) => viewer.roles.includes(r)));
  if (!mine.length) return html``;
  return html`<h2 id="roles-heading">Your other work</h2>
<ul class="cards" aria-labelledby="roles-heading">${mine.map((s) => html`<li class="card"><h3><a href="${s.href}">${s.label}</a></h3><p>${s.text}</p></li>`)}</ul>`;
}

async function home(ctx: PageContext) {
  const viewer = requireViewer(ctx);
  const { myJourneys } = await ctx.api(HOME);
  return page(
    'My journeys',
    html`<h1>Welcome, ${viewer.name}</h1>
<h2>Your journeys</h2>
${journeysTable(myJourneys)}
<p><a href="/programs">Browse certification programs</a></p>
<h2>Your credentials</h2>
${credentialsTable(myJourneys)}
${shortcuts(viewer)}
<p class="hint"><a href="/me/demographics">Equality monitoring</a>: optional answers that help check the programs treat every group fairly.</p>`,
    { section: 'home' },
  );
}

export function homeRoutes(_options: RouteOptions): Route<PageHandler>[] {
  return [{ method: 'GET', path: '/', handler: home }];
}
