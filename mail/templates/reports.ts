import { z } from 'zod';
import { reportDownloadUrl } from '../../services/reports/links.js';
import { deriveSurveyToken, surveyLinkUrl } from '../../services/survey-links.js';
import { list, paragraph, type Renderers, text } from './blocks.js';

// Program-level mail: the quarterly health report for the committee, and the learner satisfaction
// survey sent after an assessment decision.

export const reportSchemas = {
  'quarterly-report': z.object({
    recipientName: text,
    programName: text,
    quarter: text,
    reportId: text,
    highlights: z.array(text),
  }),
  'satisfaction-survey': z.object({
    candidateName: text,
    programName: text,
    assessmentId: text,
  }),
  'rule-review-due': z.object({
    recipientName: text,
    ruleSetKey: text,
    dueOn: text,
  }),
};

export const reportTemplates: Renderers<typeof reportSchemas> = {
  'rule-review-due': (p) => ({
    subject: `Rule review due ${p.dueOn.slice(0, 10)}: ${p.ruleSetKey}`,
    greeting: `Hello ${p.recipientName},`,
    blocks: [
      paragraph(`The rule set ${p.ruleSetKey} is due for its periodic review by ${p.dueOn.slice(0, 10)}.`),
      paragraph('Please check that its criteria still fit the program, then record the review and its outcome in Certiflow (recordRuleReview).'),
    ],
  }),
  'quarterly-report': (p, ctx) => ({
    subject: `${p.programName}: program health report for ${p.quarter}`,
    greeting: `Hello ${p.recipientName},`,
    blocks: [
      paragraph(`The ${p.programName} program-health report for ${p.quarter} is ready for the certification committee.`),
      ...(p.highlights.length ? [list(p.highlights)] : []),
      paragraph(
        'It covers achievements, gaps, the pass-rate trend, the adverse-impact audit and improvement notes. ' +
          'Groups smaller than the minimum group size are suppressed. The downloads need your Certiflow sign-in.',
      ),
      { kind: 'action', label: 'Open the report', href: reportDownloadUrl(ctx.publicUrl, p.reportId, 'html') },
      { kind: 'action', label: 'Download the figures (CSV)', href: reportDownloadUrl(ctx.publicUrl, p.reportId, 'csv') },
    ],
  }),
  'satisfaction-survey': (p, ctx) => ({
    subject: `How was your ${p.programName} assessment?`,
    greeting: `Hello ${p.candidateName},`,
    blocks: [
      paragraph(
        `Your ${p.programName} assessment has been decided. Would you tell us how the experience was? ` +
          'It is one rating from 1 to 5 and an optional comment; answers are only reported in groups of five or more.',
      ),
      {
        kind: 'action',
        label: 'Rate your experience',
        href: surveyLinkUrl(ctx.publicUrl, p.assessmentId, deriveSurveyToken(ctx.approvalLinkSecret, p.assessmentId)),
      },
      paragraph('The link works once and is personal to you.'),
    ],
  }),
};
