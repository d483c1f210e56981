import type { Client } from '@temporalio/client';
import { type DomainError, ErrorCode, fail, ok, type Result } from '../domain/errors.js';
import type { JourneyStage } from '../domain/journey.js';
import type { PrismaClient } from '../prisma/client.js';
import { tokenMatchesHash } from './approval-links.js';
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

/** A decision the workflow accepted, with the stage it moved the journey to. */
export type DecidedApproval = ApprovalSummary & { decision: 'approve' | 'decline'; stage: JourneyStage };

/** An approval request as its link and the portal check it (findApproval). */
interface ApprovalRow {
  id: string;
  journeyId: string;
  step: string;
  approverId: string;
  tokenHash: string;
  expiresAt: Date;
  decidedAt: Date | null;
  decision: string | null;
  candidateName: string;
  programName: string;
  pathwayName: string;
  /** Null when the approver is no longer in the directory (erased). */
  approverName: string | null;
  approverLeftAt: Date | null;
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

  // The request with what its page shows and its approver's standing, in one statement: a link's GET
  // and its POST each read it, and Prisma would read the five rows one query each.
  const findApproval = async (approvalId: string): Promise<ApprovalRow | null> => {
    const rows = await prisma.$queryRaw<ApprovalRow[]>`
      SELECT a."id", a."journeyId", a."step", a."approverId", a."tokenHash", a."expiresAt", a."decidedAt", a."decision",
             c."name" AS "candidateName", pr."name" AS "programName", pw."name" AS "pathwayName",
             ap."name" AS "approverName", ap."leftAt" AS "approverLeftAt"
      FROM "Approval" a
      JOIN "Journey" j ON j."id" = a."journeyId"
      JOIN "Person" c ON c."id" = j."candidateId"
      JOIN "Program" pr ON pr."id" = j."programId"
      JOIN "Pathway" pw ON pw."id" = j."pathwayId"
      LEFT JOIN "Person" ap ON ap."id" = a."approverId"
      WHERE a."id" = ${approvalId}`;
    return rows[0] ?? null;
  };

  function summarize(approval: ApprovalRow): ApprovalSummary {
    return {
      approvalId: approval.id,
      journeyId: approval.journeyId,
      step: approval.step,
      approverId: approval.approverId,
      approverName: approval.approverName ?? approval.approverId,
      candidateName: approval.candidateName,
      programName: approval.programName,
      pathwayName: approval.pathwayName,
      expiresAt: approval.expiresAt.toISOString(),
    };
  }

  /** Checks a link without changing anything: forged, expired, spent links are refused with a reason. */
  async function verify(use: LinkUse): Promise<Result<ApprovalSummary>> {
    const approval = await findApproval(use.approvalId);
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
    // A manager who has left decides nothing, even with a link still in their mailbox.
    if (approval.approverLeftAt) return fail(ErrorCode.LinkInvalid, 'This approval link is no longer valid: the request waits for the current manager.');
    return ok(summarize(approval));
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
    ): Promise<Result<DecidedApproval>> {
      const verified = await verify(use);
      let result: Result<DecidedApproval>;
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

    /**
     * The approver deciding while signed in (the portal), without the link's token: only the person the
     * request was sent to, only while it is open. It sends the same update as the link, so the workflow's
     * validator decides, and a second click is refused there even when the read model has not caught up.
     * Audited with the link uses, method PORTAL.
     */
    async decideAsApprover(request: {
      approvalId: string;
      viewerId: string;
      /** HR may read every approval request: they are told it is not theirs, not that it is missing. */
      viewerSeesApprovals?: boolean;
      decision: 'approve' | 'decline';
      comment?: string | undefined;
    }): Promise<Result<DecidedApproval>> {
      const { approvalId, viewerId, decision, comment } = request;
      const approval = await findApproval(approvalId);
      let result: Result<DecidedApproval>;
      // Someone else's request is answered as a missing one, so an id is never confirmed to exist to
      // anyone who may not read it; the audit below still says who tried.
      const notTheirs = approval !== null && approval.approverId !== viewerId;
      if (!approval || (notTheirs && !request.viewerSeesApprovals)) {
        result = fail(ErrorCode.NotFound, `There is no approval request ${approvalId}.`, 'approvalId');
      } else if (notTheirs) {
        result = fail(ErrorCode.Forbidden, 'Only the approver this request was sent to can decide it.', 'approvalId');
      } else if (approval.decidedAt) {
        result = fail(ErrorCode.ApprovalAlreadyDecided, `This request was already ${approval.decision} on ${approval.decidedAt.toISOString().slice(0, 10)}.`);
      } else if (approval.expiresAt <= now()) {
        result = fail(ErrorCode.NotAllowedInStage, 'This approval request has expired. A new request is sent if the journey is still waiting.');
      } else {
        result = await send(summarize(approval), decision, comment);
      }
      const use = { approvalId, token: '', method: 'PORTAL' };
      const detail = notTheirs ? 'not the approver this request was sent to' : result.ok ? 'decision applied' : result.error.message;
      await audit(use, result.ok ? `decided:${decision}` : notTheirs ? ErrorCode.Forbidden : result.error.code, `${viewerId}: ${detail}`);
      return result;
    },
  };

  async function send(summary: ApprovalSummary, decision: 'approve' | 'decline', comment: string | undefined): Promise<Result<DecidedApproval>> {
    try {
      const answer = await client.workflow.getHandle(summary.journeyId).executeUpdate(decideApprovalUpdate, {
        args: [{ approvalId: summary.approvalId, actorId: summary.approverId, decision, ...(comment ? { comment } : {}) }],
      });
      return ok({ ...summary, decision, stage: answer.stage });
    } catch (error) {
      const domainError: DomainError | null = toDomainError(error);
      if (domainError) return { ok: false, error: domainError };
      throw error;
    }
  }
}

export type ApprovalService = ReturnType<typeof createApprovalService>;
