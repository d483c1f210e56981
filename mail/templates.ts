import type { z } from 'zod';
import { ErrorCode, fail, ok, type Result } from '../domain/errors.js';
import { appealSchemas, appealTemplates } from './templates/appeals.js';
import { assessmentSchemas, assessmentTemplates } from './templates/assessment.js';
import type { Content, RenderContext } from './templates/blocks.js';
import { credentialSchemas, credentialTemplates } from './templates/credentials.js';
import { enrolmentSchemas, enrolmentTemplates } from './templates/enrolment.js';
import { layout, type RenderedEmail } from './templates/layout.js';
import { progressSchemas, progressTemplates } from './templates/progress.js';
import { reportSchemas, reportTemplates } from './templates/reports.js';
import { responderSchemas, responderTemplates } from './templates/responders.js';

export type { RenderContext } from './templates/blocks.js';
export { formatDate, formatDateTime } from './templates/format.js';
export type { RenderedEmail } from './templates/layout.js';

// Every email Certiflow sends. The outbox stores only `{ template, params }`; rendering happens at send
// time, so secrets such as approval-link tokens are derived on the fly and never written anywhere.
// The schemas also check rows read back from the outbox, which were written by an older worker perhaps.
// Each module under `templates/` holds one phase of the journey: its param schemas next to its renderers.

const paramSchemas = {
  ...enrolmentSchemas,
  ...progressSchemas,
  ...assessmentSchemas,
  ...appealSchemas,
  ...responderSchemas,
  ...credentialSchemas,
  ...reportSchemas,
};

export type TemplateName = keyof typeof paramSchemas;
export type TemplateParams = { [K in TemplateName]: z.infer<(typeof paramSchemas)[K]> };
/** An email to send, as stored in the outbox: a template name and that template's parameters. */
export type EmailMessage<K extends TemplateName = TemplateName> = {
  [P in K]: { template: P; params: TemplateParams[P] };
}[K];

const templates: { [K in TemplateName]: (params: TemplateParams[K], ctx: RenderContext) => Content } = {
  ...enrolmentTemplates,
  ...progressTemplates,
  ...assessmentTemplates,
  ...appealTemplates,
  ...responderTemplates,
  ...credentialTemplates,
  ...reportTemplates,
};

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
