import { describe, expect, it } from 'vitest';
import { rubric } from '../../demo/program.js';
import { checkScores, decide, type Rubric, type Scores } from '../../domain/rubric.js';

// Demo rubric: levels 1–4; architecture-design and security are critical with threshold 3;
// cost-optimisation and communication are not critical, threshold 2; pass average 2.5.
const scores = (design: number, security: number, cost: number, communication: number): Scores => ({
  'architecture-design': design,
  security,
  'cost-optimisation': cost,
  communication,
});

describe('checkScores', () => {
  it('accepts a level on the scale for every criterion', () => {
    expect(checkScores(rubric, scores(3, 3, 2, 2))).toBeNull();
    expect(checkScores(rubric, scores(1, 1, 1, 1))).toBeNull();
    expect(checkScores(rubric, scores(4, 4, 4, 4))).toBeNull();
  });

  it('names a criterion that has no score', () => {
    const { security: _omitted, ...rest } = scores(3, 3, 3, 3);
    const problem = checkScores(rubric, rest);
    expect(problem).not.toBeNull();
    expect(problem).toContain('security');
  });

  it('rejects empty scores', () => {
    expect(checkScores(rubric, {})).toContain('architecture-design');
  });

  it.each([
    ['below the scale', 0],
    ['above the scale', 5],
    ['negative', -1],
    ['not an integer', 2.5],
    ['not a number', Number.NaN],
    ['infinite', Number.POSITIVE_INFINITY],
  ])('names a criterion whose level is %s', (_case, level) => {
    const problem = checkScores(rubric, { ...scores(3, 3, 3, 3), communication: level });
    expect(problem).not.toBeNull();
    expect(problem).toContain('communication');
  });

  it('names a score for a criterion the rubric does not have', () => {
    const problem = checkScores(rubric, { ...scores(3, 3, 3, 3), creativity: 4 });
    expect(problem).not.toBeNull();
    expect(problem).toContain('creativity');
  });
});

describe('decide', () => {
  it('passes when every critical criterion meets its threshold and the average reaches the pass mark', () => {
    const decision = decide(rubric, scores(3, 4, 3, 3));
    expect(decision).toMatchObject({ outcome: 'passed', average: 3.25, belowThreshold: [] });
    expect(decision.rationale).toContain('3.25');
  });

  it('passes exactly at the thresholds and the pass mark', () => {
    expect(decide(rubric, scores(3, 3, 2, 2))).toMatchObject({ outcome: 'passed', average: 2.5, belowThreshold: [] });
  });

  it('fails when a critical criterion is below its threshold, however high the average', () => {
    const decision = decide(rubric, scores(2, 4, 4, 4));
    expect(decision).toMatchObject({ outcome: 'not_passed', average: 3.5, belowThreshold: ['architecture-design'] });
    expect(decision.rationale).toContain('Architecture design');
    expect(decision.rationale).not.toContain('Security');
  });

  it('lists every critical criterion that missed', () => {
    const decision = decide(rubric, scores(1, 2, 4, 4));
    expect(decision.outcome).toBe('not_passed');
    expect(decision.belowThreshold).toEqual(['architecture-design', 'security']);
    expect(decision.rationale).toContain('Architecture design');
    expect(decision.rationale).toContain('Security');
  });

  it('fails when the average is below the pass mark even though every critical criterion met its threshold', () => {
    const decision = decide(rubric, scores(3, 3, 1, 1));
    expect(decision).toMatchObject({
      outcome: 'not_passed',
      average: 2,
      belowThreshold: ['cost-optimisation', 'communication'],
    });
    expect(decision.rationale).toContain('2.5');
  });

  it('does not fail on a non-critical criterion below its threshold alone', () => {
    const decision = decide(rubric, scores(4, 4, 1, 4));
    expect(decision).toMatchObject({ outcome: 'passed', average: 3.25, belowThreshold: ['cost-optimisation'] });
  });

  it('rounds the average to two decimals', () => {
    const three: Rubric = {
      levels: { min: 1, max: 4, labels: {} },
      criteria: ['a', 'b', 'c'].map((key) => ({ key, title: key.toUpperCase(), description: '', threshold: 1, critical: false })),
      passAverage: 2,
    };
    expect(decide(three, { a: 3, b: 3, c: 4 }).average).toBe(3.33);
    expect(decide(three, { a: 1, b: 2, c: 2 }).average).toBe(1.67);
    expect(decide(three, { a: 2, b: 2, c: 3 }).average).toBe(2.33);
    expect(decide(three, { a: 4, b: 4, c: 4 }).average).toBe(4);
  });

  it('is deterministic and does not change its inputs', () => {
    const input = Object.freeze(scores(3, 2, 4, 1));
    const before = structuredClone(rubric);
    expect(decide(rubric, input)).toEqual(decide(rubric, input));
    expect(input).toEqual(scores(3, 2, 4, 1));
    expect(rubric).toEqual(before);
  });
});
