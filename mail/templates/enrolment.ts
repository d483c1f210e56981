import { z } from 'zod';
import { approvalLinkUrl, deriveApprovalToken } from '../../services/approval-links.js';
import { isoDateTime, list, paragraph, quoted, type Renderers, text } from './blocks.js';
import { formatDateTime } from './format.js';

// Getting into a program and leaving it: manager approval, ineligibility, a declined request, withdrawal.

export const enrolmentSchemas = {
  'manager-approval': z.object({
    approvalId: text,
    approverName: text,
    candidateName: text,
    programName: text,
    pathwayName: text,
    expiresAt: isoDateTime,
    /** The manager whose delegate for approvals this is (patch approval-delegates). */
    onBehalfOf: text.optional(),
  }),
  'enrollment-ineligible': z.object({ candidateName: text, programName: text, reasons: z.array(text) }),
  'journey-declined': z.object({
    candidateName: text,
    programName: text,
    approverName: text,
    comment: z.string().optional(),
  }),
  'journey-withdrawn': z.object({ candidateName: text, programName: text, reason: text }),
  'approval-moved': z.object({ approverName: text, candidateName: text, programName: text, newApproverName: text }),
};

export const enrolmentTemplates: Renderers<typeof enrolmentSchemas> = {
  'manager-approval': (p, ctx) => ({
    subject: `Approval needed: ${p.candidateName} for ${p.programName}`,
    greeting: `Hello ${p.approverName},`,
    blocks: [
      paragraph(
        `${p.candidateName} would like to enrol in ${p.programName} through the ${p.pathwayName} pathway ` +
          (p.onBehalfOf
            ? `and needs their manager's approval: ${p.onBehalfOf} has named you to decide approvals in their place.`
            : 'and needs your approval as their manager.'),
      ),
      paragraph(
        'The link below opens a confirmation page where you can approve or decline the request. ' +
          'Nothing is decided until you confirm on that page.',
      ),
      {
        kind: 'action',
        label: 'Review the request',
        href: approvalLinkUrl(ctx.publicUrl, p.approvalId, deriveApprovalToken(ctx.approvalLinkSecret, p.approvalId)),
      },
      paragraph(`The link expires on ${formatDateTime(p.expiresAt)}. It is personal to you: please do not forward it.`),
    ],
  }),
  'enrollment-ineligible': (p) => ({
    subject: `${p.programName}: you are not eligible to enrol yet`,
    greeting: `Hello ${p.candidateName},`,
    blocks: [
      paragraph(`You are not eligible to enrol in ${p.programName} yet.`),
      ...(p.reasons.length > 0 ? [paragraph('The eligibility check found the following:'), list(p.reasons)] : []),
      paragraph('Once these are addressed you are welcome to apply again. The program team can help if anything is unclear.'),
    ],
  }),
  'journey-declined': (p) => ({
    subject: `Your ${p.programName} enrolment was declined`,
    greeting: `Hello ${p.candidateName},`,
    blocks: [
      paragraph(`${p.approverName} declined your request to enrol in ${p.programName}.`),
      ...quoted('Their comment:', p.comment),
      paragraph(`If you have questions, please talk to ${p.approverName} or the program team.`),
    ],
  }),
  'journey-withdrawn': (p) => ({
    subject: `Your ${p.programName} journey has been withdrawn`,
    greeting: `Hello ${p.candidateName},`,
    blocks: [
      paragraph(
        `Your ${p.programName} certification journey has been withdrawn and is now closed. ` +
          'Any check-ins, submissions or assessments still pending in it are cancelled, and you do not need to do anything further.',
      ),
      ...quoted('The reason recorded:', p.reason),
      paragraph(
        `If you would like to work towards ${p.programName} again later, you are welcome to enrol again; ` +
          'the program team can tell you what that involves.',
      ),
    ],
  }),
  // The directory says the candidate has a new manager: the request waiting on the previous one moved.
  'approval-moved': (p) => ({
    subject: `No longer needed: approval for ${p.candidateName} (${p.programName})`,
    greeting: `Hello ${p.approverName},`,
    blocks: [
      paragraph(
        `${p.candidateName} now reports to ${p.newApproverName}, so their request to enrol in ${p.programName} ` +
          `has been sent to ${p.newApproverName} instead. The link you were sent no longer works, and there is nothing more for you to do.`,
      ),
    ],
  }),
};
