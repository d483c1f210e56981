import { barChart, funnelChart, lineChart } from '../charts.js';
import { definitionList, emptyState, humanize } from '../components.js';
import { html, type SafeHtml } from '../../../html/template.js';

// The sections of a program dashboard (portal/pages/insights.ts queries the data). Every figure is a
// group figure from the API, which has already suppressed small groups and their complements: the
// suppressed groups of a breakdown arrive as one row without a name and with null numbers, and these
// sections show "Other groups (suppressed)" and the word "Suppressed" in their place, never a number.

export interface FunnelStepData {
  step: string;
  reached: number;
  dropOff: number | null;
}

export interface GroupData {
  /** Null for the row standing for every suppressed group. */
  group: string | null;
  suppressed: boolean;
  journeys: number | null;
  decided: number | null;
  passed: number | null;
  passRate: number | null;
  certified: number | null;
  medianDaysToCertification: number | null;
  p90DaysToCertification: number | null;
  medianDaysToProficiency?: number | null;
  funnel?: FunnelStepData[] | null;
}

export interface RateGroupData {
  group: string;
  suppressed: boolean;
  size: number | null;
  count: number | null;
  rate: number | null;
}

export interface TrendPointData {
  quarter: string;
  suppressed: boolean;
  decided: number | null;
  passed: number | null;
  passRate: number | null;
}

export interface AuditData {
  minGroupSize: number;
  referenceGroup: string | null;
  groups: { group: string | null; suppressed: boolean; sampleSize: number | null; passed: number | null; passRate: number | null; impactRatio: number | null; flagged: boolean; fisherP?: number | null }[];
}

export interface SatisfactionGroupData {
  group: string | null;
  suppressed: boolean;
  responses: number | null;
  averageRating: number | null;
  distribution: number[] | null;
}

export interface SatisfactionData {
  minGroupSize: number;
  overall: SatisfactionGroupData;
  byOutcome: SatisfactionGroupData[];
  byPathway: SatisfactionGroupData[];
}

export interface ForecastData {
  status: string;
  basis: string;
  expected: string | null;
}

export const SUPPRESSED = 'Suppressed';
/** The label of the row standing for every suppressed group: their names are never shown. */
export const SUPPRESSED_GROUPS = 'Other groups (suppressed)';
const groupName = (group: string | null, label: (key: string) => string = (key) => key) => (group === null ? SUPPRESSED_GROUPS : label(group));

export const percent = (value: number) => `${Math.round(value * 1000) / 10}%`;
const daysText = (value: number) => `${Math.round(value * 10) / 10} days`;
const count = (value: number | null) => (value === null ? SUPPRESSED : String(value));

/** Why a section shows the word "suppressed": said once per section, in words. */
export const smallGroupNote = (minGroupSize: number, what = 'people') =>
  html`<p class="hint">Groups of fewer than ${minGroupSize} ${what} are suppressed, with another group where needed so that none can be worked out from the totals. Suppressed groups are shown together as “${SUPPRESSED_GROUPS}”, without names or numbers.</p>`;

export function headline(overall: GroupData | undefined, minGroupSize: number): SafeHtml {
  if (!overall || overall.suppressed) return html`<p class="notice warn">Fewer than ${minGroupSize} journeys: the program's figures are suppressed.</p>`;
  return html`<ul class="headline" aria-label="Headline figures">
<li><span class="figure">${overall.journeys}</span> journeys</li>
<li><span class="figure">${overall.passRate === null ? '—' : percent(overall.passRate)}</span> pass rate (${overall.passed} of ${overall.decided} decided)</li>
<li><span class="figure">${overall.certified}</span> certified</li>
<li><span class="figure">${overall.medianDaysToCertification === null ? '—' : daysText(overall.medianDaysToCertification)}</span> median to certification</li></ul>`;
}

export function funnelSection(overall: GroupData | undefined, minGroupSize: number): SafeHtml {
  const steps = overall?.funnel;
  const body = steps?.length
    ? funnelChart({
        id: 'chart-funnel',
        title: 'Journeys reaching each step',
        description: `Of ${steps[0]?.reached ?? 0} enrolled journeys, ${steps.at(-1)?.reached ?? 0} reached certification.`,
        steps: steps.map((s) => ({ label: humanize(s.step), value: s.reached, ...(s.dropOff === null ? {} : { note: `${percent(s.dropOff)} of the previous step did not get here` }) })),
      })
    : emptyState(`Suppressed: the program has fewer than ${minGroupSize} journeys.`);
  return html`<section aria-labelledby="funnel-heading"><h2 id="funnel-heading">Funnel</h2>
<p class="hint">A journey reached a step if it was ever there or further on.</p>${body}</section>`;
}

