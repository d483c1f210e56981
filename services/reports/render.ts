import { html, join, raw, type SafeHtml } from '../../html/template.js';
import { percent, type QuarterlyCalibration, type QuarterlyReport } from './quarterly.js';

// The quarterly report as a standalone HTML page (every value escaped) and as CSV (RFC 4180, one row
// per figure: section, metric, group, value), both built from the same QuarterlyReport.

const show = (value: number | null, asRate = false) => (value === null ? 'suppressed' : asRate ? percent(value) : String(value));
/** Suppressed groups are never named; one row stands for all of them. */
export const SUPPRESSED_GROUPS = 'other groups (suppressed)';

function table(head: string[], rows: string[][]): SafeHtml {
  const tr = rows.map((r) => html`<tr>${r.map((c) => html`<td>${c}</td>`)}</tr>\n`);
  return html`<table>\n<thead><tr>${head.map((h) => html`<th>${h}</th>`)}</tr></thead>\n<tbody>\n${tr}</tbody>\n</table>`;
}

const STYLE = [
  'body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:#1f2328;line-height:1.5;max-width:860px;margin:24px auto;padding:0 16px}',
  'h1{font-size:1.6em;margin-bottom:0}h2{margin-top:2em;border-bottom:1px solid #d0d7de}',
  'table{border-collapse:collapse;width:100%;margin:8px 0 16px}th,td{border:1px solid #d0d7de;padding:6px 10px;text-align:left}',
  'th{background:#f6f8fa}.muted{color:#57606a;font-size:.9em}',
].join('');

const interval = (row: { lower: number | null; upper: number | null }) => (row.lower === null || row.upper === null ? '' : `${row.lower} to ${row.upper}`);

function calibrationSection(c: QuarterlyCalibration): SafeHtml {
  const rows = [...c.criteria, c.overall].map((row) => [row.title, row.suppressed ? 'suppressed' : row.alpha === null ? 'no variation' : String(row.alpha), interval(row)]);
  const counts =
    c.assessorsWithFigures === null
      ? 'Assessor counts are not shown: too few assessors had enough submissions this quarter.'
      : `Of ${c.assessorsWithFigures} assessors with enough submissions, ${c.harsherAssessors} scored more than half a level below their panels on average and ${c.moreLenientAssessors} more than half a level above.`;
  return join(
    [
      html`<p class="muted">${`Krippendorff's alpha (ordinal) between the independent scores of each submission's panel: 1 is full agreement, 0 no better than chance, 0.8 or more is reliable. Interval: ${Math.round(c.confidence * 100)}% bootstrap. Suppressed below ${c.minUnits} submissions with two or more scores.`}</p>`,
      table(['Criterion', 'Alpha', `${Math.round(c.confidence * 100)}% interval`], rows),
      html`<p>${counts}</p>`,
    ],
    '\n',
  );
}

