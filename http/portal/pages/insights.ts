import { graphql, type ResultOf, type VariablesOf } from '../graphql.js';
import { previousQuarter, quarterOf, shiftQuarter } from '../../../domain/quarter.js';
import { unwrap } from '../api-client.js';
import { emptyState, formatDate, formatDateTime, postForm, table } from '../components.js';
import { html } from '../../../html/template.js';
import { type PageContext, type PageHandler, page, redirect, requireRole } from '../page.js';
import type { Route } from '../page.js';
import type { RouteOptions } from '../routes.js';
import {
  auditSection,
  forecastSection,
  funnelSection,
  groupSections,
  headline,
  outcomesSection,
  percent,
  satisfactionSection,
  trendSection,
} from './insights-sections.js';
import { funnelAuditSection } from './insights-funnel.js';

// HR, program owners and admins: the programs they analyse, each program's dashboard (funnel, pass
// rates over time and by group, time to certification, the adverse-impact audit and the same audit
// across the funnel, satisfaction,
// forecasts, retention) and its quarterly reports. Everything comes from the API's analytics, which
// suppress small groups before the portal sees them.

const HR_ROLES = ['hr', 'program_owner', 'admin'];

const GROUP_BY = { PROGRAM: 'whole program', PATHWAY: 'pathway', COHORT: 'cohort', DEPARTMENT: 'department', PILOT: 'pilot cohort or not' } as const;
const ATTRIBUTES = { GENDER: 'gender', ETHNICITY: 'ethnicity', AGE_BAND: 'age band', DISABILITY: 'disability' } as const;
type GroupBy = keyof typeof GROUP_BY;

const OPEN_STAGES: VariablesOf<typeof FORECASTS>['stages'] = ['ENROLLED', 'AWAITING_MANAGER_APPROVAL', 'AWAITING_SUBMISSION', 'AWAITING_ASSESSMENT', 'IN_MODERATION', 'APPEAL_WINDOW', 'UNDER_APPEAL', 'PAUSED'];
const FORECAST_SAMPLE = 100;

type ProgramSummary = NonNullable<Dashboard['program']>;

const GROUP_FIELDS = 'group suppressed journeys decided passed passRate certified medianDaysToCertification p90DaysToCertification';
const RATE_FIELDS = 'group suppressed size count rate';
const SATISFACTION_FIELDS = 'group suppressed responses averageRating distribution';

const PROGRAMS = graphql(`query InsightsPrograms { programs { id name } }`);

const HEADLINE = graphql(`query InsightsHeadline($programId: ID!) {
  programAnalytics(programId: $programId, groupBy: PROGRAM) { minGroupSize groups { ${GROUP_FIELDS} } }
  programReports(programId: $programId) { quarter }
}`);

const DASHBOARD = graphql(`query InsightsDashboard($programId: ID!, $groupBy: AnalyticsGroupBy!, $attribute: DemographicAttribute!) {
  program(id: $programId) { id name pathways { id name } cohorts { id name pilot } }
  overall: programAnalytics(programId: $programId, groupBy: PROGRAM) {
    minGroupSize
    groups { ${GROUP_FIELDS} medianDaysToProficiency funnel { step reached dropOff } }
    retention { ${RATE_FIELDS} }
    recertification { ${RATE_FIELDS} }
    passRateTrend(quarters: 8) { quarter suppressed decided passed passRate }
  }
  byGroup: programAnalytics(programId: $programId, groupBy: $groupBy) { groups { ${GROUP_FIELDS} } }
  adverseImpactAudit(programId: $programId, attribute: $attribute) {
    minGroupSize referenceGroup groups { group suppressed sampleSize passed passRate impactRatio flagged fisherP }
  }
  funnelAudit(programId: $programId, attribute: $attribute) {
    minGroupSize stages { stage favourableOutcome referenceGroup groups { group suppressed sampleSize favourable rate impactRatio flagged fisherP medianDays } }
  }
  satisfactionResults(programId: $programId) {
    minGroupSize overall { ${SATISFACTION_FIELDS} } byOutcome { ${SATISFACTION_FIELDS} } byPathway { ${SATISFACTION_FIELDS} }
  }
}`);

const FORECASTS = graphql(`query InsightsForecasts($programId: ID!, $stages: [JourneyStage!], $first: Int) {
  journeys(first: $first, filter: { programId: $programId, stage: $stages }) { totalCount edges { node { forecast { status basis expected } } } }
}`);

const REPORTS = graphql(`query InsightsReports($programId: ID!) {
  program(id: $programId) { id name }
  programReports(programId: $programId) { id quarter periodStart periodEnd generatedAt notes htmlPath csvPath }
}`);

