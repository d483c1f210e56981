import { z } from 'zod';
import { isoDateTime, journeyReference, paragraph, quoted, type Renderers, text } from './blocks.js';
import { formatDateTime } from './format.js';

// Appeals against a result: the request to the reviewers and the decision sent to the candidate.

const appealOutcome = z.enum(['upheld', 'overturned', 'reassess']);

export const appealSchemas = {
  'appeal-review-requested': z.object({
    reviewerName: text,
    candidateName: text,
    programName: text,
    journeyId: text,
    grounds: text,
  }),
  'decision-appealable': z.object({
    candidateName: text,
    programName: text,
    decision: z.enum(['revocation', 'ineligibility', 'decline', 'recertification']),
    appealUntil: isoDateTime,
  }),
  'appeal-decided': z.object({
    candidateName: text,
    programName: text,
    outcome: appealOutcome,
    rationale: z.string(),
  }),
};

// 'upheld' means the original result stands (the appeal did not succeed); 'overturned' sets it aside.
const decisions: Record<z.infer<typeof appealOutcome>, { subject: string; body: string }> = {
  upheld: {
    subject: 'original result upheld',
    body: 'The reviewers considered your appeal and upheld the original result, so it stands.',
  },
  overturned: {
    subject: 'result overturned',
    body:
      'The reviewers considered your appeal and overturned the original result in your favour. ' +
      'You will receive a separate email about the next step.',
  },
  reassess: {
    subject: 'reassessment ordered',
    body:
      'The reviewers considered your appeal and ordered a reassessment: your evidence will be assessed again ' +
      'by a new panel, and you will be emailed the result. You do not need to do anything now.',
  },
};

const APPEALABLE = {
  revocation: 'the committee revoked your credential',
  ineligibility: 'the eligibility rules found you not eligible',
  decline: 'your manager declined your enrolment',
  recertification: 'your re-certification was not passed',
} as const;

export const appealTemplates: Renderers<typeof appealSchemas> = {
  'decision-appealable': (p) => ({
    subject: `You may appeal: ${p.programName}`,
    greeting: `Hello ${p.candidateName},`,
    blocks: [
      paragraph(`In ${p.programName}, ${APPEALABLE[p.decision]}. If you believe the decision is wrong, you may appeal it in Certiflow until ${formatDateTime(p.appealUntil)}, giving your grounds.`),
      paragraph('Committee members who took no part in the decision review your appeal; a majority can overturn it.'),
    ],
  }),
  'appeal-review-requested': (p) => ({
    subject: `Appeal review requested: ${p.candidateName}, ${p.programName}`,
    greeting: `Hello ${p.reviewerName},`,
    blocks: [
      paragraph(
        `${p.candidateName} has appealed the result of their ${p.programName} assessment, ` +
          'and you have been chosen to review the appeal.',
      ),
      ...quoted('Their grounds:', p.grounds),
      paragraph(
        'Please review the assessment against these grounds and record your decision in Certiflow: ' +
          'uphold the original result, overturn it, or order a reassessment, with your rationale.',
      ),
      journeyReference(p),
    ],
  }),
  'appeal-decided': (p) => ({
    subject: `Your ${p.programName} appeal: ${decisions[p.outcome].subject}`,
    greeting: `Hello ${p.candidateName},`,
    blocks: [
      paragraph(`A decision has been made on your appeal against your ${p.programName} assessment result.`),
      paragraph(decisions[p.outcome].body),
      ...quoted("The reviewers' rationale:", p.rationale),
      paragraph('If you have questions about the decision, please contact the program team.'),
    ],
  }),
};
