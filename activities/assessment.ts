import { createHash } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import { ErrorCode } from '../domain/errors.js';
import { JourneyStage } from '../domain/journey.js';
import type { Prisma, PrismaClient } from '../prisma/client.js';
import { managerChain } from '../services/people/conflicts.js';
import type { PersonRef } from '../domain/journey-context.js';
import type { AssessmentRecord, SubmissionRecord } from '../domain/journey-records.js';

export function createAssessmentActivities({ prisma }: { prisma: PrismaClient }) {
  return {
    /**
     * Picks an assessor who is not the candidate nor in their management chain, preferring another
     * department and then the lightest open workload. A retry returns the assessor already chosen.
     */
    async assignAssessor(input: { journeyId: string; candidateId: string }): Promise<PersonRef> {
      const journey = await prisma.journey.findUnique({ where: { id: input.journeyId }, select: { assessorId: true } });
      if (journey?.assessorId) {
        const chosen = await prisma.person.findUniqueOrThrow({ where: { id: journey.assessorId } });
        return { id: chosen.id, name: chosen.name, email: chosen.email };
      }
      const candidate = await prisma.person.findUniqueOrThrow({ where: { id: input.candidateId } });
      const excluded = await managerChain(prisma, candidate.id);
      excluded.add(candidate.id);
      const assessors = await prisma.person.findMany({
        where: { roles: { has: 'assessor' }, leftAt: null, id: { notIn: [...excluded] } },
      });
      if (assessors.length === 0) {
        throw ApplicationFailure.create({
          type: ErrorCode.NotFound,
          message: `No eligible assessor for ${candidate.id}: every assessor is the candidate or in their management chain`,
        });
      }
      const open = await prisma.journey.groupBy({
        by: ['assessorId'],
        where: { stage: JourneyStage.AwaitingAssessment, assessorId: { in: assessors.map((a) => a.id) } },
        _count: { _all: true },
      });
      const load = new Map(open.map((row) => [row.assessorId, row._count._all]));
      const ranked = [...assessors].sort(
        (a, b) =>
          Number(a.department === candidate.department) - Number(b.department === candidate.department) ||
          (load.get(a.id) ?? 0) - (load.get(b.id) ?? 0) ||
          a.id.localeCompare(b.id),
      );
      const chosen = ranked[0]!;
      await prisma.journey.updateMany({
        where: { id: input.journeyId, assessorId: null },
        data: { assessorId: chosen.id },
      });
      return { id: chosen.id, name: chosen.name, email: chosen.email };
    },

    async recordSubmission(input: { journeyId: string; cycle: number; submittedBy: string; submission: SubmissionRecord }) {
      const { submission } = input;
      const contentHash = createHash('sha256').update(submission.content).update('\0').update(submission.reflection).digest('hex');
      await prisma.submission.createMany({
        data: [
          {
            id: submission.submissionId,
            journeyId: input.journeyId,
            cycle: input.cycle,
            format: submission.format,
            title: submission.title,
            content: submission.content,
            reflection: submission.reflection,
            contentHash,
            submittedAt: new Date(submission.submittedAt),
            submittedBy: input.submittedBy,
            attempt: submission.attempt ?? 1,
            url: submission.url ?? null,
            fileSha256: submission.file?.sha256 ?? null,
            fileName: submission.file?.fileName ?? null,
            fileSize: submission.file?.size ?? null,
            mimeType: submission.file?.mimeType ?? null,
            scheduledAt: submission.scheduledAt ? new Date(submission.scheduledAt) : null,
          },
        ],
        skipDuplicates: true,
      });
      return { contentHash };
    },

    async recordAssessment(input: { journeyId: string; submissionId: string; assessment: AssessmentRecord }) {
      const { assessment } = input;
      await prisma.assessment.createMany({
        data: [
          {
            id: assessment.assessmentId,
            journeyId: input.journeyId,
            submissionId: input.submissionId,
            assessorId: assessment.assessorId,
            panel: assessment.panel ?? [assessment.assessorId],
            round: assessment.round ?? 1,
            spread: assessment.spread ?? null,
            moderatedBy: assessment.moderatedBy ?? null,
            scores: assessment.scores as Prisma.InputJsonValue,
            average: assessment.average,
            outcome: assessment.outcome,
            rationale: assessment.comment ? `${assessment.rationale} Assessor: ${assessment.comment}` : assessment.rationale,
            decidedAt: new Date(assessment.decidedAt),
          },
        ],
        skipDuplicates: true,
      });
    },
  };
}
