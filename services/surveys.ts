import { ErrorCode, fail, ok, type Result } from '../domain/errors.js';
import type { PrismaClient } from '../prisma/client.js';
import { surveyTokenValid } from './survey-links.js';

// The survey link's two steps: show the form (nothing recorded) and record the answer, once per
// assessment. The response keeps the program, pathway and outcome it is about, never the person.

export interface SurveySubject {
  assessmentId: string;
  programName: string;
}

export interface SurveyAnswer {
  rating: number;
  comment?: string;
}

export const MAX_COMMENT = 2000;

export function createSurveyService({ prisma, linkSecret, now = () => new Date() }: { prisma: PrismaClient; linkSecret: string; now?: () => Date }) {
  async function subject(assessmentId: string, token: string) {
    if (!surveyTokenValid(linkSecret, assessmentId, token)) return fail(ErrorCode.LinkInvalid, 'This survey link is not valid.');
    const assessment = await prisma.assessment.findUnique({
      where: { id: assessmentId },
      select: { id: true, outcome: true, journey: { select: { programId: true, pathwayId: true, program: { select: { name: true } } } } },
    });
    if (!assessment) return fail(ErrorCode.LinkInvalid, 'This survey link is not valid.');
    if (await prisma.surveyResponse.findUnique({ where: { assessmentId }, select: { id: true } })) {
      return fail(ErrorCode.LinkUsed, 'Thank you: this survey has already been answered.');
    }
    return ok(assessment);
  }

  return {
    async view(assessmentId: string, token: string): Promise<Result<SurveySubject>> {
      const found = await subject(assessmentId, token);
      return found.ok ? ok({ assessmentId, programName: found.value.journey.program.name }) : found;
    },

    async respond(assessmentId: string, token: string, answer: SurveyAnswer): Promise<Result<SurveySubject>> {
      if (!Number.isInteger(answer.rating) || answer.rating < 1 || answer.rating > 5) {
        return fail(ErrorCode.InvalidInput, 'Choose a rating from 1 to 5.', 'rating');
      }
      if ((answer.comment?.length ?? 0) > MAX_COMMENT) return fail(ErrorCode.InvalidInput, `Keep the comment under ${MAX_COMMENT} characters.`, 'comment');
      const found = await subject(assessmentId, token);
      if (!found.ok) return found;
      const { journey, outcome } = found.value;
      // The unique assessmentId decides between two racing submissions: only one row is written.
      const written = await prisma.surveyResponse.createMany({
        data: [{ assessmentId, programId: journey.programId, pathwayId: journey.pathwayId, outcome, rating: answer.rating, comment: answer.comment?.trim() || null, respondedAt: now() }],
        skipDuplicates: true,
      });
      if (written.count === 0) return fail(ErrorCode.LinkUsed, 'Thank you: this survey has already been answered.');
      return ok({ assessmentId, programName: journey.program.name });
    },
  };
}

export type SurveyService = ReturnType<typeof createSurveyService>;
