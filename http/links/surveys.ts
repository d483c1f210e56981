import type { IncomingMessage, ServerResponse } from 'node:http';
import { type DomainError, ErrorCode } from '../../domain/errors.js';
import { escapeHtml } from '../../mail/templates.js';
import type { SurveyService, SurveySubject } from '../../services/surveys.js';
import { linkPage as page, readForm, sendPage } from './link-page.js';

// GET /surveys/:assessmentId?token=… shows a 1–5 rating and a comment box; POST records the answer once.
// No script: a link scanner fetching the page records nothing. The frame is the portal's (link-page.ts).

export function surveyPage(subject: SurveySubject, token: string): string {
  const ratings = [1, 2, 3, 4, 5]
    .map((n) => `<label class="rating-choice"><input type="radio" name="rating" value="${n}" required> ${n}</label>`)
    .join('');
  return page(
    'How was your assessment?',
    `<h1>How was your ${escapeHtml(subject.programName)} assessment?</h1>
<form method="post" action="/surveys/${encodeURIComponent(subject.assessmentId)}" class="stack">
<input type="hidden" name="token" value="${escapeHtml(token)}">
<fieldset><legend>Your overall experience, from 1 (poor) to 5 (excellent)</legend><div class="rating-choices">${ratings}</div></fieldset>
<label for="comment">Anything we could do better? <span class="hint">(optional)</span></label><textarea id="comment" name="comment" maxlength="2000"></textarea>
<div class="actions"><button type="submit" class="primary">Send</button></div>
</form>
<p class="hint">Answers are reported only in groups of five or more. The link works once.</p>`,
  );
}

const thanksPage = () => page('Thank you', '<h1>Thank you</h1><p class="notice success">Your answer has been recorded.</p>');
const refusalPage = (error: DomainError) => page('Survey', `<h1>This survey link cannot be used</h1><p class="notice error">${escapeHtml(error.message)}</p>`);

const STATUS: Partial<Record<ErrorCode, number>> = { [ErrorCode.LinkInvalid]: 404, [ErrorCode.LinkUsed]: 409, [ErrorCode.InvalidInput]: 400 };

/** Handles /surveys/:assessmentId; returns false when the request is for another path. */
export async function handleSurveyRequest(surveys: SurveyService, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const match = /^\/surveys\/([^/]+)$/.exec(url.pathname);
  if (!match) return false;
  let assessmentId = match[1]!;
  try {
    assessmentId = decodeURIComponent(assessmentId);
  } catch {
    // Left as sent: no assessment has such an id, so the link is refused as invalid.
  }
  const reply = (result: Awaited<ReturnType<SurveyService['view']>>, ok: (s: SurveySubject) => string) =>
    sendPage(res, result.ok ? 200 : (STATUS[result.error.code] ?? 400), result.ok ? ok(result.value) : refusalPage(result.error));

  if (req.method === 'GET' || req.method === 'HEAD') {
    const token = url.searchParams.get('token') ?? '';
    reply(await surveys.view(assessmentId, token), (s) => surveyPage(s, token));
    return true;
  }
  if (req.method === 'POST') {
    const form = await readForm(req);
    if (!form) {
      sendPage(res, 413, refusalPage({ code: ErrorCode.InvalidInput, message: 'The form is too large.' }));
      return true;
    }
    const comment = form.get('comment')?.trim() || undefined;
    const answer = { rating: Number(form.get('rating')), ...(comment ? { comment } : {}) };
    reply(await surveys.respond(assessmentId, form.get('token') ?? '', answer), thanksPage);
    return true;
  }
  res.writeHead(405, { allow: 'GET, HEAD, POST' }).end();
  return true;
}