const GENERATE = graphql(`mutation GenerateReport($input: GenerateQuarterlyReportInput!) {
  generateQuarterlyReport(input: $input) { __typename ... on CertiflowError { code message } ... on MutationGenerateQuarterlyReportSuccess { data { quarter started } } }
}`);

type Dashboard = ResultOf<typeof DASHBOARD>;

const pick = <K extends string>(choices: Record<K, string>, value: string | null, fallback: K): K =>
  value && Object.hasOwn(choices, value) ? (value as K) : fallback;

/** Group keys are ids for pathways and cohorts: show their names. */
function groupLabeller(program: ProgramSummary, groupBy: GroupBy): (key: string) => string {
  const names = new Map<string, string>([
    [program.id, program.name],
    ...program.pathways.map((p) => [p.id, p.name] as [string, string]),
    ...program.cohorts.map((c) => [c.id, c.pilot ? `${c.name} (pilot)` : c.name] as [string, string]),
  ]);
  return (key) => (groupBy === 'DEPARTMENT' ? key : (names.get(key) ?? key));
}

async function insightsIndex(ctx: PageContext) {
  requireRole(ctx, ...HR_ROLES);
  const { programs } = await ctx.api(PROGRAMS);
  const summaries = await Promise.all(
    programs.map(async (program) => {
      const data = await ctx.api(HEADLINE, { programId: program.id });
      return { program, analytics: data.programAnalytics, latestReport: data.programReports[0]?.quarter ?? null };
    }),
  );
  const card = ({ program, analytics, latestReport }: (typeof summaries)[number]) => {
    const overall = analytics.groups[0];
    const figures =
      !overall || overall.suppressed
        ? html`<p>Fewer than ${analytics.minGroupSize} journeys: figures suppressed.</p>`
        : html`<dl class="facts"><dt>Journeys</dt><dd>${overall.journeys}</dd><dt>Pass rate</dt><dd>${overall.passRate === null ? 'No decisions yet' : percent(overall.passRate)}</dd>
<dt>Certified</dt><dd>${overall.certified}</dd><dt>Median days to certification</dt><dd>${overall.medianDaysToCertification ?? '—'}</dd></dl>`;
    return html`<li class="card"><h2><a href="/insights/programs/${encodeURIComponent(program.id)}">${program.name}</a></h2>${figures}
<p><a href="/insights/programs/${encodeURIComponent(program.id)}/reports">Quarterly reports</a> (latest: ${latestReport ?? 'none yet'})</p></li>`;
  };
  return page(
    'Insights',
    html`<h1>Insights</h1><p class="lede">Programs you can analyse. Every figure is a group figure; small groups are suppressed.</p>
${summaries.length ? html`<ul class="cards">${summaries.map(card)}</ul>` : emptyState('No programs yet.')}`,
    { section: 'insights' },
  );
}

async function dashboard(ctx: PageContext) {
  requireRole(ctx, ...HR_ROLES);
  const programId = ctx.params.programId ?? '';
  const groupBy = pick(GROUP_BY, ctx.url.searchParams.get('groupBy'), 'PATHWAY');
  const attribute = pick(ATTRIBUTES, ctx.url.searchParams.get('attribute'), 'GENDER');
  const [data, forecasts] = await Promise.all([
    ctx.api(DASHBOARD, { programId, groupBy, attribute }),
    ctx.api(FORECASTS, { programId, stages: OPEN_STAGES, first: FORECAST_SAMPLE }),
  ]);
  const program = data.program;
  if (!program) return page('No such program', html`<h1>No such program</h1><p>There is no program “${programId}”.</p>`, { status: 404, section: 'insights' });
  const label = groupLabeller(program, groupBy);
  const { overall } = data;
  const base = `/insights/programs/${encodeURIComponent(program.id)}`;
  const selector = html`<form method="get" action="${base}" class="filters" aria-label="Analytics options">
<div><label for="groupBy">Break figures down by</label>
<select id="groupBy" name="groupBy">${Object.entries(GROUP_BY).map(([value, text]) => html`<option value="${value}"${value === groupBy ? html` selected` : ''}>${text}</option>`)}</select></div>
<div><label for="attribute">Audit attribute</label>
<select id="attribute" name="attribute">${Object.entries(ATTRIBUTES).map(([value, text]) => html`<option value="${value}"${value === attribute ? html` selected` : ''}>${text}</option>`)}</select></div>
<button type="submit">Show these figures</button></form>`;
  const forecastData = forecasts.journeys.edges.flatMap((e) => (e.node.forecast ? [e.node.forecast] : []));
  return page(
    `${program.name}: insights`,
    html`<p class="breadcrumb"><a href="/insights">Insights</a> › ${program.name}</p>
<h1>${program.name}</h1>
<p class="actions"><a class="button" href="${base}/reports">Quarterly reports</a></p>
${headline(overall.groups[0], overall.minGroupSize)}
${selector}
${funnelSection(overall.groups[0], overall.minGroupSize)}
${trendSection(overall.passRateTrend, overall.minGroupSize)}
${groupSections(data.byGroup.groups, GROUP_BY[groupBy], label, overall.minGroupSize)}
${auditSection(data.adverseImpactAudit, ATTRIBUTES[attribute])}
${funnelAuditSection(data.funnelAudit, ATTRIBUTES[attribute])}
${satisfactionSection(data.satisfactionResults, groupLabeller(program, 'PATHWAY'))}
${forecastSection(forecastData, forecasts.journeys.totalCount, (iso) => quarterOf(iso).name)}
${outcomesSection(overall.retention, overall.recertification, overall.minGroupSize)}`,
    { section: 'insights' },
  );
}


