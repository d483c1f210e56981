import { checkExerciseDraft, checkLevels, EXERCISE_LIMITS, isExerciseOpen } from '../domain/calibration-exercise.js';
import { ErrorCode, fail, ok, type Result } from '../domain/errors.js';
import type { Rubric, Scores } from '../domain/rubric.js';
import { Role, type Viewer } from '../domain/viewer.js';
import { Prisma, type CalibrationExercise, type PrismaClient } from '../prisma/client.js';
import { isUniqueViolation } from '../prisma/errors.js';
import { actingAs } from './access.js';
import { compareSheet, type ExerciseComparison, type ExerciseSummary, summariseExercise } from './calibration-exercise-figures.js';

// Calibration exercises (issue 17): the committee or HR puts up one benchmark submission with a pathway's
// rubric, assessors score it once each, and each sees how their levels compare only after giving their
// own, so nobody anchors on the others. The exercise belongs to no candidate: its own tables, read by no
// journey, assessment or calibration report. Who may do what:
//   create, close, read every sheet: committee members with a current term, and HR
//   score and compare: people with the assessor role (a sheet each, never changed). Programs do not
//   restrict who assesses them (panels are drawn from every assessor), so neither do exercises.

export interface CreateExerciseInput {
  programId: string;
  pathwayId: string;
  title: string;
  format: string;
  content: string;
  /** The committee's agreed level per criterion, when it has one. */
  reference?: Scores | null;
  closesAt?: Date | null;
}

/** Committee members with a current term, and HR: they set exercises and read every sheet. */
export async function runsExercises(prisma: PrismaClient, viewer: Viewer | null): Promise<boolean> {
  if (!viewer) return false;
  const acting = await actingAs({ prisma, viewer });
  return acting.isHr || acting.isCommittee;
}

export const scoresExercises = (viewer: Viewer | null): boolean => viewer?.roles.includes(Role.Assessor) ?? false;

const rubricOf = (exercise: Pick<CalibrationExercise, 'rubric'>) => exercise.rubric as unknown as Rubric;
const referenceOf = (exercise: Pick<CalibrationExercise, 'reference'>) => (exercise.reference ?? null) as Scores | null;

