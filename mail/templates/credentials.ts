import { z } from 'zod';
import { isoDateTime, list, paragraph, quoted, type Renderers, text, wholeNumber } from './blocks.js';
import { formatDate, plural } from './format.js';

// The credential's life after certification: issue, recertification, renewal, lapse and revocation.

export const credentialSchemas = {
  'credential-issued': z.object({
    candidateName: text,
    programName: text,
    credentialNumber: text,
    expiresAt: isoDateTime,
  }),
  'recertification-due': z.object({ candidateName: text, programName: text, expiresAt: isoDateTime }),
  'recertification-reminder': z.object({
    candidateName: text,
    programName: text,
    expiresAt: isoDateTime,
    daysLeft: wholeNumber(0),
  }),
  'credential-renewed': z.object({
    candidateName: text,
    programName: text,
    credentialNumber: text,
    expiresAt: isoDateTime,
  }),
  'credential-lapsed': z.object({
    candidateName: text,
    programName: text,
    credentialNumber: text,
    lapsedAt: isoDateTime,
  }),
  'credential-revoked': z.object({
    candidateName: text,
    programName: text,
    credentialNumber: text,
    reason: text,
  }),
};

const inDays = (daysLeft: number) => (daysLeft === 0 ? 'today' : `in ${plural(daysLeft, 'day')}`);

export const credentialTemplates: Renderers<typeof credentialSchemas> = {
  'credential-issued': (p) => ({
    subject: `Your ${p.programName} credential: ${p.credentialNumber}`,
    greeting: `Hello ${p.candidateName},`,
    blocks: [
      paragraph(`Your ${p.programName} credential has been issued.`),
      list([`Credential number: ${p.credentialNumber}`, `Valid until: ${formatDate(p.expiresAt)}`]),
      paragraph('We will remind you before it is due for recertification.'),
    ],
  }),
  'recertification-due': (p) => ({
    subject: `Recertification due: ${p.programName}`,
    greeting: `Hello ${p.candidateName},`,
    blocks: [
      paragraph(`Your ${p.programName} credential expires on ${formatDate(p.expiresAt)}.`),
      paragraph('To keep it, please complete recertification before then.'),
    ],
  }),
  'recertification-reminder': (p) => ({
    subject: `Your ${p.programName} credential expires ${inDays(p.daysLeft)}`,
    greeting: `Hello ${p.candidateName},`,
    blocks: [
      paragraph(
        p.daysLeft === 0
          ? `Your ${p.programName} credential expires today, ${formatDate(p.expiresAt)}.`
          : `Your ${p.programName} credential expires ${inDays(p.daysLeft)}, on ${formatDate(p.expiresAt)}.`,
      ),
      paragraph(
        'To keep it valid, please complete recertification in Certiflow before then. ' +
          'A credential that is not renewed expires and then lapses, and you would have to enrol in the program again to regain it.',
      ),
    ],
  }),
  'credential-renewed': (p) => ({
    subject: `Your ${p.programName} credential has been renewed`,
    greeting: `Hello ${p.candidateName},`,
    blocks: [
      paragraph(`Your recertification is complete: your ${p.programName} credential has been renewed.`),
      list([`Credential number: ${p.credentialNumber}`, `Valid until: ${formatDate(p.expiresAt)}`]),
      paragraph('We will remind you again before it is next due for recertification.'),
    ],
  }),
  'credential-lapsed': (p) => ({
    subject: `Your ${p.programName} credential has lapsed`,
    greeting: `Hello ${p.candidateName},`,
    blocks: [
      paragraph(
        `Your ${p.programName} credential ${p.credentialNumber} lapsed on ${formatDate(p.lapsedAt)} ` +
          'because it was not renewed in time. It is no longer valid, so please do not present it as current.',
      ),
      paragraph(
        `You can re-enrol in ${p.programName} whenever you are ready: start a new enrolment in Certiflow, ` +
          'which goes through the usual eligibility check and manager approval. The program team can help if anything is unclear.',
      ),
    ],
  }),
  'credential-revoked': (p) => ({
    subject: `Your ${p.programName} credential has been revoked`,
    greeting: `Hello ${p.candidateName},`,
    blocks: [
      paragraph(
        `Your ${p.programName} credential ${p.credentialNumber} has been revoked and is no longer valid. ` +
          'Please do not present it as current.',
      ),
      ...quoted('The reason given:', p.reason),
      paragraph('If you believe this is a mistake, please contact the program team.'),
    ],
  }),
};
