import { html } from '../../../html/template.js';
import { ApiError } from '../api-client.js';
import { emptyState, formatDateTime, humanize, table } from '../components.js';
import { graphql, type VariablesOf } from '../graphql.js';
import { type PageContext, page, requireRole, type Route } from '../page.js';
import type { RouteOptions } from '../routes.js';
import { dayEnd, dayStart } from '../form-dates.js';

// HR's view of the read audit: who read whose journey data, when and through which door, filtered by
// the person read about, the reader, the kind and the dates, newest first, 50 at a time. Asking is
// itself recorded by the API, as any other read of the audit is.

const READS = graphql(`query ReadAuditPage($subjectId: ID, $viewerId: ID, $kind: [ReadKind!], $from: DateTime, $to: DateTime, $after: String) {
  readAudit(subjectId: $subjectId, viewerId: $viewerId, kind: $kind, from: $from, to: $to, first: 50, after: $after) {
    pageInfo { hasNextPage endCursor }
    edges { node { id at viewerId viewer { name } subjectId subject { name } journeyId kind channel operation } }
  }
}`);

type Variables = VariablesOf<typeof READS>;
type ReadKind = NonNullable<Variables['kind']>[number];

const KINDS: readonly ReadKind[] = ['JOURNEY', 'SCORES', 'APPEAL', 'END_REASON', 'EVIDENCE', 'EVIDENCE_FILE', 'DEVELOPMENT', 'AUDIT_TRAIL', 'READ_AUDIT'];
/** A yyyy-mm-dd field as an instant: the day's start, or (`to`, inclusive in the form) the next day's. */
function dayBound(value: string, nextDay = false): string | undefined {
  if (!value) return undefined;
  const date = nextDay ? dayEnd(value) : dayStart(value);
  if (!date) throw new ApiError('INVALID_INPUT', `"${value}" is not a date (yyyy-mm-dd).`);
  return date.toISOString();
}

/** A person by name with their id, which the filter takes. */
const who = (id: string, person: { name: string } | null) => (person ? `${person.name} (${id})` : id);

/** The form's query string as the API's filter; empty fields filter nothing. */
function filterOf(url: URL): Variables {
  const field = (name: string) => url.searchParams.get(name)?.trim() ?? '';
  const kind = KINDS.find((k) => k === field('kind'));
  const from = dayBound(field('from'));
  const to = dayBound(field('to'), true);
  return {
    ...(field('subject') ? { subjectId: field('subject') } : {}),
    ...(field('viewer') ? { viewerId: field('viewer') } : {}),
    ...(kind ? { kind: [kind] } : {}),
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
    ...(field('after') ? { after: field('after') } : {}),
  };
}

function filterForm(url: URL) {
  const value = (name: string) => url.searchParams.get(name) ?? '';
  return html`<form method="get" action="/hr/read-audit" class="stack card" aria-labelledby="filter-heading">
<h2 id="filter-heading">Filter</h2>
<label for="subject">Whose data (person id)</label><input id="subject" name="subject" value="${value('subject')}">
<label for="viewer">Read by (person id)</label><input id="viewer" name="viewer" value="${value('viewer')}">
<label for="kind">What</label>
<select id="kind" name="kind"><option value="">Anything</option>${KINDS.map((k) => html`<option value="${k}"${value('kind') === k ? html` selected` : ''}>${humanize(k)}</option>`)}</select>
<label for="from">From (UTC date)</label><input id="from" name="from" type="date" value="${value('from')}">
<label for="to">To (UTC date, inclusive)</label><input id="to" name="to" type="date" value="${value('to')}">
<button type="submit" class="primary">Show reads</button>
</form>`;
}

async function readAuditPage(ctx: PageContext) {
  requireRole(ctx, 'hr', 'program_owner', 'admin');
  const { readAudit } = await ctx.api(READS, filterOf(ctx.url));
  const rows = readAudit.edges.map(({ node: r }) => [
    formatDateTime(r.at),
    who(r.viewerId, r.viewer),
    r.subjectId ? who(r.subjectId, r.subject) : '—',
    r.journeyId ? html`<a href="/journeys/${encodeURIComponent(r.journeyId)}">${r.journeyId}</a>` : '—',
    humanize(r.kind),
    humanize(r.channel),
    r.operation ?? '—',
  ]);
  const next = new URL(ctx.url);
  next.searchParams.set('after', readAudit.pageInfo.endCursor ?? '');
  return page(
    'Read audit',
    html`<h1>Read audit</h1>
<p class="lede">Who read whose journey, scores, appeal or evidence, when and how. A person's reads of their own journey are not recorded; looking here is.</p>
${filterForm(ctx.url)}
<section aria-labelledby="reads-heading"><h2 id="reads-heading">Reads, newest first</h2>
${rows.length ? table('Reads', ['When', 'Read by', 'Whose', 'Journey', 'What', 'Through', 'Operation'], rows) : emptyState('No reads match.')}
${readAudit.pageInfo.hasNextPage ? html`<p><a href="${next.pathname}${next.search}">Older reads</a></p>` : ''}
</section>`,
    { section: 'read-audit' },
  );
}

export function readAuditRoutes(_options: RouteOptions): Route[] {
  return [{ method: 'GET', path: '/hr/read-audit', handler: readAuditPage }];
}