export function renderReportHtml(report: QuarterlyReport): string {
  const a = report.achievements;
  const title = `${report.programName}: program health, ${report.quarter}`;
  const audits = report.audits.map((audit) =>
    join(
      [
      html`<h3>By ${audit.attribute}</h3>`,
      html`<p class="muted">Reference group: ${audit.referenceGroup ?? 'none (no group large enough)'}</p>`,
      table(
        ['Group', 'Sample size', 'Passed', 'Pass rate', 'Impact ratio', 'Flagged'],
        audit.groups.map((g) => [g.group ?? SUPPRESSED_GROUPS, show(g.sampleSize), show(g.passed), show(g.passRate, true), show(g.impactRatio), g.flagged ? 'yes (below 0.8)' : 'no']),
        ),
      ],
      '\n',
    ),
  );
  const parts: (SafeHtml | string)[] = [
    '<!doctype html>',
    // The stylesheet is this module's constant, not data: the one part written in as it is.
    html`<html lang="en"><head><meta charset="utf-8"><title>${title}</title><style>${raw(STYLE)}</style></head><body>`,
    html`<h1>${title}</h1>`,
    html`<p class="muted">${`${report.periodStart.slice(0, 10)} to ${report.periodEnd.slice(0, 10)} (end exclusive). Generated ${report.generatedAt}. Groups smaller than ${report.minGroupSize} are suppressed, with another group where needed so that none can be worked out from the totals.`}</p>`,
    '<h2>Achievements</h2>',
    table(
      ['Measure', 'This quarter'],
      [
        ['Enrolments', show(a.enrolled)],
        ['Assessment decisions', show(a.decided)],
        ['Passed', show(a.passed)],
        ['New credentials', show(a.certified)],
        ['Re-certifications', show(a.renewed)],
      ],
    ),
    '<h2>Gaps</h2>',
    table(
      ['Gap', 'Value', 'What it counts'],
      report.gaps.map((g) => [g.label, g.key === 'largest_drop_off' ? show(g.value, true) : show(g.value), g.detail]),
    ),
    '<h2>Pass-rate trend</h2>',
    table(
      ['Quarter', 'Decisions', 'Passed', 'Pass rate'],
      report.trend.map((t) => [t.quarter, show(t.decided), show(t.passed), show(t.passRate, true)]),
    ),
    '<h2>Adverse-impact audit</h2>',
    ...(audits.length ? audits : ['<p>No demographic attribute was audited.</p>']),
    ...(report.calibration ? ['<h2>Assessor calibration</h2>', calibrationSection(report.calibration)] : []),
    '<h2>Improvement notes</h2>',
    html`<ul>${report.notes.map((n) => html`<li>${n}</li>`)}</ul>`,
    '</body></html>',
  ];
  // The plain strings above are fixed markup of this module; every value went through the tag.
  return parts.map((part) => (typeof part === 'string' ? part : part.value)).join('\n');
}

/** Quotes a CSV cell; text starting with = + - @ is prefixed so spreadsheets never run it as a formula. */
export function csvCell(value: string | number | boolean | null): string {
  if (value === null) return '';
  if (typeof value !== 'string') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function renderReportCsv(report: QuarterlyReport): string {
  const rows: (string | number | boolean | null)[][] = [['section', 'metric', 'group', 'value']];
  rows.push(['report', 'program', '', report.programId], ['report', 'quarter', '', report.quarter], ['report', 'min_group_size', '', report.minGroupSize]);
  for (const [metric, value] of Object.entries(report.achievements)) rows.push(['achievements', metric, '', value]);
  for (const gap of report.gaps) rows.push(['gaps', gap.key, '', gap.value]);
  for (const t of report.trend) {
    rows.push(['trend', 'decided', t.quarter, t.decided], ['trend', 'passed', t.quarter, t.passed], ['trend', 'pass_rate', t.quarter, t.passRate]);
  }
  for (const audit of report.audits) {
    for (const g of audit.groups) {
      const group = `${audit.attribute}:${g.group ?? SUPPRESSED_GROUPS}`;
      rows.push(
        ['audit', 'sample_size', group, g.sampleSize],
        ['audit', 'pass_rate', group, g.passRate],
        ['audit', 'impact_ratio', group, g.impactRatio],
        ['audit', 'flagged', group, g.flagged],
      );
    }
  }
  if (report.calibration) {
    const c = report.calibration;
    for (const row of [...c.criteria, c.overall]) {
      const criterion = row.criterion ?? 'all';
      rows.push(['calibration', 'alpha', criterion, row.alpha], ['calibration', 'alpha_lower', criterion, row.lower], ['calibration', 'alpha_upper', criterion, row.upper]);
    }
    rows.push(
      ['calibration', 'assessors_with_figures', '', c.assessorsWithFigures],
      ['calibration', 'assessors_harsher', '', c.harsherAssessors],
      ['calibration', 'assessors_more_lenient', '', c.moreLenientAssessors],
    );
  }
  for (const [i, note] of report.notes.entries()) rows.push(['notes', `note_${i + 1}`, '', note]);
  return `${rows.map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
}
