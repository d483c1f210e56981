import { ApplicationFailure } from '@temporalio/common';
import { ErrorCode } from '../domain/errors.js';
import type { PrismaClient } from '../prisma/client.js';
import type { PersonRef } from '../domain/journey-context.js';
import { rankReviewers } from '../domain/selection.js';
import { conflictsOfInterest } from '../services/people/conflicts.js';
import { personRefsInOrder, toPersonRef } from './people.js';

export type AppealOutcome = 'upheld' | 'overturned' | 'reassess';

export interface AppealDecision {
  outcome: AppealOutcome;
  rationale: string;
  decidedBy: string;
  decidedAt: string;
}

const APPEAL_OUTCOMES: readonly string[] = ['upheld', 'overturned', 'reassess'] satisfies AppealOutcome[];
const isAppealOutcome = (value: string | null): value is AppealOutcome => value !== null && APPEAL_OUTCOMES.includes(value);

const failure = (type: ErrorCode, message: string) => ApplicationFailure.create({ type, message, nonRetryable: true });

export function createCommitteeActivities({ prisma }: { prisma: PrismaClient }) {
  return {
    /**
     * Draws appeal reviewers from committee members whose term covers `asOf` (organisation-wide, or of
     * `programId` when given; journeys before program versions do not give it), rotating the work: fewest
     * appeals reviewed first, then whoever has waited longest since their last one. `selectionKey` is the
     * appeal id, so once `recordAppeal` has stored the choice a retry returns exactly those reviewers.
     * With `candidateId` (journeys since patch conflicts-of-interest), nobody with a conflict of interest
     * in judging the candidate is drawn: their management chain, their reports, their mentors.
     */
    async selectCommitteeMembers(input: { selectionKey: string; count: number; exclude: string[]; asOf: string; programId?: string; candidateId?: string; excludeTeammates?: boolean }): Promise<PersonRef[]> {
      const recorded = await prisma.appeal.findUnique({ where: { id: input.selectionKey }, select: { reviewers: true } });
      if (recorded) return personRefsInOrder(prisma, recorded.reviewers);

      const asOf = new Date(input.asOf);
      const conflicted = input.candidateId ? [input.candidateId, ...(await conflictsOfInterest(prisma, input.candidateId, { teammates: input.excludeTeammates }))] : [];
      const terms = await prisma.committeeTerm.findMany({
        where: {
          startsOn: { lte: asOf },
          endsOn: { gt: asOf },
          personId: { notIn: [...input.exclude, ...conflicted] },
          // The organisation-wide committee and the program's own (its document's committee terms).
          OR: [{ programId: null }, ...(input.programId ? [{ programId: input.programId }] : [])],
          person: { OR: [{ leftAt: null }, { leftAt: { gt: asOf } }] },
        },
        include: { person: true },
      });
      // Overlapping or renewed terms list a person more than once.
      const members = [...new Map(terms.map((term) => [term.personId, term.person])).values()];
      if (members.length < input.count) {
        throw failure(
          ErrorCode.NotFound,
          `Found ${members.length} available committee member(s) on ${input.asOf}; the appeal needs ${input.count}`,
        );
      }

      const history = await prisma.appeal.findMany({
        where: { reviewers: { hasSome: members.map((m) => m.id) } },
        select: { reviewers: true, filedAt: true },
      });
      return rankReviewers(members, history).slice(0, input.count).map(toPersonRef);
    },

    /** The appeal as filed, with the reviewers drawn for it; a retry keeps the first write. */
    async recordAppeal(input: {
      appealId: string;
      journeyId: string;
      assessmentId: string;
      grounds: string;
      filedAt: string;
      filedBy: string;
      reviewers: string[];
    }): Promise<void> {
      await prisma.appeal.createMany({
        data: [
          {
            id: input.appealId,
            journeyId: input.journeyId,
            assessmentId: input.assessmentId,
            grounds: input.grounds,
            filedAt: new Date(input.filedAt),
            filedBy: input.filedBy,
            reviewers: input.reviewers,
          },
        ],
        skipDuplicates: true,
      });
    },

    /**
     * The reviewers of an appeal after one or more were replaced (time ran out, or a declared conflict):
     * the stored list is what decides who may read the appeal, so it follows the workflow's. Setting the
     * same list again changes nothing.
     */
    async replaceAppealReviewers(input: { appealId: string; reviewers: string[] }): Promise<void> {
      await prisma.appeal.updateMany({ where: { id: input.appealId, outcome: null }, data: { reviewers: input.reviewers } });
    },

    /**
     * Records the committee's decision. An appeal is decided once: a retry, or a late second decision,
     * leaves the first in place and returns it.
     */
    async recordAppealDecision(input: {
      appealId: string;
      outcome: AppealOutcome;
      rationale: string;
      decidedBy: string;
      decidedAt: string;
    }): Promise<AppealDecision> {
      await prisma.appeal.updateMany({
        where: { id: input.appealId, outcome: null },
        data: { outcome: input.outcome, rationale: input.rationale, decidedBy: input.decidedBy, decidedAt: new Date(input.decidedAt) },
      });
      const appeal = await prisma.appeal.findUnique({ where: { id: input.appealId } });
      if (!appeal) throw failure(ErrorCode.NotFound, `Appeal ${input.appealId} does not exist`);
      const { outcome, rationale, decidedBy, decidedAt } = appeal;
      if (!isAppealOutcome(outcome) || rationale === null || decidedBy === null || decidedAt === null) {
        // Only a row edited outside this activity can get here; retrying would read the same row.
        throw failure(ErrorCode.InvalidInput, `Appeal ${input.appealId} has an incomplete decision on record`);
      }
      return { outcome, rationale, decidedBy, decidedAt: decidedAt.toISOString() };
    },
  };
}
