import type { PrismaClient } from '../prisma/client.js';

// The satisfaction-survey sweeper's read side: decided assessments whose candidate has not been sent a
// survey yet. "Sent" means an outbox row keyed survey:<assessmentId> exists; the workflow's sendEmail
// inserts that row before sending, so a decision is surveyed once however often the sweeper runs.

export const surveyEmailKey = (assessmentId: string) => `survey:${assessmentId}`;

export interface SurveyCandidate {
  assessmentId: string;
  email: string;
  candidateName: string;
  programName: string;
}

export interface FindUnsurveyedInput {
  /** The workflow's clock. */
  asOf: string;
  /** Decisions older than this are never surveyed (a first run does not email years of history). */
  lookbackDays: number;
  limit: number;
}

const DAY_MS = 86_400_000;

export function createSurveyActivities({ prisma }: { prisma: PrismaClient }) {
  return {
    async findUnsurveyedDecisions(input: FindUnsurveyedInput): Promise<SurveyCandidate[]> {
      const asOf = new Date(input.asOf);
      const decided = await prisma.assessment.findMany({
        where: { decidedAt: { gte: new Date(asOf.getTime() - input.lookbackDays * DAY_MS), lte: asOf }, journey: { candidate: { leftAt: null } } },
        orderBy: [{ decidedAt: 'asc' }, { id: 'asc' }],
        select: { id: true, journey: { select: { program: { select: { name: true } }, candidate: { select: { name: true, email: true } } } } },
      });
      const keys = decided.map((a) => surveyEmailKey(a.id));
      const sent = new Set((await prisma.outboxEmail.findMany({ where: { id: { in: keys } }, select: { id: true } })).map((r) => r.id));
      return decided
        .filter((a) => !sent.has(surveyEmailKey(a.id)))
        .slice(0, input.limit)
        .map((a) => ({ assessmentId: a.id, email: a.journey.candidate.email, candidateName: a.journey.candidate.name, programName: a.journey.program.name }));
    },
  };
}
