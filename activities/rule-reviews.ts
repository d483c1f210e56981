import type { PrismaClient } from '../prisma/client.js';
import type { PersonRef } from '../domain/journey-context.js';

export interface DueReview {
  reviewId: string;
  ruleSetKey: string;
  dueOn: string;
}

export function createRuleReviewActivities({ prisma }: { prisma: PrismaClient }) {
  return {
    /** Open reviews due within `withinDays` of `asOf` (or overdue), and the committee members serving then. */
    async findRuleReviewsDue(input: { asOf: string; withinDays: number }): Promise<{ reviews: DueReview[]; committee: PersonRef[] }> {
      const asOf = new Date(input.asOf);
      const horizon = new Date(asOf.getTime() + input.withinDays * 86_400_000);
      const reviews = await prisma.ruleSetReview.findMany({ where: { reviewedOn: null, dueOn: { lte: horizon } }, orderBy: { dueOn: 'asc' } });
      const terms = await prisma.committeeTerm.findMany({
        where: { startsOn: { lte: asOf }, endsOn: { gt: asOf }, person: { leftAt: null } },
        include: { person: true },
        orderBy: { personId: 'asc' },
      });
      const committee = [...new Map(terms.map((t) => [t.person.id, { id: t.person.id, name: t.person.name, email: t.person.email }])).values()];
      return { reviews: reviews.map((r) => ({ reviewId: r.id, ruleSetKey: r.ruleSetKey, dueOn: r.dueOn.toISOString() })), committee };
    },
  };
}
