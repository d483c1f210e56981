import { z } from 'zod';
import { RESPONSE_TASK_NAMES } from '../../domain/response-times.js';
import { isoDateTime, journeyReference, paragraph, type Renderers, text } from './blocks.js';
import { formatDateTime } from './format.js';

// The people a journey waits on: a reminder before their time is up, the notice that the task passed to
// someone else, and HR's alert when nobody could be found for a role the journey needs.

const task = z.enum(['scoring', 'moderation', 'appealVote']);

export const responderSchemas = {
  'response-reminder': z.object({
    recipientName: text,
    candidateName: text,
    programName: text,
    journeyId: text,
    task,
    dueAt: isoDateTime,
  }),
  'task-reassigned': z.object({
    recipientName: text,
    candidateName: text,
    programName: text,
    journeyId: text,
    task,
    reason: z.enum(['overdue', 'conflict']),
  }),
  'staffing-alert': z.object({
    recipientName: text,
    candidateName: text,
    programName: text,
    journeyId: text,
    need: z.enum(['panel', 'committee', 'mentor']),
    detail: text,
    retryAt: isoDateTime,
  }),
};

const NEEDS = {
  panel: 'assessors for its panel',
  committee: 'committee members (to moderate or review an appeal)',
  mentor: 'a mentor with free capacity',
} as const;

export const responderTemplates: Renderers<typeof responderSchemas> = {
  'response-reminder': (p) => ({
    subject: `Reminder: ${p.candidateName}'s ${p.programName} journey is waiting for you`,
    greeting: `Hello ${p.recipientName},`,
    blocks: [
      paragraph(`You were asked to ${RESPONSE_TASK_NAMES[p.task]} for ${p.candidateName} (${p.programName}). Please do so by ${formatDateTime(p.dueAt)}.`),
      paragraph('If you cannot, or you have a conflict of interest, declare it in Certiflow so someone else is asked at once; otherwise the task passes to someone else when the time is up.'),
      journeyReference(p),
    ],
  }),
  'task-reassigned': (p) => ({
    subject: `You have been released: ${p.candidateName}, ${p.programName}`,
    greeting: `Hello ${p.recipientName},`,
    blocks: [
      paragraph(
        p.reason === 'conflict'
          ? `You declared a conflict of interest, so you no longer need to ${RESPONSE_TASK_NAMES[p.task]} for ${p.candidateName}; someone else has been asked.`
          : `The time to ${RESPONSE_TASK_NAMES[p.task]} for ${p.candidateName} has passed, so the task has been given to someone else. Nothing more is needed from you.`,
      ),
      journeyReference(p),
    ],
  }),
  'staffing-alert': (p) => ({
    subject: `Action needed: ${p.candidateName}'s ${p.programName} journey has no ${p.need}`,
    greeting: `Hello ${p.recipientName},`,
    blocks: [
      paragraph(`${p.candidateName}'s ${p.programName} journey needs ${NEEDS[p.need]}, and nobody could be drawn: ${p.detail}`),
      paragraph(`The journey waits and tries again on ${formatDateTime(p.retryAt)}. Appointing people to the role (the people directory, or the program's committee) lets it go on.`),
      journeyReference(p),
    ],
  }),
};
