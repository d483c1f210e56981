import type { Client } from '@temporalio/client';
import { type DomainError, ErrorCode, fail, ok, type Result } from '../domain/errors.js';
import type { PrismaClient } from '../prisma/client.js';
import { tokenMatchesHash } from '../approvals/tokens.js';
import { decideApprovalUpdate } from '../workflows/journey/messages.js';
import { toDomainError } from './workflow-errors.js';

export interface ApprovalSummary {
  approvalId: string;
  journeyId: string;
  step: string;
  approverId: string;
  approverName: string;
  candidateName: string;
  programName: string;
  pathwayName: string;
  expiresAt: string;
}

export interface LinkUse {
  approvalId: string;
  token: string;
  method: string;
  ip?: string | undefined;
}

export function createApprovalService({ prisma, client, now = () => new Date() }: { prisma: PrismaClient; client: Client; now?: () => Date }) {
  async function audit(use: LinkUse, outcome: string, detail: string): Promise<void> {
    await prisma.linkAudit.create({
      data: { approvalId: use.approvalId.slice(0, 100), method: use.method, outcome, detail, ip: use.ip ?? null },
    });
  }

  /** Checks a link without changing anything: forged, expired, spent links are refused with a reason. */
  async function verify(use: LinkUse): Promise<Result<ApprovalSummary>> {
    const approval = await prisma.approval.findUnique({
      where: { id: use.approvalId },
      include: { journey: { include: { candidate: true, program: true, pathway: true } } },
    });
    // A wrong id and a wrong token look the same to the visitor, so ids cannot be probed.
    if (!approval || !tokenMatchesHash(use.token, approval.tokenHash)) {
      return fail(ErrorCode.LinkInvalid, 'This approval link is not valid. Use the link from the most recent email.');
    }
    if (approval.decidedAt) {
      return fail(ErrorCode.LinkUsed, `This link was already used: the request was ${approval.decision} on ${approval.decidedAt.toISOString().slice(0, 10)}.`);
    }
    if (approval.expiresAt <= now()) {
      return fail(ErrorCode.LinkExpired, 'This approval link has expired. A new request is emailed if the journey is still waiting.');
    }
    const approver = await prisma.person.findUnique({ where: { id: approval.approverId } });
    const { journey } = approval;
    return ok({
      approvalId: approval.id,
      journeyId: approval.journeyId,
      step: approval.step,
      approverId: approval.approverId,
      approverName: approver?.name ?? approval.approverId,
      candidateName: journey.candidate.name,
      programName: journey.program.name,
      pathwayName: journey.pathway.name,
      expiresAt: approval.expiresAt.toISOString(),
    });
  }

  return {
    /** What a GET of the link does: show what would be decided, change nothing (link scanners fetch links). */
    async view(use: LinkUse): Promise<Result<ApprovalSummary>> {
      const result = await verify(use);
      await audit(use, result.ok ? 'viewed' : result.error.code, result.ok ? 'confirmation page shown' : result.error.message);
      return result;
    },

    /** What the confirmation page's POST does: the workflow's validator is the final judge. */
    async decide(
      use: LinkUse,
      decision: 'approve' | 'decline',
      comment: string | undefined,
      asPersonId?: string,
    ): Promise<Result<ApprovalSummary & { decision: 'approve' | 'decline' }>> {
      const verified = await verify(use);
      let result: Result<ApprovalSummary & { decision: 'approve' | 'decline' }>;
      if (!verified.ok) {
        result = verified;
      } else if (asPersonId !== undefined && asPersonId !== verified.value.approverId) {
        result = fail(ErrorCode.LinkMismatch, 'This approval link was sent to someone else.');
      } else {
        result = await send(verified.value, decision, comment);
      }
      await audit(use, result.ok ? `decided:${decision}` : result.error.code, result.ok ? 'decision applied' : result.error.message);
      return result;
    },
  };

  async function send(
    summary: ApprovalSummary,
    decision: 'approve' | 'decline',
    comment: string | undefined,
  ): Promise<Result<ApprovalSummary & { decision: 'approve' | 'decline' }>> {
    try {
      await client.workflow.getHandle(summary.journeyId).executeUpdate(decideApprovalUpdate, {
        args: [{ approvalId: summary.approvalId, actorId: summary.approverId, decision, ...(comment ? { comment } : {}) }],
      });
      return ok({ ...summary, decision });
    } catch (error) {
      const domainError: DomainError | null = toDomainError(error);
      if (domainError) return { ok: false, error: domainError };
      throw error;
    }
  }
}

export type ApprovalService = ReturnType<typeof createApprovalService>;
