import { Hono } from 'hono';
import { type DomainError, ErrorCode } from '../../domain/errors.js';
import { html } from '../../html/template.js';
import type { SurveyService, SurveySubject } from '../../services/surveys.js';
import type { EdgeEnv } from '../env.js';
import { LINK_FORM_BYTES, readForm } from '../middleware/body.js';
import { linkPage as page, linkPageResponse } from './link-page.js';

// GET /surveys/:assessmentId?token=… shows a 1–5 rating and a comment box; POST records the answer once.
// No script: a link scanner fetching the page records nothing. The frame is the portal's (link-page.ts).

export function surveyPage(subject: SurveySubject, token: string): string {
  const ratings = [1, 2, 3, 4, 5].map((n) => html`<label class="rating-choice"><input type="radio" name="rating" value="${n}" required> ${n}</label>`);
  return page(
    'How was your assessment?',
    html`<h1>How was your ${subject.programName} assessment?</h1>
<form method="post" action="/surveys/${encodeURIComponent(subject.assessmentId)}" class="stack">
<input type="hidden" name="token" value="${token}">
<fieldset><legend>Your overall experience, from 1 (poor) to 5 (excellent)</legend><div class="rating-choices">${ratings}</div></fieldset>
<label for="comment">Anything we could do better? <span class="hint">(optional)</span></label><textarea id="comment" name="comment" maxlength="2000"></textarea>
<div class="actions"><button type="submit" class="primary">Send</button></div>
</form>
<p class="hint">Answers are reported only in groups of five or more. The link works once.</p>`,
  );
}

const thanksPage = () => page('Thank you', html`<h1>Thank you</h1><p class="notice success">Your answer has been recorded.</p>`);
const refusalPage = (error: DomainError) => page('Survey', html`<h1>This survey link cannot be used</h1><p class="notice error">${error.message}</p>`);

const STATUS: Partial<Record<ErrorCode, number>> = { [ErrorCode.LinkInvalid]: 404, [ErrorCode.LinkUsed]: 409, [ErrorCode.InvalidInput]: 400 };

/** /surveys/:assessmentId. A mangled id is kept as sent: no assessment has it, so the link is refused. */
export function surveyRoutes(surveys: SurveyService): Hono<EdgeEnv> {
  const routes = new Hono<EdgeEnv>({ strict: false });
  const reply = (result: Awaited<ReturnType<SurveyService['view']>>, ok: (s: SurveySubject) => string) =>
    linkPageResponse(result.ok ? 200 : (STATUS[result.error.code] ?? 400), result.ok ? ok(result.value) : refusalPage(result.error));

  routes.get('/surveys/:assessmentId', async (c) => {
    const token = c.req.query('token') ?? '';
    return reply(await surveys.view(c.req.param('assessmentId'), token), (s) => surveyPage(s, token));
  });
  routes.post('/surveys/:assessmentId', async (c) => {
    const form = await readForm(c.req.raw, LINK_FORM_BYTES);
    if (form === 'too-large') return linkPageResponse(413, refusalPage({ code: ErrorCode.InvalidInput, message: 'The form is too large.' }));
    const comment = form.get('comment')?.trim() || undefined;
    const answer = { rating: Number(form.get('rating')), ...(comment ? { comment } : {}) };
    return reply(await surveys.respond(c.req.param('assessmentId'), form.get('token') ?? '', answer), thanksPage);
  });
  routes.all('/surveys/:assessmentId', (c) => c.body(null, 405, { allow: 'GET, HEAD, POST' }));
  return routes;
}
