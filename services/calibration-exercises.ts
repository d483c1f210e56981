import { ErrorCode, fail, ok, type Result } from '../domain/errors.js';
import { EvidenceFormat } from '../domain/journey.js';
import { checkScores, type Rubric, type Scores } from '../domain/rubric.js';
import { Role, type Viewer } from '../domain/viewer.js';
import { Prisma, type CalibrationExercise, type PrismaClient } from '../prisma/client.js';
import { isUniqueViolation } from '../prisma/errors.js';
import { actingAs } from './access.js';
import { compareSheet, type ExerciseComparison, type ExerciseSummary, summariseExercise } from './analytics/calibration-exercise.js';

// Calibration exercises (issue 17): the committee or HR puts up one benchmark submission with a pathway's
// rubric, assessors score it once each, and each sees how their levels compare only after giving their
// own, so nobody anchors on the others. The exercise belongs to no candidate: its own tables, read by no
// journey, assessment or calibration report. Who may do what:
//   create, close, read every sheet: committee members with a current term, and HR
//   score and compare: people with the assessor role (a sheet each, never changed)

const MAX_TEXT = 20_000;
const FORMATS: readonly string[] = Object.values(EvidenceFormat);

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

/** Whether sheets are still taken: not closed, and before its closing time. */
export const isOpen = (exercise: Pick<CalibrationExercise, 'closedAt' | 'closesAt'>, now: Date): boolean =>
  exercise.closedAt === null && (exercise.closesAt === null || exercise.closesAt.getTime() > now.getTime());

export function createCalibrationExercises({ prisma, now = () => new Date() }: { prisma: PrismaClient; now?: () => Date }) {
  return {
    async create(viewer: Viewer, input: CreateExerciseInput): Promise<Result<CalibrationExercise>> {
      if (!(await runsExercises(prisma, viewer))) return fail(ErrorCode.Forbidden, 'Only committee members with a current term and HR set calibration exercises.');
      const title = input.title.trim();
      const content = input.content.trim();
      if (title.length < 3 || title.length > 200) return fail(ErrorCode.InvalidInput, 'A title of 3 to 200 characters.', 'title');
      if (!FORMATS.includes(input.format)) return fail(ErrorCode.InvalidInput, `The format is one of ${FORMATS.join(', ')}.`, 'format');
      if (content.length < 20 || content.length > MAX_TEXT) return fail(ErrorCode.InvalidInput, `The benchmark evidence, 20 to ${MAX_TEXT} characters (a video by its link).`, 'content');
      const pathway = await prisma.pathway.findUnique({ where: { id: input.pathwayId }, select: { programId: true, rubric: true, retiredAt: true } });
      if (!pathway || pathway.programId !== input.programId || pathway.retiredAt) return fail(ErrorCode.InvalidInput, `Pathway ${input.pathwayId} is not a current pathway of program ${input.programId}.`, 'pathwayId');
      const rubric = pathway.rubric as unknown as Rubric;
      const reference = input.reference ?? null;
      if (reference) {
        const problem = checkScores(rubric, reference);
        if (problem) return fail(ErrorCode.InvalidInput, `The reference levels: ${problem}.`, 'reference');
      }
      if (input.closesAt && input.closesAt.getTime() <= now().getTime()) return fail(ErrorCode.InvalidInput, 'The closing time must be in the future.', 'closesAt');
      const exercise = await prisma.calibrationExercise.create({
        data: {
          programId: input.programId,
          pathwayId: input.pathwayId,
          title,
          format: input.format,
          content,
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
      if (!isOpen(exercise, now())) return fail(ErrorCode.NotAllowedInStage, 'This calibration exercise is closed.', 'exerciseId');
      const problem = checkScores(rubricOf(exercise), input.scores);
      if (problem) return fail(ErrorCode.InvalidInput, `The scores: ${problem}.`, 'scores');
      if (input.comment.length > 2000) return fail(ErrorCode.InvalidInput, 'A comment of at most 2,000 characters.', 'comment');
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
      const sheets = await prisma.calibrationSheet.findMany({ where: { exerciseId: exercise.id }, select: { assessorId: true, scores: true } });
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
