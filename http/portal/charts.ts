import { table } from './components.js';
import { html, type SafeHtml } from '../../html/template.js';

// Charts for the insights pages: SVG built on the server with the `html` tag, so every label is
// escaped and no script is needed. Each chart is an image with a title, a description and an
// aria-label, followed by the same figures in a table (inside <details>) for screen readers and
// keyboard users. Colour is never the only cue: values are written next to the marks, the second
// series and flagged bars are hatched, and suppressed groups say so in words.

export interface ChartFrame {
  /** Unique on the page: the SVG's ids derive from it. */
  id: string;
  title: string;
  /** What the chart shows and the one thing to read from it; becomes the SVG's <desc>. */
  description: string;
}

export interface BarSeries {
  name: string;
  /** One value per category; null where the figure is missing or suppressed. */
  values: readonly (number | null)[];
  format: (value: number) => string;
}

export interface BarChartOptions extends ChartFrame {
  categories: readonly string[];
  series: readonly BarSeries[];
  /** The axis maximum; the largest value when absent. */
  max?: number;
  /** Words shown instead of a bar for a category with no value (e.g. "Suppressed: fewer than 5"). */
  notes?: readonly (string | null)[];
  /** Categories drawn hatched with a warning mark, and the word for it (e.g. "below four-fifths"). */
  flagged?: { indexes: readonly number[]; label: string };
  /** A dashed reference line (e.g. the four-fifths threshold). */
  threshold?: { value: number; label: string };
  /** Extra columns for the data table (same order as categories). */
  extraColumns?: { header: string; cells: readonly (string | SafeHtml)[] }[];
}

export interface LinePoint {
  label: string;
  value: number | null;
  /** Shown instead of a value for a missing point (e.g. "suppressed"). */
  note?: string;
  /** Extra text for the data table (e.g. "8 of 11 passed"). */
  detail?: string;
}

export interface LineChartOptions extends ChartFrame {
  points: readonly LinePoint[];
  max: number;
  format: (value: number) => string;
  valueHeader: string;
}

export interface FunnelStep {
  label: string;
  value: number;
  /** e.g. "8% did not get here" */
  note?: string;
}

export interface FunnelChartOptions extends ChartFrame {
  steps: readonly FunnelStep[];
}

const WIDTH = 480;
const LABEL_WIDTH = 150;
const VALUE_WIDTH = 100;
const BAR_AREA = WIDTH - LABEL_WIDTH - VALUE_WIDTH;
const BAR_HEIGHT = 22;
const TOP = 10;

/** Long labels are shortened in the picture; the table below has them whole. */
export function shorten(label: string, max = 16): string {
  return label.length <= max ? label : `${label.slice(0, max - 1)}…`;
}

const round = (n: number) => Math.round(n * 10) / 10;

function svgOpen(frame: ChartFrame, height: number, extraDefs: SafeHtml | string = ''): SafeHtml {
  return html`<svg class="chart hr-chart" viewBox="0 0 ${WIDTH} ${round(height)}" width="${WIDTH}" height="${round(height)}" role="img" aria-label="${frame.title}" aria-describedby="${frame.id}-desc" focusable="false">
<title id="${frame.id}-title">${frame.title}</title><desc id="${frame.id}-desc">${frame.description}</desc>
<defs><pattern id="${frame.id}-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" class="hatch-bg"/><line x1="0" y1="0" x2="0" y2="6" class="hatch-line"/></pattern>${extraDefs}</defs>`;
}

function figure(frame: ChartFrame, svg: SafeHtml, data: SafeHtml): SafeHtml {
  return html`<figure class="chart-figure" id="${frame.id}"><figcaption>${frame.title}</figcaption>
${svg}
<details class="chart-data"><summary>${frame.title}: the figures as a table</summary>${data}</details></figure>`;
}

