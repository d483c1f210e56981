import { EvidenceFormat } from './journey.js';
import { firstScoreProblem, type Rubric, type Scores } from './rubric.js';

// What makes a calibration exercise and a sheet of levels for it acceptable (services/calibration-exercises.ts).
// Pure, so the rules are pinned by unit tests; every problem names the input field it is about, down to
// the criterion (`scores.security`), so a form can put the message next to the right select.

export const EXERCISE_FORMATS: readonly string[] = Object.values(EvidenceFormat);
export const EXERCISE_LIMITS = { title: { min: 3, max: 200 }, content: { min: 20, max: 20_000 }, comment: 2_000 } as const;

export interface FieldProblem {
  path: string;
  message: string;
}

export interface ExerciseDraft {
  title: string;
  format: string;
  content: string;
  closesAt?: Date | null;
}

/** The first problem with an exercise's own fields (the rubric is checked with checkLevels), or null. */
export function checkExerciseDraft(draft: ExerciseDraft, now: Date): FieldProblem | null {
  const { title, content } = EXERCISE_LIMITS;
  const length = (s: string) => s.trim().length;
  if (length(draft.title) < title.min || length(draft.title) > title.max) return { path: 'title', message: `A title of ${title.min} to ${title.max} characters.` };
  if (!EXERCISE_FORMATS.includes(draft.format)) return { path: 'format', message: `The format is one of ${EXERCISE_FORMATS.join(', ')}.` };
  if (length(draft.content) < content.min || length(draft.content) > content.max) {
    return { path: 'content', message: `The benchmark evidence, ${content.min} to ${content.max} characters (a video by its link).` };
  }
  if (draft.closesAt && draft.closesAt.getTime() <= now.getTime()) return { path: 'closesAt', message: 'The closing time must be in the future.' };
  return null;
}

/**
 * The first problem with a set of levels against the exercise's rubric, or null: every criterion scored,
 * each an integer on the scale, nothing that is not a criterion. `field` is the input it came in
 * (`scores` for an assessor's sheet, `reference` for the committee's agreed answer).
 */
export function checkLevels(rubric: Rubric, levels: Scores, field: string): FieldProblem | null {
  const problem = firstScoreProblem(rubric, levels);
  if (!problem) return null;
  if (problem.kind === 'unknown') return { path: `${field}.${problem.key}`, message: `"${problem.key}" is not a criterion of this exercise's rubric.` };
  const { criterion, level } = problem;
  const path = `${field}.${criterion.key}`;
  if (problem.kind === 'missing') return { path, message: `"${criterion.title}" has no level.` };
  return { path, message: `"${criterion.title}" takes a whole level from ${rubric.levels.min} to ${rubric.levels.max}, not ${level}.` };
}

/** Whether sheets are still taken: not closed, and before its closing time if it has one. */
export const isExerciseOpen = (exercise: { closedAt: Date | null; closesAt: Date | null }, now: Date): boolean =>
  exercise.closedAt === null && (exercise.closesAt === null || exercise.closesAt.getTime() > now.getTime());
