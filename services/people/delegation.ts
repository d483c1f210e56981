import { ErrorCode, fail, ok, type Result } from '../../domain/errors.js';
import type { Prisma, PrismaClient } from '../../prisma/client.js';
import { type Actor, recordPersonAudit } from './directory.js';

// Approval delegates: a manager away, or with a large team, names who decides enrolment approvals in
// their place, until a date. A journey asks the delegate from its next request on (workflow patch
// approval-delegates, activities/staffing.ts approverFor); a request already sent stays with whoever has
// it. The change is the person's own (or HR's), audited and versioned like any change to a person.

export interface ApprovalDelegation {
  delegateId: string | null;
  until: Date | null;
}

export async function setApprovalDelegate(
  prisma: PrismaClient,
  input: { personId: string; delegateId: string | null; until: Date | null; actor: Actor; now: Date },
): Promise<Result<ApprovalDelegation>> {
  const { personId, delegateId, until } = input;
  const person = await prisma.person.findUnique({ where: { id: personId }, select: { approvalDelegateId: true, approvalDelegateUntil: true, leftAt: true } });
  if (!person || person.leftAt) return fail(ErrorCode.NotFound, `Person ${personId} does not exist.`, 'personId');
  if (delegateId !== null) {
    if (delegateId === personId) return fail(ErrorCode.InvalidInput, 'A delegate is someone else: name another person, or clear the delegate.', 'delegateId');
    const delegate = await prisma.person.findUnique({ where: { id: delegateId }, select: { leftAt: true, deletedAt: true } });
    if (!delegate || delegate.leftAt || delegate.deletedAt) return fail(ErrorCode.InvalidInput, `${delegateId} is not someone in the directory who could decide approvals.`, 'delegateId');
  }
  if (until !== null && until.getTime() <= input.now.getTime()) return fail(ErrorCode.InvalidInput, 'The delegation must end in the future (or leave it open-ended).', 'until');
  const next = { delegateId, until: delegateId === null ? null : until };
  await prisma.$transaction(async (tx) => {
    const { version } = await tx.person.update({
      where: { id: personId },
      data: { approvalDelegateId: next.delegateId, approvalDelegateUntil: next.until, version: { increment: 1 } },
      select: { version: true },
    });
    await recordPersonAudit(tx, {
      personId,
      version,
      actor: input.actor,
      action: 'approval_delegate',
      changes: {
        approvalDelegateId: { from: person.approvalDelegateId, to: next.delegateId },
        approvalDelegateUntil: { from: person.approvalDelegateUntil?.toISOString() ?? null, to: next.until?.toISOString() ?? null },
      },
    });
  });
  return ok(next);
}

/**
 * Whom a person may name without HR: their own manager, their peers (same manager) and their direct
 * reports, still employed; the people who could stand in for them anyway. HR may name anyone.
 */
export async function delegateChoicesWhere(prisma: PrismaClient, personId: string): Promise<Prisma.PersonWhereInput | null> {
  const me = await prisma.person.findUnique({ where: { id: personId }, select: { managerId: true } });
  if (!me) return null;
  const near: Prisma.PersonWhereInput[] = [{ managerId: personId }, ...(me.managerId ? [{ id: me.managerId }, { managerId: me.managerId }] : [])];
  return { OR: near, NOT: { id: personId }, leftAt: null, deletedAt: null };
}
