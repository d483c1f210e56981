import { describe, expect, it } from 'vitest';
import { parseQuarter } from '../../../domain/quarter.js';
import {
  assessorCalibration,
  assessorCounts,
  type CalibrationDataset,
  calibrationReport,
  criterionReliability,
  type PanelScoreRecord,
  panels,
} from '../../../services/analytics/calibration.js';
import { bootstrapAlpha, bootstrapAlphaByCluster, coincidences, krippendorffAlpha, pairable, type UnitValues } from '../../../services/analytics/reliability.js';
import { seededRandom } from '../../../domain/seeded-random.js';

// Krippendorff's alpha against published figures and hand-worked cases, its bootstrap interval, and the
// calibration report's severity, agreement and suppression on datasets whose answers are worked out below.

/** Rows are coders, columns units; null is a missing value. */
const byUnit = (matrix: (number | null)[][]): UnitValues[] => matrix[0]!.map((_, u) => matrix.flatMap((row) => (row[u] === null || row[u] === undefined ? [] : [row[u]!])));

// Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", the example with missing values:
// four observers, twelve units; unit 12 has one value only and so is not pairable.
const _ = null;
const KRIPPENDORFF_2011 = byUnit([
  [1, 2, 3, 3, 2, 1, 4, 1, 2, _, _, _],
  [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, _, 3],
  [_, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, _],
  [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, _],
]);

describe("Krippendorff's alpha", () => {
  it("reproduces the paper's figures: nominal 0.743, ordinal 0.815, interval 0.849", () => {
    expect(krippendorffAlpha(KRIPPENDORFF_2011, 'nominal')).toBeCloseTo(0.743, 3);
    expect(krippendorffAlpha(KRIPPENDORFF_2011, 'ordinal')).toBeCloseTo(0.815, 3);
    expect(krippendorffAlpha(KRIPPENDORFF_2011, 'interval')).toBeCloseTo(0.849, 3);
    // 11 pairable units holding 40 values (the paper's n = 40).
    expect(pairable(KRIPPENDORFF_2011)).toEqual({ units: 11, values: 40 });
  });

  // Units (1,1) (1,3) (1,2,3) (2,2) and (2), which has one value and counts for nothing. Coincidences:
  // (1,1) adds 2 to o11; (1,3) adds 1 to o13 and o31; (1,2,3) adds 1/2 to each of its six ordered pairs;
  // (2,2) adds 2 to o22. So o = [[2, .5, 1.5], [.5, 2, .5], [1.5, .5, 0]], n1 = 4, n2 = 3, n3 = 2, n = 9,
  // and alpha = 1 - (n - 1) Σ o·δ² / Σ n_c·n_k·δ²:
  //   nominal   δ² = 1 off the diagonal: Do = 5, De = 2(12 + 8 + 6) = 52; 1 - 8·5/52 = 3/13
  //   interval  δ²12 = δ²23 = 1, δ²13 = 4: Do = 2(.5 + 6 + .5) = 14, De = 2(12 + 32 + 6) = 100; 1 - 112/100 = -0.12
  //   ordinal   δ²12 = (4 + 3 - 7/2)² = 12.25, δ²23 = (3 + 2 - 5/2)² = 6.25, δ²13 = (9 - 3)² = 36:
  //             Do = 2(6.125 + 54 + 3.125) = 126.5, De = 2(147 + 288 + 37.5) = 945; 1 - 1012/945 = -67/945
  const SMALL: UnitValues[] = [[1, 1], [1, 3], [1, 2, 3], [2, 2], [2]];

  it('matches a small case worked by hand, a single value counting for nothing', () => {
    expect(coincidences(SMALL)).toEqual({ values: [1, 2, 3], matrix: [[2, 0.5, 1.5], [0.5, 2, 0.5], [1.5, 0.5, 0]] });
    expect(krippendorffAlpha(SMALL, 'nominal')).toBeCloseTo(3 / 13, 12);
    expect(krippendorffAlpha(SMALL, 'interval')).toBeCloseTo(-0.12, 12);
    expect(krippendorffAlpha(SMALL, 'ordinal')).toBeCloseTo(-67 / 945, 12);
    expect(pairable(SMALL)).toEqual({ units: 4, values: 9 });
  });

  it('is 1 for perfect agreement with variation, and undefined without variation or pairs', () => {
    expect(krippendorffAlpha([[1, 1], [3, 3, 3], [2, 2]])).toBe(1);
    expect(krippendorffAlpha([[2, 2], [2, 2, 2]])).toBeNull();
    expect(krippendorffAlpha([[1], [2], [3]])).toBeNull();
    expect(krippendorffAlpha([])).toBeNull();
  });
});