async function reports(ctx: PageContext) {
  requireRole(ctx, ...HR_ROLES);
  const programId = ctx.params.programId ?? '';
  const data = await ctx.api(REPORTS, { programId });
  const program = data.program;
  if (!program) return page('No such program', html`<h1>No such program</h1><p>There is no program “${programId}”.</p>`, { status: 404, section: 'insights' });
  const base = `/insights/programs/${encodeURIComponent(program.id)}`;
  const last = previousQuarter(new Date());
  const choices = [shiftQuarter(last, 1), ...Array.from({ length: 4 }, (_, i) => shiftQuarter(last, -i))];
  const latest = data.programReports[0];
  const list = data.programReports.length
    ? table(
        'Stored quarterly reports, newest first',
        ['Quarter', 'Period', 'Generated', 'Download'],
        data.programReports.map((r) => [
          r.quarter,
          `${formatDate(r.periodStart)} to ${formatDate(new Date(Date.parse(r.periodEnd) - 1))}`,
          formatDateTime(r.generatedAt),
          html`<a href="${r.htmlPath}">Report ${r.quarter} (HTML)</a> · <a href="${r.csvPath}" download>Figures ${r.quarter} (CSV)</a>`,
        ]),
      )
    : emptyState('No report has been generated yet.');
  const generate = postForm(
    `${base}/reports`,
    ctx.csrf,
    html`<input type="hidden" name="_back" value="${base}/reports">
<label for="quarter">Quarter</label>
<select id="quarter" name="quarter">${choices.map((q) => html`<option value="${q.name}"${q.name === last.name ? html` selected` : ''}>${q.name}${q.name === last.name ? ' (last complete quarter)' : ''}</option>`)}</select>
<button type="submit" class="primary">Generate the report now</button>`,
    { className: 'stack', label: 'Generate a quarterly report' },
  );
  return page(
    `${program.name}: quarterly reports`,
    html`<p class="breadcrumb"><a href="/insights">Insights</a> › <a href="${base}">${program.name}</a> › Reports</p>
<h1>Quarterly reports: ${program.name}</h1>
<p class="lede">Achievements, gaps, pass-rate trends, the adverse-impact audit and improvement notes. A schedule builds each one on the first day of the next quarter and emails the committee.</p>
${list}
${latest ? html`<section aria-labelledby="notes-heading"><h2 id="notes-heading">Notes from ${latest.quarter}</h2><ul>${latest.notes.map((n) => html`<li>${n}</li>`)}</ul></section>` : ''}
<section aria-labelledby="generate-heading"><h2 id="generate-heading">Generate now</h2>
<p>Builds the report for a quarter now, exactly as the schedule does, replaces any stored one for that quarter and emails the committee. It takes a few seconds; reload this page to see it.</p>
${generate}</section>`,
    { section: 'insights' },
  );
}

async function generateReport(ctx: PageContext) {
  requireRole(ctx, ...HR_ROLES);
  const programId = ctx.params.programId ?? '';
  const quarter = ctx.form.get('quarter')?.trim() ?? '';
  const result = await ctx.api(GENERATE, { input: { programId, quarter } });
  const run = unwrap(result.generateQuarterlyReport);
  const text = run.started
    ? `The report for ${run.quarter} is being built; it appears below in a few seconds and is emailed to the committee.`
    : `The report for ${run.quarter} is already being built; it appears below in a few seconds.`;
  return redirect(`/insights/programs/${encodeURIComponent(programId)}/reports`, { kind: 'success', text });
}

export function insightsRoutes(_options: RouteOptions): Route<PageHandler>[] {
  return [
    { method: 'GET', path: '/insights', handler: insightsIndex },
    { method: 'GET', path: '/insights/programs/:programId', handler: dashboard },
    { method: 'GET', path: '/insights/programs/:programId/reports', handler: reports },
    { method: 'POST', path: '/insights/programs/:programId/reports', handler: generateReport },
  ];
}