/** Horizontal bars, one row per category and a bar per series; suitable for long group names on a phone. */
export function barChart(options: BarChartOptions): SafeHtml {
  const { categories, series, notes = [], flagged, threshold } = options;
  const all = series.flatMap((s) => s.values.filter((v): v is number => v !== null));
  const max = Math.max(options.max ?? 0, ...all, threshold?.value ?? 0) || 1;
  const rowHeight = series.length * (BAR_HEIGHT + 4) + 14;
  const legendHeight = series.length > 1 ? 26 : 0;
  const height = TOP + legendHeight + categories.length * rowHeight + (threshold ? 22 : 6);
  const x = (value: number) => LABEL_WIDTH + (value / max) * BAR_AREA;
  const fillFor = (seriesIndex: number, categoryIndex: number) =>
    seriesIndex > 0 || flagged?.indexes.includes(categoryIndex) ? html` fill="url(#${options.id}-hatch)"` : '';
  const legend =
    series.length > 1
      ? html`<g class="legend">${series.map((s, i) => {
          const lx = LABEL_WIDTH + i * 150;
          return html`<rect x="${lx}" y="${TOP}" width="16" height="14" class="bar s${i}"${fillFor(i, -1)}/><text x="${lx + 22}" y="${TOP + 12}">${s.name}</text>`;
        })}</g>`
      : '';
  const rows = categories.map((category, c) => {
    const y0 = TOP + legendHeight + c * rowHeight;
    const note = notes[c];
    const isFlagged = flagged?.indexes.includes(c) ?? false;
    const bars = series.map((s, i) => {
      const value = s.values[c] ?? null;
      const y = y0 + i * (BAR_HEIGHT + 4);
      if (value === null) {
        return html`<text x="${LABEL_WIDTH + 4}" y="${y + 16}" class="note">${note ?? 'No figure'}</text>`;
      }
      const width = Math.max(1, x(value) - LABEL_WIDTH);
      const text = `${s.format(value)}${isFlagged && i === 0 && flagged ? ` ⚠ ${flagged.label}` : ''}`;
      return html`<rect x="${LABEL_WIDTH}" y="${y}" width="${round(width)}" height="${BAR_HEIGHT}" class="bar s${i}${isFlagged ? ' flagged' : ''}"${fillFor(i, c)}/><text x="${round(LABEL_WIDTH + width + 6)}" y="${y + 16}" class="value">${text}</text>`;
    });
    return html`<g class="row"><text x="${LABEL_WIDTH - 8}" y="${y0 + 16}" text-anchor="end" class="label">${shorten(category)}</text>${bars}</g>`;
  });
  const axisBottom = height - (threshold ? 22 : 6);
  const thresholdLine = threshold
    ? html`<line x1="${round(x(threshold.value))}" x2="${round(x(threshold.value))}" y1="${TOP + legendHeight - 4}" y2="${axisBottom}" class="threshold"/><text x="${round(x(threshold.value))}" y="${axisBottom + 16}" text-anchor="middle" class="note">${threshold.label}</text>`
    : '';
  const svg = html`${svgOpen(options, height)}${legend}<line x1="${LABEL_WIDTH}" x2="${LABEL_WIDTH}" y1="${TOP + legendHeight - 4}" y2="${axisBottom}" class="axis"/>${rows}${thresholdLine}</svg>`;
  const headers = ['Group', ...series.map((s) => s.name), ...(options.extraColumns ?? []).map((e) => e.header)];
  const tableRows = categories.map((category, c) => [
    category,
    ...series.map((s) => {
      const value = s.values[c] ?? null;
      return value === null ? (notes[c] ?? 'No figure') : s.format(value);
    }),
    ...(options.extraColumns ?? []).map((e) => e.cells[c] ?? '—'),
  ]);
  return figure(options, svg, table(options.title, headers, tableRows));
}

/**
 * Points over time joined by lines. A missing point breaks the line and is drawn as a hollow mark on
 * the axis, explained in words by the legend under the chart (and in the table).
 */