describe('bootstrap interval', () => {
  it('is reproducible with the same seed and contains the point estimate', () => {
    const first = bootstrapAlpha(KRIPPENDORFF_2011, { random: seededRandom(7) });
    const again = bootstrapAlpha(KRIPPENDORFF_2011, { random: seededRandom(7) });
    expect(again).toEqual(first);
    expect(first.alpha).toBeCloseTo(0.815, 3);
    expect(first.resamples).toBeGreaterThan(950);
    expect(first.lower!).toBeLessThanOrEqual(first.alpha!);
    expect(first.upper!).toBeGreaterThanOrEqual(first.alpha!);
    expect(first.lower!).toBeLessThan(first.upper!);
    expect(bootstrapAlpha(KRIPPENDORFF_2011, { random: seededRandom(8) })).not.toEqual(first);
  });

  it('narrows with more units and widens with higher confidence', () => {
    const many = Array.from({ length: 5 }, () => KRIPPENDORFF_2011).flat();
    const width = (i: { lower: number | null; upper: number | null }) => i.upper! - i.lower!;
    const small = bootstrapAlpha(KRIPPENDORFF_2011, { random: seededRandom(1) });
    const large = bootstrapAlpha(many, { random: seededRandom(1) });
    // Alpha itself moves a little: its small-sample correction (n - 1) depends on n.
    expect(large.alpha).toBeCloseTo(small.alpha!, 1);
    expect(width(large)).toBeLessThan(width(small));
    expect(width(bootstrapAlpha(many, { random: seededRandom(1), confidence: 0.99 }))).toBeGreaterThan(width(large));
  });

  it('resamples clusters of units together, which widens the interval when units in a cluster move together', () => {
    const single = bootstrapAlpha(KRIPPENDORFF_2011, { random: seededRandom(3) });
    expect(bootstrapAlphaByCluster(KRIPPENDORFF_2011.map((u) => [u]), { random: seededRandom(3) })).toEqual(single);
    // Each unit scored on three criteria alike: resampled one by one, the copies look like independent evidence.
    const copies = KRIPPENDORFF_2011.map((u) => [u, u, u]);
    const apart = bootstrapAlpha(copies.flat(), { random: seededRandom(3) });
    const together = bootstrapAlphaByCluster(copies, { random: seededRandom(3) });
    expect(together.alpha).toBe(apart.alpha);
    expect(together.upper! - together.lower!).toBeGreaterThan(apart.upper! - apart.lower!);
  });
});

// Three assessors a, b, c; criteria x and y; deviations from the mean of the *other* panel members:
//   s1  x: a 2, b 3, c 4   a: 2 - 3.5 = -1.5   b: 3 - 3 = 0   c: 4 - 2.5 = +1.5
//       y: a 3, b 3        a: 0                b: 0
//   s2  x: a 1, b 3        a: -2               b: +2
//   s3  x: a 3, c 3        a: 0                c: 0
//   s4  x: a 2 alone: no consensus, not counted
//   a: submissions 3, deviations -1.5 0 -2 0: severity -3.5/4 = -0.875, within one level 2/4 = 0.5
//   b: submissions 2, deviations 0 0 2:       severity 2/3 = 0.6667,     agreement 2/3 = 0.6667
//   c: submissions 2, deviations 1.5 0:       severity 0.75,              agreement 1/2 = 0.5
const at = new Date('2026-08-01T00:00:00.000Z');
const score = (submissionId: string, assessorId: string, scores: Record<string, number>, submittedAt = at): PanelScoreRecord => ({ submissionId, round: 1, assessorId, submittedAt, scores });
const HAND: PanelScoreRecord[] = [
  score('s1', 'a', { x: 2, y: 3 }),
  score('s1', 'b', { x: 3, y: 3 }),
  score('s1', 'c', { x: 4 }),
  score('s2', 'a', { x: 1 }),
  score('s2', 'b', { x: 3 }),
  score('s3', 'a', { x: 3 }),
  score('s3', 'c', { x: 3 }),
  score('s4', 'a', { x: 2 }),
];
const NAMES = new Map([['a', 'Ada'], ['b', 'Bo'], ['c', 'Cy']]);

describe('assessor severity and agreement', () => {
  it('compares each score with the mean of the other panel members', () => {
    expect(assessorCalibration(panels(HAND), ['x', 'y'], NAMES, 2)).toEqual([
      { assessorId: 'a', name: 'Ada', suppressed: false, submissions: 3, comparisons: 4, severity: -0.875, agreement: 0.5 },
      { assessorId: 'b', name: 'Bo', suppressed: false, submissions: 2, comparisons: 3, severity: 0.6667, agreement: 0.6667 },
      { assessorId: 'c', name: 'Cy', suppressed: false, submissions: 2, comparisons: 2, severity: 0.75, agreement: 0.5 },
    ]);
  });

  it('hides assessors with too few submissions behind one unnamed row', () => {
    expect(assessorCalibration(panels(HAND), ['x', 'y'], NAMES, 3)).toEqual([
      { assessorId: 'a', name: 'Ada', suppressed: false, submissions: 3, comparisons: 4, severity: -0.875, agreement: 0.5 },
      { assessorId: null, name: null, suppressed: true, submissions: null, comparisons: null, severity: null, agreement: null },
    ]);
  });

  it('treats a reassessment round as a panel of its own', () => {
    const rows = [score('s1', 'a', { x: 1 }), { ...score('s1', 'b', { x: 4 }), round: 2 }];
    expect(panels(rows)).toHaveLength(2);
    expect(assessorCalibration(panels(rows), ['x'], NAMES, 1)).toEqual([]);
  });
});

