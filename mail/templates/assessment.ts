import { z } from 'zod';
import { isoDateTime, journeyReference, paragraph, quoted, type Renderers, text, wholeNumber } from './blocks.js';
import { formatDateTime, formatScore, humanize } from './format.js';

// Assessing the evidence: single assessors, panels, moderation, and the result sent to the candidate.

export const assessmentSchemas = {
  'assessment-requested': z.object({
    assessorName: text,
    candidateName: text,
    programName: text,
    pathwayName: text,
    journeyId: text,
  }),
  'panel-assessment-requested': z.object({
    assessorName: text,
    candidateName: text,
    programName: text,
    pathwayName: text,
    journeyId: text,
    format: text,
    panelSize: wholeNumber(1),
    /** Only for a live demonstration. */
    scheduledAt: isoDateTime.optional(),
  }),
  'moderation-requested': z.object({
    moderatorName: text,
    candidateName: text,
    programName: text,
    journeyId: text,
    spread: z.number().finite().nonnegative(),
  }),
  'assessment-result': z.object({
    candidateName: text,
    programName: text,
    outcome: z.enum(['passed', 'not_passed']),
    average: z.number().finite(),
    rationale: z.string(),
    /** End of the appeal window; only meaningful when not passed. */
    appealUntil: isoDateTime.optional(),
  }),
};

export const assessmentTemplates: Renderers<typeof assessmentSchemas> = {
  'assessment-requested': (p) => ({
    subject: `Assessment requested: ${p.candidateName}, ${p.programName}`,
    greeting: `Hello ${p.assessorName},`,
    blocks: [
      paragraph(
        `${p.candidateName} has submitted evidence for ${p.programName} (${p.pathwayName} pathway), ` +
          'and you have been assigned to assess it.',
      ),
      journeyReference(p),
    ],
  }),
  'panel-assessment-requested': (p) => ({
    subject: `Panel assessment requested: ${p.candidateName}, ${p.programName}`,
    greeting: `Hello ${p.assessorName},`,
    blocks: [
      paragraph(
        `${p.candidateName} has submitted evidence for ${p.programName} (${p.pathwayName} pathway, ${humanize(p.format)}), ` +
          (p.panelSize === 1
            ? 'and you have been assigned to assess it.'
            : `and you are one of the ${p.panelSize} assessors on the panel for it.`),
      ),
      ...(p.scheduledAt
        ? [
            paragraph(
              `The live demonstration is scheduled for ${formatDateTime(p.scheduledAt)}. ` +
                'Please attend it and record your scores in Certiflow afterwards.',
            ),
          ]
        : [paragraph('Please review the evidence and record your scores in Certiflow.')]),
      ...(p.panelSize === 1
        ? []
        : [
            paragraph(
              'Score independently, without discussing the evidence with the other panel members. ' +
                'Your scores stay hidden from the rest of the panel, and theirs from you, until all panel members have submitted.',
            ),
          ]),
      journeyReference(p),
    ],
  }),
  'moderation-requested': (p) => ({
    subject: `Moderation needed: ${p.candidateName}, ${p.programName}`,
    greeting: `Hello ${p.moderatorName},`,
    blocks: [
      paragraph(
        `The panel's scores for ${p.candidateName}'s ${p.programName} evidence differ by as much as ` +
          `${formatScore(p.spread)} on a criterion, more than the program allows, so the result needs moderation.`,
      ),
      paragraph(
        "As moderator, please review the evidence and the panel's scores and record the moderated result in Certiflow. " +
          `${p.candidateName} receives no result until you do.`,
      ),
      journeyReference(p),
    ],
  }),
  'assessment-result': (p) => ({
    subject:
      p.outcome === 'passed'
        ? `You passed the ${p.programName} assessment`
        : `Your ${p.programName} assessment result`,
    greeting: `Hello ${p.candidateName},`,
    blocks: [
      paragraph(
        p.outcome === 'passed'
          ? `Congratulations: your assessment for ${p.programName} was passed, with an average score of ${formatScore(p.average)}.`
          : `Your assessment for ${p.programName} was not passed this time. Your average score was ${formatScore(p.average)}.`,
      ),
      ...quoted("The assessor's rationale:", p.rationale),
      ...(p.outcome === 'not_passed' && p.appealUntil
        ? [
            paragraph(
              `If you believe the result is wrong, you may appeal until ${formatDateTime(p.appealUntil)}. ` +
                'File the appeal in Certiflow with your grounds: what you think the assessment missed or got wrong. ' +
                'Members of the certification committee will review it and you will be told their decision.',
            ),
          ]
        : []),
    ],
  }),
};