export function trendSection(trend: TrendPointData[], minGroupSize: number): SafeHtml {
  const shown = trend.filter((t) => !t.suppressed);
  return html`<section aria-labelledby="trend-heading"><h2 id="trend-heading">Pass rate over time</h2>
<p class="hint">Assessments decided in each calendar quarter, across the program. Quarters with fewer than ${minGroupSize} people decided are suppressed, with another quarter where needed so that none can be worked out from the program's totals.</p>
${lineChart({
  id: 'chart-trend',
  title: 'Pass rate by quarter of decision',
  description: shown.length
    ? `Pass rate in ${shown.length} of the last ${trend.length} quarters; the others are suppressed.`
    : `No quarter in the last ${trend.length} had enough decisions to show a pass rate.`,
  points: trend.map((t) => ({
    label: t.quarter,
    value: t.passRate,
    note: 'suppressed',
    detail: t.suppressed ? SUPPRESSED : `${t.passed} of ${t.decided} passed`,
  })),
  max: 1,
  format: percent,
  valueHeader: 'Pass rate',
})}</section>`;
}

export function groupSections(groups: GroupData[], groupLabel: string, label: (key: string) => string, minGroupSize: number): SafeHtml {
  if (groups.length === 0) return emptyState('No journeys yet.');
  const categories = groups.map((g) => groupName(g.group, label));
  const notes = groups.map((g) => (g.suppressed ? SUPPRESSED : null));
  const passRate = barChart({
    id: 'chart-pass-rate',
    title: `Pass rate by ${groupLabel}`,
    description: `Share of decided journeys that passed, for each ${groupLabel}.`,
    categories,
    series: [{ name: 'Pass rate', values: groups.map((g) => g.passRate), format: percent }],
    max: 1,
    notes: groups.map((g) => (g.suppressed ? SUPPRESSED : g.passRate === null ? 'No decisions yet' : null)),
    extraColumns: [
      { header: 'Journeys', cells: groups.map((g) => count(g.journeys)) },
      { header: 'Decided', cells: groups.map((g) => count(g.decided)) },
      { header: 'Passed', cells: groups.map((g) => count(g.passed)) },
    ],
  });
  const time = barChart({
    id: 'chart-time',
    title: `Days to certification by ${groupLabel}`,
    description: `Median and 90th percentile of the days from enrolment to the first credential, for each ${groupLabel}.`,
    categories,
    series: [
      { name: 'Median', values: groups.map((g) => g.medianDaysToCertification), format: daysText },
      { name: '90th percentile', values: groups.map((g) => g.p90DaysToCertification), format: daysText },
    ],
    notes: groups.map((g, i) => notes[i] ?? (g.certified === 0 ? 'Nobody certified yet' : null)),
    extraColumns: [{ header: 'Certified', cells: groups.map((g) => count(g.certified)) }],
  });
  return html`<section aria-labelledby="pass-heading"><h2 id="pass-heading">Pass rate by ${groupLabel}</h2>${smallGroupNote(minGroupSize, 'journeys')}${passRate}</section>
<section aria-labelledby="time-heading"><h2 id="time-heading">Time to certification</h2>
<p class="hint">The 90th percentile is by nearest rank: nine in ten certified within it.</p>${time}</section>`;
}

export function auditSection(audit: AuditData, attributeLabel: string): SafeHtml {
  const groups = audit.groups;
  const body = groups.length
    ? barChart({
        id: 'chart-audit',
        title: `Impact ratio by ${attributeLabel}`,
        description: audit.referenceGroup
          ? `Each group's pass rate against “${audit.referenceGroup}”, the group with the highest pass rate; below 0.8 fails the four-fifths rule. ${groups.filter((g) => g.flagged).length} group(s) flagged.`
          : 'No group is large enough to serve as the reference, so no ratio can be computed.',
        categories: groups.map((g) => groupName(g.group)),
        series: [{ name: 'Impact ratio', values: groups.map((g) => g.impactRatio), format: (v) => v.toFixed(2) }],
        max: 1,
        notes: groups.map((g) => (g.suppressed ? SUPPRESSED : 'No reference group')),
        flagged: { indexes: groups.flatMap((g, i) => (g.flagged ? [i] : [])), label: 'flagged' },
        threshold: { value: 0.8, label: 'four-fifths (0.8)' },
        extraColumns: [
          { header: 'Decided', cells: groups.map((g) => count(g.sampleSize)) },
          { header: 'Passed', cells: groups.map((g) => count(g.passed)) },
          { header: 'Pass rate', cells: groups.map((g) => (g.suppressed ? SUPPRESSED : g.passRate === null ? '—' : percent(g.passRate))) },
          // Against everyone else decided; a screening signal (the funnel section says why).
          { header: "Fisher's p", cells: groups.map((g) => (g.suppressed ? SUPPRESSED : g.fisherP == null ? '—' : g.fisherP < 0.001 ? '< 0.001' : g.fisherP.toFixed(3))) },
          {
            header: 'Four-fifths rule',
            cells: groups.map((g) =>
              g.suppressed
                ? SUPPRESSED
                : g.flagged
                  ? html`<span class="badge bad">Below four-fifths</span>`
                  : g.group === audit.referenceGroup
                    ? 'Reference group'
                    : g.impactRatio === null
                      ? 'No ratio'
                      : html`<span class="badge good">Within</span>`,
            ),
          },
        ],
      })
    : emptyState('No decided journeys yet.');
  return html`<section aria-labelledby="audit-heading"><h2 id="audit-heading">Adverse-impact audit</h2>
<p class="hint">Pass rates per self-reported ${attributeLabel} among decided journeys, against the group with the highest pass rate. People who did not say form the “not recorded” group, never the reference.</p>
${smallGroupNote(audit.minGroupSize, 'decided journeys')}${body}</section>`;
}