export function createCalibrationExercises({ prisma, now = () => new Date() }: { prisma: PrismaClient; now?: () => Date }) {
  return {
    async create(viewer: Viewer, input: CreateExerciseInput): Promise<Result<CalibrationExercise>> {
      if (!(await runsExercises(prisma, viewer))) return fail(ErrorCode.Forbidden, 'Only committee members with a current term and HR set calibration exercises.');
      const problem = checkExerciseDraft(input, now());
      if (problem) return fail(ErrorCode.InvalidInput, problem.message, problem.path);
      const pathway = await prisma.pathway.findUnique({ where: { id: input.pathwayId }, select: { programId: true, rubric: true, retiredAt: true, program: { select: { currentVersion: true } } } });
      if (!pathway || pathway.programId !== input.programId || pathway.retiredAt) return fail(ErrorCode.InvalidInput, `Pathway ${input.pathwayId} is not a current pathway of program ${input.programId}.`, 'pathwayId');
      // The rubric is copied, not referenced: a later program version must not change what was scored.
      const rubric = pathway.rubric as unknown as Rubric;
      const reference = input.reference ?? null;
      const wrongReference = reference && checkLevels(rubric, reference, 'reference');
      if (wrongReference) return fail(ErrorCode.InvalidInput, `The reference: ${wrongReference.message}`, wrongReference.path);
      const exercise = await prisma.calibrationExercise.create({
        data: {
          programId: input.programId,
          pathwayId: input.pathwayId,
          programVersion: pathway.program.currentVersion,
          title: input.title.trim(),
          format: input.format,
          content: input.content.trim(),
          rubric: rubric as unknown as Prisma.InputJsonValue,
          reference: reference ?? Prisma.DbNull,
          createdBy: viewer.personId,
          closesAt: input.closesAt ?? null,
        },
      });
      return ok(exercise);
    },

    /** One sheet per assessor, every criterion on the scale; refused once given, after closing, or for anyone but an assessor. */
    async score(viewer: Viewer, input: { exerciseId: string; scores: Scores; comment: string }): Promise<Result<{ exerciseId: string }>> {
      if (!scoresExercises(viewer)) return fail(ErrorCode.Forbidden, 'Only assessors score calibration exercises.');
      const exercise = await prisma.calibrationExercise.findUnique({ where: { id: input.exerciseId } });
      if (!exercise) return fail(ErrorCode.NotFound, `Calibration exercise ${input.exerciseId} does not exist.`, 'exerciseId');
      if (!isExerciseOpen(exercise, now())) return fail(ErrorCode.NotAllowedInStage, 'This calibration exercise is closed.', 'exerciseId');
      const problem = checkLevels(rubricOf(exercise), input.scores, 'scores');
      if (problem) return fail(ErrorCode.InvalidInput, problem.message, problem.path);
      if (input.comment.length > EXERCISE_LIMITS.comment) return fail(ErrorCode.InvalidInput, `A comment of at most ${EXERCISE_LIMITS.comment} characters.`, 'comment');
      try {
        await prisma.calibrationSheet.create({
          data: { exerciseId: exercise.id, assessorId: viewer.personId, scores: input.scores as Prisma.InputJsonValue, comment: input.comment.trim() },
        });
      } catch (error) {
        // The unique (exercise, assessor) decides between two submissions at once: the second is told.
        if (isUniqueViolation(error)) return fail(ErrorCode.Conflict, 'You have scored this exercise already; a sheet is never changed.', 'exerciseId');
        throw error;
      }
      return ok({ exerciseId: exercise.id });
    },

    async close(viewer: Viewer, exerciseId: string): Promise<Result<CalibrationExercise>> {
      if (!(await runsExercises(prisma, viewer))) return fail(ErrorCode.Forbidden, 'Only committee members with a current term and HR close calibration exercises.');
      const closed = await prisma.calibrationExercise.updateMany({ where: { id: exerciseId, closedAt: null }, data: { closedAt: now(), closedBy: viewer.personId } });
      const exercise = await prisma.calibrationExercise.findUnique({ where: { id: exerciseId } });
      if (!exercise) return fail(ErrorCode.NotFound, `Calibration exercise ${exerciseId} does not exist.`, 'exerciseId');
      if (closed.count === 0) return fail(ErrorCode.NotAllowedInStage, 'This calibration exercise is already closed.', 'exerciseId');
      return ok(exercise);
    },

    /** The viewer's own comparison; null until they have scored (no anchoring on the others). */
    async comparison(viewer: Viewer, exercise: CalibrationExercise): Promise<ExerciseComparison | null> {
      // In the order they came in: the others' sheets are released to the comparison in batches of that order.
      const sheets = await prisma.calibrationSheet.findMany({ where: { exerciseId: exercise.id }, orderBy: [{ submittedAt: 'asc' }, { id: 'asc' }], select: { assessorId: true, scores: true } });
      const mine = sheets.find((s) => s.assessorId === viewer.personId);
      if (!mine) return null;
      const asSheet = (s: (typeof sheets)[number]) => ({ assessorId: s.assessorId, scores: s.scores as Scores });
      return compareSheet(rubricOf(exercise), referenceOf(exercise), sheets.map(asSheet), asSheet(mine));
    },

    /** The committee's summary of every sheet. */
    async summary(exercise: CalibrationExercise): Promise<ExerciseSummary> {
      const sheets = await prisma.calibrationSheet.findMany({ where: { exerciseId: exercise.id }, orderBy: { submittedAt: 'asc' }, select: { assessorId: true, scores: true, comment: true } });
      return summariseExercise(rubricOf(exercise), referenceOf(exercise), sheets.map((s) => ({ assessorId: s.assessorId, scores: s.scores as Scores, comment: s.comment })));
    },
  };
}

export type CalibrationExerciseService = ReturnType<typeof createCalibrationExercises>;
