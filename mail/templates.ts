import { z } from 'zod';
import { approvalLinkUrl, deriveApprovalToken } from '../approvals/tokens.js';
import { ErrorCode, fail, ok, type Result } from '../domain/errors.js';

// Every email Certiflow sends. The outbox stores only `{ template, params }`; rendering happens at send
// time, so secrets such as approval-link tokens are derived on the fly and never written anywhere.
// The schemas also check rows read back from the outbox, which were written by an older worker perhaps.

const isoDateTime = z.iso.datetime({ offset: true });
const text = z.string().min(1);

const paramSchemas = {
  'manager-approval': z.object({
    approvalId: text,
    approverName: text,
    candidateName: text,
    programName: text,
    pathwayName: text,
    expiresAt: isoDateTime,
  }),
  'enrollment-ineligible': z.object({ candidateName: text, programName: text, reasons: z.array(text) }),
  'assessment-requested': z.object({
    assessorName: text,
    candidateName: text,
    programName: text,
    pathwayName: text,
    journeyId: text,
  }),
  'assessment-result': z.object({
    candidateName: text,
    programName: text,
    outcome: z.enum(['passed', 'not_passed']),
    average: z.number().finite(),
    rationale: z.string(),
  }),
  'credential-issued': z.object({
    candidateName: text,
    programName: text,
    credentialNumber: text,
    expiresAt: isoDateTime,
  }),
  'recertification-due': z.object({ candidateName: text, programName: text, expiresAt: isoDateTime }),
  'journey-declined': z.object({
    candidateName: text,
    programName: text,
    approverName: text,
    comment: z.string().optional(),
  }),
};

export type TemplateName = keyof typeof paramSchemas;
export type TemplateParams = { [K in TemplateName]: z.infer<(typeof paramSchemas)[K]> };
/** An email to send, as stored in the outbox: a template name and that template's parameters. */
export type EmailMessage<K extends TemplateName = TemplateName> = {
  [P in K]: { template: P; params: TemplateParams[P] };
}[K];

export interface RenderContext {
  publicUrl: string;
  approvalLinkSecret: string;
}

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

export const templateNames = Object.keys(paramSchemas) as TemplateName[];

/** Checks an untyped `{ template, params }` (workflow input or an outbox row) against its template. */
export function parseEmailMessage(input: { template: string; params: unknown }): Result<EmailMessage> {
  if (!Object.hasOwn(paramSchemas, input.template)) {
    return fail(ErrorCode.InvalidInput, `Unknown email template "${input.template}"`, 'template');
  }
  const template = input.template as TemplateName;
  const parsed = paramSchemas[template].safeParse(input.params);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = ['params', ...(issue?.path ?? [])].join('.');
    return fail(ErrorCode.InvalidInput, `Email "${template}": ${path}: ${issue?.message ?? 'invalid'}`, path);
  }
  return ok({ template, params: parsed.data } as EmailMessage);
}

export function renderEmail(message: EmailMessage, ctx: RenderContext): RenderedEmail {
  return layout(contentOf(message, ctx));
}

// Generic over K so TypeScript pairs each template with its own params (a correlated union).
function contentOf<K extends TemplateName>(message: EmailMessage<K>, ctx: RenderContext): Content {
  const build: { [P in K]: (params: TemplateParams[P], ctx: RenderContext) => Content } = templates;
  return build[message.template](message.params, ctx);
}

type Block =
  | { kind: 'paragraph'; text: string }
  | { kind: 'list'; items: string[] }
  | { kind: 'quote'; text: string }
  | { kind: 'action'; label: string; href: string };

// Templates describe content as plain strings in blocks; only `layout` produces HTML, and it escapes
// every string, so no template can inject markup whatever the parameters hold.
interface Content {
  subject: string;
  greeting: string;
  blocks: Block[];
}

