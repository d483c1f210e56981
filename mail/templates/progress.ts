import { z } from 'zod';
import { isoDateTime, list, paragraph, type Renderers, text, wholeNumber } from './blocks.js';
import { formatDate, formatDateTime, plural } from './format.js';

// Working through the pathway: the mentor's assignment, check-ins, and evidence deadlines.

export const progressSchemas = {
  'mentor-assigned': z.object({
    mentorName: text,
    candidateName: text,
    programName: text,
    firstCheckInDue: isoDateTime,
  }),
  'check-in-reminder': z.object({
    recipientName: text,
    candidateName: text,
    mentorName: text,
    programName: text,
    dueAt: isoDateTime,
  }),
  'check-in-missed': z.object({
    managerName: text,
    candidateName: text,
    mentorName: text,
    programName: text,
    dueAt: isoDateTime,
    missedCount: wholeNumber(1),
  }),
  'submission-reminder': z.object({ candidateName: text, programName: text, dueAt: isoDateTime }),
  'resubmission-open': z
    .object({
      candidateName: text,
      programName: text,
      attempt: wholeNumber(1),
      maxAttempts: wholeNumber(1),
      dueAt: isoDateTime,
    })
    .refine((p) => p.attempt <= p.maxAttempts, { message: 'attempt must not exceed maxAttempts', path: ['attempt'] }),
  'rules-changing': z.object({
    candidateName: text,
    programName: text,
    effectiveAt: isoDateTime,
    reason: text,
    submissionDueAt: isoDateTime.optional(),
  }),
  'program-changing': z.object({
    candidateName: text,
    programName: text,
    version: wholeNumber(2),
    reason: text,
    changes: z.array(z.object({ area: z.enum(['rubric', 'evidence', 'timing', 'recertification']), effectiveAt: isoDateTime })).min(1),
    atNextRecertification: z.boolean(),
  }),
};

const AREA_WORDS = {
  rubric: 'the rubric your evidence is assessed against',
  evidence: 'the evidence formats your pathway accepts',
  timing: 'deadlines, reminders and check-in cadence',
  recertification: 'validity, the re-certification window and its requirements',
} as const;

export const progressTemplates: Renderers<typeof progressSchemas> = {
  'program-changing': (p) => ({
    subject: `${p.programName} changes: version ${p.version}`,
    greeting: `Hello ${p.candidateName},`,
    blocks: [
      paragraph(`Version ${p.version} of ${p.programName} has been published. Reason given by the program: ${p.reason}`),
      p.atNextRecertification
        ? paragraph('You hold the credential: these changes apply from your next re-certification window.')
        : paragraph('What changes for your journey, and when:'),
      list(p.changes.map((c) => (p.atNextRecertification ? AREA_WORDS[c.area] : `${AREA_WORDS[c.area]}, from ${formatDateTime(c.effectiveAt)}`))),
      paragraph('An assessment already under way finishes on the rubric it started with. You can read the new version on the program page in Certiflow.'),
    ],
  }),
  'rules-changing': (p) => ({
    subject: `${p.programName}: the requirements change on ${formatDate(p.effectiveAt)}`,
    greeting: `Hello ${p.candidateName},`,
    blocks: [
      paragraph(`The ${p.programName} requirements have been updated. Reason given by the program: ${p.reason}`),
      paragraph(
        `Your journey keeps the current rules until ${formatDateTime(p.effectiveAt)} and moves to the new ones then. ` +
          'You can read the new criteria in Certiflow before that date.',
      ),
      ...(p.submissionDueAt
        ? [paragraph(`Your evidence deadline has been adjusted to ${formatDateTime(p.submissionDueAt)} so you have time to prepare under the new rules.`)]
        : []),
    ],
  }),
  'mentor-assigned': (p) => ({
    subject: `You are mentoring ${p.candidateName} for ${p.programName}`,
    greeting: `Hello ${p.mentorName},`,
    blocks: [
      paragraph(`You have been assigned as ${p.candidateName}'s mentor for their ${p.programName} certification.`),
      paragraph(
        `Your first check-in with ${p.candidateName} is due by ${formatDateTime(p.firstCheckInDue)}. ` +
          'Please contact them to arrange a time, and record the check-in in Certiflow once you have met.',
      ),
      paragraph(
        'Check-ins then continue at regular intervals until the evidence is submitted. ' +
          `We will remind you and ${p.candidateName} before each one is due.`,
      ),
    ],
  }),
  'check-in-reminder': (p) => ({
    subject: `Check-in due ${formatDate(p.dueAt)}: ${p.candidateName} and ${p.mentorName}, ${p.programName}`,
    greeting: `Hello ${p.recipientName},`,
    blocks: [
      paragraph(
        `The next ${p.programName} check-in between ${p.candidateName} (candidate) and ${p.mentorName} (mentor) ` +
          `is due by ${formatDateTime(p.dueAt)}.`,
      ),
      paragraph(
        'If you have not met yet, please arrange a time now. The mentor records the check-in in Certiflow afterwards; ' +
          "a check-in not recorded by the due time counts as missed and is reported to the candidate's manager.",
      ),
    ],
  }),
  'check-in-missed': (p) => ({
    subject: `Missed check-in: ${p.candidateName}, ${p.programName}`,
    greeting: `Hello ${p.managerName},`,
    blocks: [
      paragraph(
        `The ${p.programName} check-in between ${p.candidateName} and their mentor ${p.mentorName}, ` +
          `due by ${formatDateTime(p.dueAt)}, was not recorded in time.`,
      ),
      paragraph(
        p.missedCount === 1
          ? `This is the first check-in ${p.candidateName} has missed in this journey.`
          : `${p.candidateName} has now missed ${plural(p.missedCount, 'check-in')} in this journey.`,
      ),
      paragraph(
        `As ${p.candidateName}'s manager, please talk with them and ${p.mentorName} about what is getting in the way, ` +
          'and help them arrange the next check-in.',
      ),
    ],
  }),
  'submission-reminder': (p) => ({
    subject: `Reminder: your ${p.programName} evidence is due ${formatDate(p.dueAt)}`,
    greeting: `Hello ${p.candidateName},`,
    blocks: [
      paragraph(`Your evidence for ${p.programName} is due by ${formatDateTime(p.dueAt)}.`),
      paragraph('Please submit it in Certiflow before then, together with your reflective note.'),
      paragraph('If you cannot make the deadline, talk to your mentor or the program team as soon as possible.'),
    ],
  }),
  'resubmission-open': (p) => ({
    subject: `${p.programName}: you may resubmit by ${formatDate(p.dueAt)} (attempt ${p.attempt} of ${p.maxAttempts})`,
    greeting: `Hello ${p.candidateName},`,
    blocks: [
      paragraph(`Your last ${p.programName} submission was not passed, and you may now submit revised evidence.`),
      paragraph(
        `This will be attempt ${p.attempt} of ${p.maxAttempts}` +
          (p.attempt === p.maxAttempts ? ', your final attempt.' : '.'),
      ),
      paragraph(
        `Please submit in Certiflow by ${formatDateTime(p.dueAt)}. ` +
          "The assessor's feedback on your last attempt shows what to improve; your mentor can help you plan the changes.",
      ),
    ],
  }),
};
