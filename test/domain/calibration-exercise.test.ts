import { describe, expect, it } from 'vitest';
import { rubric } from '../../demo/program.js';
import { checkExerciseDraft, checkLevels, isExerciseOpen } from '../../domain/calibration-exercise.js';

// Demo rubric: levels 1–4 on architecture-design, security, cost-optimisation, communication.
const NOW = new Date('2026-12-01T09:00:00.000Z');
const all = (level: number) => ({ 'architecture-design': level, security: level, 'cost-optimisation': level, communication: level });
const draft = { title: 'Payments landing zone', format: 'written_report', content: 'A landing-zone design with guardrails and a cost model.' };

describe('checkLevels', () => {
  it('accepts every criterion on the scale', () => {
    expect(checkLevels(rubric, all(1), 'scores')).toBeNull();
    expect(checkLevels(rubric, all(4), 'reference')).toBeNull();
  });

  it('names the field and the criterion of the first problem', () => {
    expect(checkLevels(rubric, { ...all(3), security: 5 }, 'scores')?.path).toBe('scores.security');
    expect(checkLevels(rubric, { ...all(3), communication: 2.5 }, 'scores')?.path).toBe('scores.communication');
    expect(checkLevels(rubric, { ...all(3), 'cost-optimisation': 0 }, 'reference')?.path).toBe('reference.cost-optimisation');
    const { security: _left, ...missing } = all(3);
    expect(checkLevels(rubric, missing, 'scores')).toMatchObject({ path: 'scores.security', message: expect.stringContaining('no level') });
    expect(checkLevels(rubric, { ...all(3), charisma: 4 }, 'scores')?.path).toBe('scores.charisma');
  });
});

describe('checkExerciseDraft', () => {
  it('accepts a titled benchmark in a known format', () => {
    expect(checkExerciseDraft(draft, NOW)).toBeNull();
    expect(checkExerciseDraft({ ...draft, closesAt: new Date('2026-12-08T00:00:00.000Z') }, NOW)).toBeNull();
  });

  it('names the field at fault', () => {
    expect(checkExerciseDraft({ ...draft, title: ' x ' }, NOW)?.path).toBe('title');
    expect(checkExerciseDraft({ ...draft, format: 'essay' }, NOW)?.path).toBe('format');
    expect(checkExerciseDraft({ ...draft, content: 'too short' }, NOW)?.path).toBe('content');
    expect(checkExerciseDraft({ ...draft, closesAt: NOW }, NOW)?.path).toBe('closesAt');
  });
});

describe('isExerciseOpen', () => {
  it('takes sheets until closed or until its closing time', () => {
    expect(isExerciseOpen({ closedAt: null, closesAt: null }, NOW)).toBe(true);
    expect(isExerciseOpen({ closedAt: null, closesAt: new Date('2026-12-01T09:00:01.000Z') }, NOW)).toBe(true);
    expect(isExerciseOpen({ closedAt: null, closesAt: NOW }, NOW)).toBe(false);
    expect(isExerciseOpen({ closedAt: new Date('2026-11-30T00:00:00.000Z'), closesAt: null }, NOW)).toBe(false);
  });
});