const templates: { [K in TemplateName]: (params: TemplateParams[K], ctx: RenderContext) => Content } = {
  'manager-approval': (p, ctx) => ({
    subject: `Approval needed: ${p.candidateName} for ${p.programName}`,
    greeting: `Hello ${p.approverName},`,
    blocks: [
      paragraph(
        `${p.candidateName} would like to enrol in ${p.programName} through the ${p.pathwayName} pathway ` +
          'and needs your approval as their manager.',
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
      ...(p.reasons.length > 0
        ? [paragraph('The eligibility check found the following:'), { kind: 'list' as const, items: p.reasons }]
        : []),
      paragraph('Once these are addressed you are welcome to apply again. The program team can help if anything is unclear.'),
    ],
  }),
  'assessment-requested': (p) => ({
    subject: `Assessment requested: ${p.candidateName}, ${p.programName}`,
    greeting: `Hello ${p.assessorName},`,
    blocks: [
      paragraph(
        `${p.candidateName} has submitted evidence for ${p.programName} (${p.pathwayName} pathway), ` +
          'and you have been assigned to assess it.',
      ),
      paragraph(`Journey reference: ${p.journeyId}`),
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
      ...(p.rationale.trim() ? [paragraph("The assessor's rationale:"), { kind: 'quote' as const, text: p.rationale }] : []),
    ],
  }),
  'credential-issued': (p) => ({
    subject: `Your ${p.programName} credential: ${p.credentialNumber}`,
    greeting: `Hello ${p.candidateName},`,
    blocks: [
      paragraph(`Your ${p.programName} credential has been issued.`),
      { kind: 'list', items: [`Credential number: ${p.credentialNumber}`, `Valid until: ${formatDate(p.expiresAt)}`] },
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
  'journey-declined': (p) => ({
    subject: `Your ${p.programName} enrolment was declined`,
    greeting: `Hello ${p.candidateName},`,
    blocks: [
      paragraph(`${p.approverName} declined your request to enrol in ${p.programName}.`),
      ...(p.comment?.trim() ? [paragraph('Their comment:'), { kind: 'quote' as const, text: p.comment }] : []),
      paragraph(`If you have questions, please talk to ${p.approverName} or the program team.`),
    ],
  }),
};

const paragraph = (text: string): Block => ({ kind: 'paragraph', text });

function layout(content: Content): RenderedEmail {
  // A header value cannot span lines; names typed with stray newlines must not break the subject.
  const subject = content.subject.replace(/\s+/g, ' ').trim();
  const text = [content.greeting, ...content.blocks.map(blockText), '-- \nCertiflow'].join('\n\n');
  const html = [
    '<!doctype html>',
    `<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>`,
    '<body style="margin:0;padding:24px;background:#f5f6f8;font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:#1f2328;line-height:1.5">',
    '<div style="max-width:560px;margin:0 auto;background:#ffffff;border-radius:8px;padding:24px">',
    `<p style="margin:0 0 16px">${escapeHtml(content.greeting)}</p>`,
    ...content.blocks.map(blockHtml),
    '<p style="margin:24px 0 0;font-size:13px;color:#555">Certiflow</p>',
    '</div></body></html>',
  ].join('\n');
  return { subject, text, html };
}

function blockText(block: Block): string {
  switch (block.kind) {
    case 'paragraph':
      return block.text;
    case 'list':
      return block.items.map((item) => `- ${item}`).join('\n');
    case 'quote':
      return block.text
        .split('\n')
        .map((line) => `> ${line}`)
        .join('\n');
    case 'action':
      return `${block.label}:\n${block.href}`;
  }
}

function blockHtml(block: Block): string {
  switch (block.kind) {
    case 'paragraph':
      return `<p style="margin:0 0 16px">${escapeHtml(block.text)}</p>`;
    case 'list':
      return `<ul style="margin:0 0 16px;padding-left:20px">${block.items.map((item) => `<li>${escapeHtml(item)}</li>`).join('')}</ul>`;
    case 'quote':
      return `<blockquote style="margin:0 0 16px;padding:8px 12px;border-left:4px solid #c7cdd4;white-space:pre-wrap">${escapeHtml(block.text)}</blockquote>`;
    case 'action':
      return (
        `<p style="margin:0 0 16px"><a href="${escapeHtml(block.href)}" style="display:inline-block;padding:10px 18px;` +
        `background:#1d4ed8;color:#ffffff;border-radius:6px;text-decoration:none;font-weight:600">${escapeHtml(block.label)}</a></p>` +
        `<p style="margin:0 0 16px;font-size:13px;color:#555">If the button does not work, copy this address into your browser:<br>` +
        `<span style="word-break:break-all">${escapeHtml(block.href)}</span></p>`
      );
  }
}

export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const weekdays = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

// Formatted by hand rather than with Intl so the output does not depend on the ICU data Node ships with.
/** e.g. "Tuesday 14 July 2026, 09:30 UTC" */
export function formatDateTime(iso: string): string {
  const d = new Date(iso);
  const time = `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
  return `${weekdays[d.getUTCDay()]} ${formatDate(iso)}, ${time} UTC`;
}

/** e.g. "14 July 2026" (the UTC calendar date) */
export function formatDate(iso: string): string {
  const d = new Date(iso);
  return `${d.getUTCDate()} ${months[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

function formatScore(value: number): string {
  return String(Math.round(value * 100) / 100);
}
