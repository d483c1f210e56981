import { quarterOf, shiftQuarter } from '../../../domain/quarter.js';
import { html, type SafeHtml } from '../../../html/template.js';
import { emptyState, table } from '../components.js';
import { graphql, type ResultOf } from '../graphql.js';
import type { PageContext, PageHandler } from '../page.js';
import { page, requireRole } from '../page.js';

// Assessor calibration for the committee (and HR): how far each program's panels agree on every
// rubric criterion, and how each assessor scores against the rest of their panels. The API decides who
// may read it (committee members with a current term, HR) and suppresses thin figures.

const PROGRAMS = graphql(`query CalibrationPrograms { programs { id name } }`);

const CALIBRATION = graphql(`query CalibrationReport($programId: ID!, $quarter: String) {
  calibrationReport(programId: $programId, quarter: $quarter) {
    quarter minUnits minSubmissions confidence
    criteria { criterion title suppressed units alpha lower upper }
    overall { title suppressed units alpha lower upper }
    assessors { assessorId name suppressed submissions severity agreement }
  }
}`);

type Report = ResultOf<typeof CALIBRATION>['calibrationReport'];
type Reliability = Report['overall'];

/** Quarters offered: the current one and the seven before it, newest first. */
const QUARTERS = 8;

const decimals = (x: number | null, digits = 2) => (x === null ? '—' : x.toFixed(digits));

/** Krippendorff's reading of alpha: 0.8 or more reliable, 0.667 the least for tentative conclusions. */
function reading(alpha: number | null): SafeHtml | string {
  if (alpha === null) return '—';
  if (alpha >= 0.8) return html`<span class="badge good">Reliable</span>`;
  if (alpha >= 0.667) return html`<span class="badge info">Tentative</span>`;
  return html`<span class="badge bad">Weak: calibrate</span>`;
}

const reliabilityRow = (row: Reliability): (SafeHtml | string)[] =>
  row.suppressed
    ? [row.title, 'Suppressed: too few submissions', '—', '—', '—']
    : [row.title, String(row.units), decimals(row.alpha), row.lower === null ? '—' : `${decimals(row.lower)} to ${decimals(row.upper)}`, reading(row.alpha)];

const signed = (x: number | null) => (x === null ? '—' : `${x > 0 ? '+' : ''}${x.toFixed(2)}`);

function assessorRows(report: Report): (SafeHtml | string)[][] {
  return report.assessors.map((a) =>
    a.suppressed
      ? [`Other assessors (fewer than ${report.minSubmissions} submissions each)`, '—', '—', '—']
      : [a.name ?? a.assessorId ?? '—', String(a.submissions), signed(a.severity), a.agreement === null ? '—' : `${Math.round(a.agreement * 100)}%`],
  );
}

export const calibration: PageHandler = async (ctx: PageContext) => {
  requireRole(ctx, 'committee', 'hr', 'program_owner', 'admin');
  const { programs } = await ctx.api(PROGRAMS);
  const asked = ctx.url.searchParams.get('program');
  const program = programs.find((p) => p.id === asked) ?? programs[0];
  if (!program) return page('Assessor calibration', html`<h1>Assessor calibration</h1>${emptyState('No programs yet.')}`, { section: 'committee' });
  const current = quarterOf(new Date());
  const quarters = Array.from({ length: QUARTERS }, (_, i) => shiftQuarter(current, -i).name);
  const askedQuarter = ctx.url.searchParams.get('quarter');
  const quarter = askedQuarter && quarters.includes(askedQuarter) ? askedQuarter : null;
  const report = (await ctx.api(CALIBRATION, { programId: program.id, quarter })).calibrationReport;
  const confidence = `${Math.round(report.confidence * 100)}%`;
  const selector = html`<form method="get" action="/committee/calibration" class="filters" aria-label="Calibration options">
<div><label for="program">Program</label>
<select id="program" name="program">${programs.map((p) => html`<option value="${p.id}"${p.id === program.id ? html` selected` : ''}>${p.name}</option>`)}</select></div>
<div><label for="quarter">Period</label>
<select id="quarter" name="quarter"><option value="">All time</option>${quarters.map((q) => html`<option value="${q}"${q === quarter ? html` selected` : ''}>${q}</option>`)}</select></div>
<button type="submit">Show</button></form>`;
  return page(
    'Assessor calibration',
    html`<p class="breadcrumb"><a href="/committee">Committee</a> › Assessor calibration</p>
<h1>Assessor calibration: ${program.name}</h1>
<p class="lede">How far each submission's panel agreed, scoring independently, over ${quarter ?? 'all time'} (a panel counts in the quarter it finished scoring).</p>
${selector}
<section aria-labelledby="agreement-heading"><h2 id="agreement-heading">Agreement by criterion</h2>
<p>Krippendorff's alpha for ordinal levels: 1 is full agreement, 0 no better than chance; 0.8 or more is reliable, below 0.667 the criterion needs a calibration session. The interval is a ${confidence} bootstrap over submissions. Shown from ${report.minUnits} submissions with two or more scores.</p>
${table(`Panel agreement by criterion, ${quarter ?? 'all time'}`, ['Criterion', 'Submissions', 'Alpha', `${confidence} interval`, 'Reading'], [...report.criteria, report.overall].map(reliabilityRow))}
</section>
<section aria-labelledby="assessors-heading"><h2 id="assessors-heading">Assessors</h2>
<p>Severity: the mean difference, in levels, between an assessor's score and the mean of the other panel members' scores on the same criterion (negative is harsher). Agreement: the share of their scores within one level of that mean. Shown from ${report.minSubmissions} submissions scored with others.</p>
${report.assessors.length ? table(`Assessor severity and agreement, ${quarter ?? 'all time'}`, ['Assessor', 'Submissions', 'Severity', 'Within one level'], assessorRows(report)) : emptyState('No submission was scored by more than one assessor in this period.')}
</section>`,
    { section: 'committee' },
  );
};