export function lineChart(options: LineChartOptions): SafeHtml {
  const { points, max, format } = options;
  const left = 60;
  const right = 40;
  const plotTop = TOP + 18;
  const plotHeight = 190;
  const missing = [...new Set(points.filter((p) => p.value === null).map((p) => p.note ?? 'no figure'))];
  const height = plotTop + plotHeight + 46 + (missing.length ? 26 : 0);
  const step = points.length > 1 ? (WIDTH - left - right) / (points.length - 1) : 0;
  const px = (i: number) => (points.length > 1 ? left + i * step : (WIDTH + left - right) / 2);
  const py = (value: number) => plotTop + plotHeight - (Math.min(value, max) / (max || 1)) * plotHeight;
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => f * max);
  const grid = ticks.map(
    (t) =>
      html`<line x1="${left}" x2="${WIDTH - right}" y1="${round(py(t))}" y2="${round(py(t))}" class="grid"/><text x="${left - 6}" y="${round(py(t) + 4)}" text-anchor="end" class="tick">${format(t)}</text>`,
  );
  // Segments join consecutive points that both have a value.
  const segments = points.flatMap((p, i) => {
    const next = points[i + 1];
    if (p.value === null || !next || next.value === null) return [];
    return [html`<line x1="${round(px(i))}" y1="${round(py(p.value))}" x2="${round(px(i + 1))}" y2="${round(py(next.value))}" class="line"/>`];
  });
  const baseline = plotTop + plotHeight;
  const marks = points.map((p, i) => {
    const x = round(px(i));
    // "2026-Q3" is written as two lines (2026 / Q3) so eight quarters fit side by side on a phone.
    const [head, ...tail] = p.label.split('-');
    const label = tail.length
      ? html`<text x="${x}" y="${baseline + 20}" text-anchor="middle" class="label"><tspan x="${x}">${shorten(head ?? '', 8)}</tspan><tspan x="${x}" dy="17">${shorten(tail.join('-'), 8)}</tspan></text>`
      : html`<text x="${x}" y="${baseline + 20}" text-anchor="middle" class="label">${shorten(p.label, 8)}</text>`;
    if (p.value === null) return html`${label}<circle cx="${x}" cy="${baseline}" r="5" class="gap-mark"/>`;
    const y = round(py(p.value));
    return html`${label}<rect x="${x - 5}" y="${y - 5}" width="10" height="10" class="mark"/><text x="${x}" y="${round(y - 10)}" text-anchor="middle" class="value">${format(p.value)}</text>`;
  });
  const legend = missing.length
    ? html`<circle cx="${left + 5}" cy="${height - 10}" r="5" class="gap-mark"/><text x="${left + 16}" y="${height - 5}" class="note">No point: ${missing.join(', ')}</text>`
    : '';
  const svg = html`${svgOpen(options, height)}${grid}${segments}${marks}${legend}</svg>`;
  const rows = points.map((p) => [p.label, p.value === null ? (p.note ?? 'No figure') : format(p.value), p.detail ?? '—']);
  return figure(options, svg, table(options.title, ['Period', options.valueHeader, 'Detail'], rows));
}

/** Steps narrowing from the first: each bar's width is its share of the first step, with the count written on it. */
export function funnelChart(options: FunnelChartOptions): SafeHtml {
  const { steps } = options;
  const first = Math.max(1, steps[0]?.value ?? 0);
  const rowHeight = 34;
  const height = TOP + steps.length * rowHeight + 6;
  const centre = LABEL_WIDTH + BAR_AREA / 2 + 20;
  const area = BAR_AREA + 40;
  const rows = steps.map((s, i) => {
    const y = TOP + i * rowHeight;
    const width = Math.max(2, (s.value / first) * area);
    return html`<g class="row"><text x="${LABEL_WIDTH - 8}" y="${y + 18}" text-anchor="end" class="label">${shorten(s.label)}</text><rect x="${round(centre - width / 2)}" y="${y}" width="${round(width)}" height="26" class="bar s0"/><text x="${WIDTH - 4}" y="${y + 18}" text-anchor="end" class="value">${s.value}</text></g>`;
  });
  const svg = html`${svgOpen(options, height)}${rows}</svg>`;
  const data = table(
    options.title,
    ['Step', 'Journeys', 'Share of the first step', 'Drop-off'],
    steps.map((s) => [s.label, s.value, `${Math.round((s.value / first) * 1000) / 10}%`, s.note ?? '—']),
  );
  return figure(options, svg, data);
}