/**
 * A program's year of panels, seeded: 40 submissions, each scored by three of six assessors on two
 * criteria, the level the candidate's work deserves (2 to 4) give or take one now and then (one score
 * in ten on design, four in ten on security); "harsh" scores a level lower than deserved on both.
 * Submissions 0..19 are scored in 2026-Q2, 20..39 in 2026-Q3.
 */
function seededDataset(): CalibrationDataset {
  const random = seededRandom(2026);
  const assessors = ['harsh', 'p1', 'p2', 'p3', 'p4', 'p5'];
  const scores: PanelScoreRecord[] = [];
  for (let s = 0; s < 40; s++) {
    const deserved = 2 + Math.floor(random() * 3);
    const start = Math.floor(random() * assessors.length);
    const panel = [0, 1, 2].map((i) => assessors[(start + i) % assessors.length]!);
    const submittedAt = new Date(Date.UTC(2026, s < 20 ? 4 : 7, 1 + (s % 20)));
    for (const assessorId of panel) {
      const bias = assessorId === 'harsh' ? -1 : 0;
      const level = (noise: number) => Math.min(4, Math.max(1, deserved + bias + (random() < noise ? (random() < 0.5 ? -1 : 1) : 0)));
      scores.push(score(`sub-${s}`, assessorId, { design: level(0.1), security: level(0.4) }, submittedAt));
    }
  }
  return { criteria: [{ key: 'design', title: 'Design' }, { key: 'security', title: 'Security' }], scores, assessorNames: new Map(assessors.map((a) => [a, a.toUpperCase()])) };
}

describe('calibration report', () => {
  const dataset = seededDataset();
  const q3 = (() => {
    const parsed = parseQuarter('2026-Q3');
    if (!parsed.ok) throw new Error('bad quarter');
    return parsed.value;
  })();

  it('gives every criterion an alpha with an interval, and finds the harsh assessor', () => {
    const report = calibrationReport('p', dataset, null);
    expect(report).toMatchObject({ quarter: null, level: 'ordinal', minGroupSize: 5, minUnits: 10, minSubmissions: 5, resamples: 1000, confidence: 0.95 });
    for (const row of [...report.criteria, report.overall]) {
      expect(row.suppressed).toBe(false);
      expect(row.units).toBe(row.criterion === null ? 80 : 40);
      expect(row.lower!).toBeLessThanOrEqual(row.alpha!);
      expect(row.upper!).toBeGreaterThanOrEqual(row.alpha!);
    }
    // Security's scores are noisier: its panels agree less.
    const [design, security] = report.criteria;
    expect(security!.alpha!).toBeLessThan(design!.alpha!);
    const harsh = report.assessors.find((a) => a.assessorId === 'harsh')!;
    expect(harsh.severity!).toBeLessThan(-0.5);
    for (const other of report.assessors.filter((a) => a.assessorId !== 'harsh')) expect(Math.abs(other.severity!)).toBeLessThan(0.5);
    expect(assessorCounts(report)).toEqual({ assessed: 6, harsher: 1, moreLenient: 0 });
    // Same data, same figures: the bootstrap is seeded.
    expect(calibrationReport('p', dataset, null)).toEqual(report);
  });

  it('keeps to the quarter in which each panel finished scoring', () => {
    const report = calibrationReport('p', dataset, q3);
    expect(report.quarter).toBe('2026-Q3');
    expect(report.criteria.map((c) => c.units)).toEqual([20, 20]);
  });

  it('suppresses alpha below twice the minimum group size of pairable units, assessors below it, and counts below it', () => {
    const thin = { ...dataset, scores: dataset.scores.filter((s) => Number(s.submissionId.slice(4)) < 9) };
    const report = calibrationReport('p', thin, null);
    expect(report.criteria).toEqual([
      { criterion: 'design', title: 'Design', suppressed: true, units: null, values: null, alpha: null, lower: null, upper: null },
      { criterion: 'security', title: 'Security', suppressed: true, units: null, values: null, alpha: null, lower: null, upper: null },
    ]);
    // Pooled, the two criteria make 18 units: enough.
    expect(report.overall).toMatchObject({ suppressed: false, units: 18 });
    expect(assessorCounts(report)).toEqual({ assessed: null, harsher: null, moreLenient: null });
    // A larger asked size raises every threshold; the deployment's floor is never undercut.
    expect(calibrationReport('p', dataset, null, { minGroupSize: 25 }).criteria.every((c) => c.suppressed)).toBe(true);
    expect(calibrationReport('p', thin, null, { minGroupSize: 2 }).minGroupSize).toBe(5);
    expect(criterionReliability({ key: 'x', title: 'X' }, [[[1, 2]], [[2, 2]]], 2, {}).suppressed).toBe(false);
  });
});
