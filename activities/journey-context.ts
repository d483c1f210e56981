import { ApplicationFailure } from '@temporalio/common';
import { ErrorCode } from '../domain/errors.js';
import type { EvidenceFormat } from '../domain/journey.js';
import type { Rubric } from '../domain/rubric.js';
import type { PrismaClient } from '../prisma/client.js';
import type { JourneyContext } from '../workflows/journey/types.js';

export function createJourneyContextActivities({ prisma }: { prisma: PrismaClient }) {
  return {
    /** Snapshot of program, pathway and people that the journey keeps for its whole cycle. */
    async loadJourneyContext(input: { programId: string; pathwayId: string; candidateId: string }): Promise<JourneyContext> {
      const pathway = await prisma.pathway.findUnique({ where: { id: input.pathwayId }, include: { program: true } });
      if (!pathway || pathway.programId !== input.programId) {
        throw ApplicationFailure.create({
          type: ErrorCode.NotFound,
          message: `Pathway ${input.pathwayId} of program ${input.programId} does not exist`,
          nonRetryable: true,
        });
      }
      const candidate = await prisma.person.findUnique({ where: { id: input.candidateId }, include: { manager: true } });
      if (!candidate) {
        throw ApplicationFailure.create({
          type: ErrorCode.NotFound,
          message: `Person ${input.candidateId} does not exist`,
          nonRetryable: true,
        });
      }
      const { program } = pathway;
      return {
        program: {
          id: program.id,
          name: program.name,
          validity: program.validity,
          recertificationWindow: program.recertificationWindow,
          submissionDeadline: program.submissionDeadline,
          approvalLinkTtl: program.approvalLinkTtl,
        },
        pathway: {
          id: pathway.id,
          name: pathway.name,
          evidenceFormats: pathway.evidenceFormats as EvidenceFormat[],
          rubric: pathway.rubric as unknown as Rubric,
          eligibilityRuleSetId: pathway.eligibilityRuleSetId,
        },
        candidate: { id: candidate.id, name: candidate.name, email: candidate.email },
        manager: candidate.manager
          ? { id: candidate.manager.id, name: candidate.manager.name, email: candidate.manager.email }
          : null,
      };
    },
  };
}
