import { describe, expect, it } from 'vitest';
import { parseQuarter } from '../../../domain/quarter.js';
import type { CalibrationDataset, PanelScoreRecord } from '../../../services/analytics/calibration.js';
import { buildQuarterlyReport } from '../../../services/reports/quarterly.js';
import { renderReportCsv, renderReportHtml } from '../../../services/reports/render.js';

// The quarterly report's calibration section: alpha per criterion for the quarter, and about assessors
// only counts, never a name. Submissions in 2026-Q3, the i-th scored by three of harsh, p1..p5 in turn
// (assessors i, i+1, i+2 mod 6): the work deserves 2, 3 or 4 and harsh scores one level lower. On
// "design" that is all; on "talk" the first and last panel member of every other submission also step a
// level apart, one down and one up, so panels agree less there. Two submissions in 2026-Q2 do not count.

const quarter = (name: string) => {
  const parsed = parseQuarter(name);
  if (!parsed.ok) throw new Error('bad quarter');
  return parsed.value;
};

const ASSESSORS = ['harsh', 'p1', 'p2', 'p3', 'p4', 'p5'];

function dataset(submissions: number): CalibrationDataset {
  const scores: PanelScoreRecord[] = [];
  for (let i = 0; i < submissions; i++) {
    const deserved = 2 + (i % 3);
    const submittedAt = new Date(Date.UTC(2026, 7, 1 + i));
    for (let k = 0; k < 3; k++) {
      const assessorId = ASSESSORS[(i + k) % 6]!;
      const level = deserved - (assessorId === 'harsh' ? 1 : 0);
      const apart = i % 2 === 0 && k !== 1 ? (k === 0 ? -1 : 1) : 0;
      scores.push({ submissionId: `s${i}`, round: 1, assessorId, submittedAt, scores: { design: level, talk: Math.max(1, Math.min(4, level + apart)) } });
    }
  }
  for (const id of ['old1', 'old2']) scores.push({ submissionId: id, round: 1, assessorId: 'p1', submittedAt: new Date('2026-05-01T00:00:00Z'), scores: { design: 1 } });
  return { criteria: [{ key: 'design', title: 'Design' }, { key: 'talk', title: 'Talk <b>' }], scores, assessorNames: new Map([['harsh', 'Harriet Harsh']]) };
}

const build = (calibration?: CalibrationDataset) =>
  buildQuarterlyReport({ program: { id: 'p', name: 'P' }, quarter: quarter('2026-Q3'), records: [], decisions: [], audits: [], generatedAt: '2026-10-01T06:00:00.000Z', ...(calibration ? { calibration } : {}) });

describe('quarterly report: calibration', () => {
  const report = build(dataset(20));

  it('gives alpha per criterion for the quarter, and counts of assessors away from their panels', () => {
    const c = report.calibration!;
    expect(c).toMatchObject({ level: 'ordinal', minUnits: 10, confidence: 0.95, assessorsWithFigures: 6, harsherAssessors: 1, moreLenientAssessors: 0 });
    expect(c.criteria.map((r) => r.criterion)).toEqual(['design', 'talk']);
    for (const row of [...c.criteria, c.overall]) {
      expect(row.suppressed).toBe(false);
      expect(row.lower!).toBeLessThanOrEqual(row.alpha!);
      expect(row.upper!).toBeGreaterThanOrEqual(row.alpha!);
      // No counts of submissions: the pass-rate trend may hide the quarter's number of decisions.
      expect(row).not.toHaveProperty('units');
    }
    const [design, talk] = c.criteria;
    expect(talk!.alpha!).toBeLessThan(design!.alpha!);
    expect(talk!.alpha!).toBeLessThan(0.667);
    // After the report's other notes (here: the pass rate is suppressed, there being no decisions).
    expect(report.notes.slice(-2)).toEqual([
      expect.stringMatching(/^Panels agree weakly on "Talk <b>" \(alpha 0\.\d+, below 0\.667\)/),
      expect.stringMatching(/^1 assessor scored more than 0\.5 levels away from their panels/),
    ]);
  });

  it('names no assessor in the HTML or the CSV, and escapes criterion titles', () => {
    const page = renderReportHtml(report);
    const csv = renderReportCsv(report);
    for (const text of [page, csv]) {
      expect(text).not.toMatch(/Harriet|\bharsh\b/);
      expect(text).not.toMatch(/\bp[1-5]\b/);
    }
    expect(page).toContain('<h2>Assessor calibration</h2>');
    expect(page).toContain('Talk &lt;b&gt;');
    expect(page).toContain('Of 6 assessors with enough submissions, 1 scored more than half a level below');
    expect(csv).toMatch(/\r\ncalibration,alpha,design,0\.\d+\r\n/);
    expect(csv).toContain('\r\ncalibration,assessors_harsher,,1\r\n');
  });

  it('suppresses thin quarters and leaves the section out without panel scores', () => {
    const thin = build(dataset(8)).calibration!;
    expect(thin.criteria.every((r) => r.suppressed && r.alpha === null && r.lower === null)).toBe(true);
    expect(thin.overall.suppressed).toBe(false); // 16 criterion-units pooled
    // Eight submissions give each assessor four panels: too few to have figures, so none to count.
    expect(thin).toMatchObject({ assessorsWithFigures: null, harsherAssessors: null, moreLenientAssessors: null });
    expect(renderReportHtml(build(dataset(8)))).toContain('Assessor counts are not shown');
    const without = build();
    expect(without.calibration).toBeNull();
    expect(renderReportHtml(without)).not.toContain('Assessor calibration');
  });
});
