import type { PersonRef } from '../domain/journey-context.js';
import type { PrismaClient } from '../prisma/client.js';
import { toPersonRef } from './people.js';

// Who a journey turns to when the people it needs do not answer or cannot be found: the next manager up
// when a manager leaves an approval unanswered, the delegate a manager named, and HR when nobody can be
// drawn for a role.

export function createStaffingActivities({ prisma }: { prisma: PrismaClient }) {
  return {
    /**
     * The manager of `managerId`, when they are still employed and are not the candidate: an approval the
     * manager never answered goes one level up. Null at the top of the organisation.
     */
    async nextManagerUp(input: { managerId: string; candidateId: string }): Promise<PersonRef | null> {
      const manager = await prisma.person.findUnique({ where: { id: input.managerId }, select: { manager: { select: { id: true, name: true, email: true, leftAt: true } } } });
      const above = manager?.manager;
      if (!above || above.leftAt || above.id === input.candidateId) return null;
      return toPersonRef(above);
    },

    /**
     * Who decides an approval addressed to `managerId` at `at`: the delegate they named (services/people/
     * delegation.ts) while the delegation runs, the delegate is still employed and is not the candidate;
     * null when the manager decides themselves.
     */
    async approvalDelegateOf(input: { managerId: string; candidateId: string; at: string }): Promise<PersonRef | null> {
      const manager = await prisma.person.findUnique({ where: { id: input.managerId }, select: { approvalDelegateId: true, approvalDelegateUntil: true } });
      if (!manager?.approvalDelegateId || manager.approvalDelegateId === input.candidateId) return null;
      if (manager.approvalDelegateUntil && manager.approvalDelegateUntil.getTime() <= Date.parse(input.at)) return null;
      const delegate = await prisma.person.findUnique({ where: { id: manager.approvalDelegateId }, select: { id: true, name: true, email: true, leftAt: true, deletedAt: true } });
      if (!delegate || delegate.leftAt || delegate.deletedAt) return null;
      return toPersonRef(delegate);
    },

    /** HR people still employed, who are told when a journey cannot get the people it needs. */
    async hrContacts(): Promise<PersonRef[]> {
      const people = await prisma.person.findMany({ where: { roles: { has: 'hr' }, leftAt: null }, orderBy: { id: 'asc' }, select: { id: true, name: true, email: true } });
      return people.map(toPersonRef);
    },
  };
}