export function satisfactionSection(results: SatisfactionData, label: (key: string) => string): SafeHtml {
  const rows = [
    { ...results.overall, group: 'All respondents' },
    ...results.byOutcome.map((g) => ({ ...g, group: `Outcome: ${g.group === null ? 'other outcomes (suppressed)' : humanize(g.group)}` })),
    ...results.byPathway.map((g) => ({ ...g, group: `Pathway: ${g.group === null ? 'other pathways (suppressed)' : label(g.group)}` })),
  ];
  const distribution = (g: SatisfactionGroupData) =>
    g.suppressed || !g.distribution ? SUPPRESSED : g.distribution.map((n, i) => `${i + 1}★ ${n}`).join(', ');
  return html`<section aria-labelledby="satisfaction-heading"><h2 id="satisfaction-heading">Learner satisfaction</h2>
<p class="hint">Answers to the survey sent after each decision, from 1 (poor) to 5 (excellent).</p>${smallGroupNote(results.minGroupSize, 'responses')}
${barChart({
  id: 'chart-satisfaction',
  title: 'Average satisfaction rating',
  description: results.overall.suppressed
    ? 'Too few responses to show an overall rating.'
    : `Overall ${results.overall.averageRating?.toFixed(1) ?? '—'} out of 5 from ${results.overall.responses} responses.`,
  categories: rows.map((r) => r.group),
  series: [{ name: 'Average rating (of 5)', values: rows.map((r) => r.averageRating), format: (v) => v.toFixed(1) }],
  max: 5,
  notes: rows.map((r) => (r.suppressed ? SUPPRESSED : 'No responses')),
  extraColumns: [
    { header: 'Responses', cells: rows.map((r) => count(r.responses)) },
    { header: 'Answers per rating', cells: rows.map(distribution) },
  ],
})}</section>`;
}

export function outcomesSection(retention: RateGroupData[], recertification: RateGroupData, minGroupSize: number): SafeHtml {
  const rate = (r: RateGroupData, what: string) => (r.suppressed || r.rate === null ? SUPPRESSED : `${percent(r.rate)} (${r.count} of ${r.size} ${what})`);
  return html`<section aria-labelledby="outcomes-heading"><h2 id="outcomes-heading">Retention and re-certification</h2>${smallGroupNote(minGroupSize)}
${barChart({
  id: 'chart-retention',
  title: 'Still employed: certified or not',
  description: 'Of the people with a journey, the share still employed, for people ever certified and people not (yet) certified.',
  categories: retention.map((r) => humanize(r.group)),
  series: [{ name: 'Still employed', values: retention.map((r) => r.rate), format: percent }],
  max: 1,
  notes: retention.map(() => SUPPRESSED),
  extraColumns: [
    { header: 'People', cells: retention.map((r) => count(r.size)) },
    { header: 'Still employed', cells: retention.map((r) => count(r.count)) },
  ],
})}
${definitionList([['Re-certification rate', rate(recertification, 'credentials due were renewed')]])}</section>`;
}

/** Open journeys by the quarter their forecast expects certification in (the median date). */
export function forecastSection(forecasts: ForecastData[], total: number, quarterOf: (iso: string) => string): SafeHtml {
  const open = forecasts.filter((f) => f.status === 'IN_PROGRESS');
  const byQuarter = new Map<string, number>();
  for (const f of open) if (f.expected) byQuarter.set(quarterOf(f.expected), (byQuarter.get(quarterOf(f.expected)) ?? 0) + 1);
  const quarters = [...byQuarter.keys()].sort();
  const unknown = open.filter((f) => !f.expected).length;
  const shownNote = total > forecasts.length ? html`<p class="hint">The first ${forecasts.length} of ${total} open journeys.</p>` : '';
  const body = quarters.length
    ? barChart({
        id: 'chart-forecast',
        title: 'Expected certifications by quarter',
        description: `${open.length - unknown} open journeys have a forecast; most expected in ${quarters.reduce((a, b) => ((byQuarter.get(b) ?? 0) > (byQuarter.get(a) ?? 0) ? b : a))}.`,
        categories: quarters,
        series: [{ name: 'Journeys expected to certify', values: quarters.map((q) => byQuarter.get(q) ?? 0), format: String }],
      })
    : emptyState('No open journey has a forecast yet.');
  return html`<section aria-labelledby="forecast-heading"><h2 id="forecast-heading">Forecast certifications</h2>
<p class="hint">Each open journey's expected certification date, from the pace of past candidates on the same pathway (or the candidate's own pace when there are too few).</p>
${shownNote}${body}${unknown ? html`<p>${unknown} open journey(s) have no forecast yet (too early to tell).</p>` : ''}</section>`;
}
