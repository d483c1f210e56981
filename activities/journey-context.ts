import { ApplicationFailure } from '@temporalio/common';
import { ErrorCode } from '../domain/errors.js';
import type { EvidenceFormat } from '../domain/journey.js';
import type { Rubric } from '../domain/rubric.js';
import type { PrismaClient } from '../prisma/client.js';
import type { JourneyContext, PathwayTerms } from '../domain/journey-context.js';

type PathwayRow = { id: string; name: string; evidenceFormats: string[]; rubric: unknown; eligibilityRuleSetId: string };

interface CandidateRow {
  id: string;
  name: string;
  email: string;
  managerId: string | null;
  managerName: string | null;
  managerEmail: string | null;
}

const toTerms = (pathway: PathwayRow): PathwayTerms => ({
  id: pathway.id,
  name: pathway.name,
  evidenceFormats: pathway.evidenceFormats as EvidenceFormat[],
  rubric: pathway.rubric as Rubric,
  eligibilityRuleSetId: pathway.eligibilityRuleSetId,
});

export function createJourneyContextActivities({ prisma }: { prisma: PrismaClient }) {
  return {
    /**
     * Snapshot of program, pathways and people that the journey keeps for its whole cycle: timing, panel
     * rules and every pathway's terms, so later edits to the program never change a journey midway and a
     * pathway transfer needs no lookup from inside the workflow.
     */
    async loadJourneyContext(input: { programId: string; pathwayId: string; candidateId: string }): Promise<JourneyContext> {
      // Three statements: the program, its pathways, and the candidate joined to their manager (an include
      // would be one more). This runs at the start of every journey run.
      const program = await prisma.program.findUnique({ where: { id: input.programId }, include: { pathways: { orderBy: { id: 'asc' } } } });
      const pathway = program?.pathways.find((p) => p.id === input.pathwayId);
      if (!program || !pathway) {
        throw ApplicationFailure.create({
          type: ErrorCode.NotFound,
          message: `Pathway ${input.pathwayId} of program ${input.programId} does not exist`,
          nonRetryable: true,
        });
      }
      const [candidate] = await prisma.$queryRaw<CandidateRow[]>`
        SELECT c."id", c."name", c."email", m."id" AS "managerId", m."name" AS "managerName", m."email" AS "managerEmail"
        FROM "Person" c LEFT JOIN "Person" m ON m."id" = c."managerId"
        WHERE c."id" = ${input.candidateId}`;
      if (!candidate) {
        throw ApplicationFailure.create({
          type: ErrorCode.NotFound,
          message: `Person ${input.candidateId} does not exist`,
          nonRetryable: true,
        });
      }
      return {
        program: {
          id: program.id,
          name: program.name,
          version: program.currentVersion,
          validity: program.validity,
          recertificationWindow: program.recertificationWindow,
          submissionDeadline: program.submissionDeadline,
          approvalLinkTtl: program.approvalLinkTtl,
          recertificationReminders: program.recertificationReminders,
          gracePeriod: program.gracePeriod,
          // A pathway may set its own check-in cadence.
          checkInCadence: pathway.checkInCadence ?? program.checkInCadence,
          checkInReminder: program.checkInReminder,
          submissionReminders: program.submissionReminders,
          appealWindow: program.appealWindow,
          maxResubmissions: program.maxResubmissions,
          panelSize: program.panelSize,
          moderationSpread: program.moderationSpread,
          appealReviewers: program.appealReviewers,
          recertificationRuleSetId: program.recertificationRuleSetId,
          recertificationEvidenceFormats: program.recertificationEvidenceFormats.length > 0 ? (program.recertificationEvidenceFormats as EvidenceFormat[]) : null,
          recertificationAssessors: program.recertificationAssessors,
          // Options only when set, as programTerms writes them: a journey without them has the terms it always had.
          ...(program.anonymisedAssessment ? { anonymisedAssessment: true } : {}),
          ...(program.excludeTeammates ? { excludeTeammates: true } : {}),
          ...(program.responseTimes ? { responseTimes: program.responseTimes as NonNullable<JourneyContext['program']['responseTimes']> } : {}),
        },
        pathway: toTerms(pathway),
        pathways: program.pathways.filter((p) => !p.retiredAt).map(toTerms),
        candidate: { id: candidate.id, name: candidate.name, email: candidate.email },
        manager: candidate.managerId ? { id: candidate.managerId, name: candidate.managerName!, email: candidate.managerEmail! } : null,
      };
    },

    /** The re-certification rule set the program follows now (moved on by every publication), or null. */
    async currentRecertificationRuleSet(input: { programId: string }): Promise<string | null> {
      const program = await prisma.program.findUnique({ where: { id: input.programId }, select: { recertificationRuleSetId: true } });
      return program?.recertificationRuleSetId ?? null;
    },
  };
}
