import { describe, expect, it } from 'vitest';
import { barChart, funnelChart, lineChart, shorten } from '../../../http/portal/charts.js';

// The insights charts: accessible SVG (role, label, title, description) followed by the same figures in
// a table, every label escaped, missing or suppressed values said in words and never drawn as numbers.

const HOSTILE = '<script>alert("x")</script> & co';

describe('charts', () => {
  it('escapes every label, series name and title, in the picture and in the table', () => {
    const out = barChart({
      id: 'c1',
      title: `Pass rate by ${HOSTILE}`,
      description: HOSTILE,
      categories: [HOSTILE, 'plain'],
      series: [{ name: HOSTILE, values: [0.5, 0.25], format: (v) => `${v * 100}%` }],
      max: 1,
    }).value;
    expect(out).not.toContain('<script>');
    expect(out).not.toContain('"x"');
    expect(out).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co');
  });

  it('is an image with a title, description and label, followed by its figures in a table', () => {
    const out = barChart({ id: 'c2', title: 'Pass rate', description: 'Two groups', categories: ['a', 'b'], series: [{ name: 'Rate', values: [0.5, 1], format: String }] }).value;
    expect(out).toMatch(/<svg [^>]*role="img"[^>]*aria-label="Pass rate"[^>]*aria-describedby="c2-desc"/);
    expect(out).toContain('<title id="c2-title">Pass rate</title><desc id="c2-desc">Two groups</desc>');
    expect(out).toMatch(/<\/svg>\s*<details class="chart-data"><summary>[^<]+<\/summary><div class="table-wrap"[^>]*><table><caption>Pass rate<\/caption>/);
    expect(out).toContain('<th scope="col">Rate</th>');
    expect(out).toContain('<td>a</td><td>0.5</td>');
  });

  it('shows a suppressed group as words, with no bar and no number', () => {
    const out = barChart({
      id: 'c3',
      title: 'Audit',
      description: 'd',
      categories: ['big', 'small'],
      series: [{ name: 'Ratio', values: [1, null], format: (v) => v.toFixed(2) }],
      notes: [null, 'Suppressed (small group)'],
      flagged: { indexes: [], label: 'below 4/5' },
      threshold: { value: 0.8, label: 'four-fifths' },
      extraColumns: [{ header: 'Decided', cells: ['9', 'Suppressed (small group)'] }],
    }).value;
    expect(out.match(/<rect [^>]*class="bar/g)).toHaveLength(1);
    expect(out).toContain('class="note">Suppressed (small group)</text>');
    expect(out).toContain('<tr><td>small</td><td>Suppressed (small group)</td><td>Suppressed (small group)</td></tr>');
    expect(out).toContain('class="threshold"');
  });

  it('marks flagged bars with a pattern and words, not colour alone', () => {
    const out = barChart({
      id: 'c4',
      title: 'Audit',
      description: 'd',
      categories: ['ref', 'low'],
      series: [{ name: 'Ratio', values: [1, 0.5], format: (v) => v.toFixed(2) }],
      flagged: { indexes: [1], label: 'below 4/5' },
    }).value;
    expect(out).toMatch(/class="bar s0 flagged" fill="url\(#c4-hatch\)"/);
    expect(out).toContain('0.50 ⚠ below 4/5');
  });

  it('breaks the line at a missing point and says why', () => {
    const out = lineChart({
      id: 'c5',
      title: 'Trend',
      description: 'd',
      points: [
        { label: '2026-Q1', value: 0.5, detail: '5 of 10 passed' },
        { label: '2026-Q2', value: null, note: 'suppressed' },
        { label: '2026-Q3', value: 0.75 },
      ],
      max: 1,
      format: (v) => `${v * 100}%`,
      valueHeader: 'Pass rate',
    }).value;
    expect(out.match(/class="line"/g) ?? []).toHaveLength(0);
    expect(out).toContain('class="gap-mark"');
    expect(out).toContain('class="note">No point: suppressed</text>');
    expect(out).toContain('<tr><td>2026-Q2</td><td>suppressed</td><td>—</td></tr>');
    expect(out).toContain('<tr><td>2026-Q1</td><td>50%</td><td>5 of 10 passed</td></tr>');
  });

  it('draws a funnel with each step’s count and share of the first', () => {
    const out = funnelChart({ id: 'c6', title: 'Funnel', description: 'd', steps: [{ label: 'Enrolled', value: 10 }, { label: 'Certified', value: 4, note: '60% lost' }] }).value;
    expect(out).toContain('<tr><td>Certified</td><td>4</td><td>40%</td><td>60% lost</td></tr>');
    expect(out).toContain('class="value">4</text>');
  });

  it('shortens long labels in the picture only', () => {
    expect(shorten('a'.repeat(30))).toBe(`${'a'.repeat(15)}…`);
    const out = barChart({ id: 'c7', title: 't', description: 'd', categories: ['b'.repeat(30)], series: [{ name: 'n', values: [1], format: String }] }).value;
    expect(out).toContain(`<td>${'b'.repeat(30)}</td>`);
  });
});
