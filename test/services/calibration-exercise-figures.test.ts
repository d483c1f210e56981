import { describe, expect, it } from 'vitest';
import { rubric } from '../../demo/program.js';
import { compareSheet, summariseExercise } from '../../services/calibration-exercise-figures.js';

// The figures of a calibration exercise, worked by hand on the demo rubric (levels 1–4; criteria
// architecture-design, security, cost-optimisation, communication). The end-to-end run through GraphQL,
// with alpha worked out too, is test/graphql/calibration-exercises.test.ts.

const sheet = (assessorId: string, levels: number[]) => ({
  assessorId,
  scores: { 'architecture-design': levels[0]!, security: levels[1]!, 'cost-optimisation': levels[2]!, communication: levels[3]! },
});
const reference = sheet('committee', [3, 3, 2, 3]).scores;

describe('compareSheet', () => {
  it('holds back the others below three sheets, but compares with the reference', () => {
    const a = sheet('a', [3, 2, 2, 4]);
    const compared = compareSheet(rubric, reference, [a, sheet('b', [1, 1, 1, 1])], a);
    // `sheets` counts what is compared: b's sheet is not released until a batch of three is in.
    expect(compared).toMatchObject({ sheets: 1, heldBack: true, severity: null, matchesReference: 2 });
    expect(compared.criteria.every((c) => c.distribution === null && c.mean === null && c.othersMean === null && c.deviation === null)).toBe(true);
    expect(compared.criteria.map((c) => [c.mine, c.reference])).toEqual([[3, 3], [2, 3], [2, 2], [4, 3]]);
  });

  it('from three sheets gives the distribution, the mean, the others mean and the deviation', () => {
    // security: a 2, b 4, c 3, d 3 → distribution 1:0 2:1 3:2 4:1, mean 3, others of a (4+3+3)/3 = 3.333, a's deviation -1.333.
    // a's deviations: design 3 - 8/3, security 2 - 10/3, cost 2 - 2, communication 4 - 3 → severity (1/3 - 4/3 + 0 + 1) / 4 = 0.
    // a scored fourth, after the first batch of three was released: a's sheet and those three.
    const a = sheet('a', [3, 2, 2, 4]);
    const sheets = [sheet('b', [2, 4, 2, 3]), sheet('c', [3, 3, 2, 3]), sheet('d', [3, 3, 2, 3]), a];
    const compared = compareSheet(rubric, null, sheets, a);
    expect(compared).toMatchObject({ sheets: 4, heldBack: false, severity: 0, matchesReference: null });
    expect(compared.criteria[1]).toEqual({
      criterion: 'security',
      title: rubric.criteria[1]!.title,
      mine: 2,
      reference: null,
      distribution: [{ level: 1, count: 0 }, { level: 2, count: 1 }, { level: 3, count: 2 }, { level: 4, count: 1 }],
      mean: 3,
      othersMean: 3.333,
      deviation: -1.333,
    });
  });
  it('takes in the others\' sheets in whole batches of three, so no single sheet can be read off a change', () => {
    // Polling before and after one more sheet came in would otherwise give that sheet's levels exactly.
    const [a, b, c, d, e, f] = [sheet('a', [3, 3, 3, 3]), sheet('b', [2, 2, 2, 2]), sheet('c', [4, 4, 4, 4]), sheet('d', [1, 1, 1, 1]), sheet('e', [2, 3, 2, 3]), sheet('f', [4, 3, 4, 3])] as const;
    const view = (sheets: ReturnType<typeof sheet>[], mine: ReturnType<typeof sheet>) => compareSheet(rubric, null, sheets, mine);
    const first = view([a, b, c], a);
    expect(first).toMatchObject({ sheets: 3, heldBack: false });
    expect(first.criteria[0]!.othersMean).toBe(3);
    // d comes in, then e: a's figures do not move.
    expect(view([a, b, c, d], a)).toEqual(first);
    expect(view([a, b, c, d, e], a)).toEqual(first);
    // With f the second batch is released: the change covers d, e and f together.
    const second = view([a, b, c, d, e, f], a);
    expect(second).toMatchObject({ sheets: 6 });
    expect(second.criteria[0]!.othersMean).toBe(2.6);
    // d, in the second batch, sees the first batch at once; then e and f together, never one alone.
    expect(view([a, b, c, d], d)).toMatchObject({ sheets: 4 });
    expect(view([a, b, c, d, e], d)).toEqual(view([a, b, c, d], d));
    expect(view([a, b, c, d, e, f], d)).toMatchObject({ sheets: 6 });
    // Below a first batch nobody sees the others, whoever scored first.
    expect(view([a, b], b)).toMatchObject({ sheets: 1, heldBack: true });
  });
});

describe('summariseExercise', () => {
  it('gives the committee each sheet with its deviations, and pairwise agreement per criterion', () => {
    const sheets = [sheet('a', [3, 2, 2, 4]), sheet('b', [2, 4, 2, 3]), sheet('c', [3, 3, 2, 3]), sheet('d', [3, 3, 2, 3])];
    const summary = summariseExercise(rubric, reference, sheets);
    // Pairs of four assessors: 6. design 3,2,3,3 → 3 pairs agree; security 2,4,3,3 → 1; cost all 2 → 6; communication 4,3,3,3 → 3.
    expect(summary.criteria.map((c) => c.agreement)).toEqual([0.5, 0.167, 1, 0.5]);
    expect(summary.criteria[2]).toMatchObject({ mean: 2, min: 2, max: 2, reference: 2 });
    expect(summary.assessors[0]).toMatchObject({
      assessorId: 'a',
      severity: 0,
      matchesReference: 2,
      deviations: [
        { criterion: 'architecture-design', level: 3, deviation: 0.333 },
        { criterion: 'security', level: 2, deviation: -1.333 },
        { criterion: 'cost-optimisation', level: 2, deviation: 0 },
        { criterion: 'communication', level: 4, deviation: 1 },
      ],
    });
  });

  it('has no agreement, alpha or deviation for a lone sheet', () => {
    const summary = summariseExercise(rubric, null, [sheet('a', [3, 3, 3, 3])]);
    expect(summary).toMatchObject({ sheets: 1, alpha: null });
    expect(summary.criteria.every((c) => c.agreement === null)).toBe(true);
    expect(summary.assessors[0]).toMatchObject({ severity: null, matchesReference: null });
    expect(summary.assessors[0]!.deviations.every((d) => d.deviation === null)).toBe(true);
  });
});
