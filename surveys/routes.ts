import type { IncomingMessage, ServerResponse } from 'node:http';
import { type DomainError, ErrorCode } from '../domain/errors.js';
import { escapeHtml } from '../mail/templates.js';
import type { SurveyService, SurveySubject } from './service.js';
import { readForm, sendPage } from '../web/form-pages.js';

// GET /surveys/:assessmentId?token=… shows a 1–5 rating and a comment box; POST records the answer once.
// No script: a link scanner fetching the page records nothing.

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer"><meta name="robots" content="noindex">
<title>${escapeHtml(title)} · Certiflow</title>
<style>
body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a;line-height:1.5}
fieldset{border:1px solid #c7cdd4;border-radius:.25rem}label{margin-right:1rem}textarea{width:100%;min-height:5rem;font:inherit}
button{font:inherit;padding:.5rem 1.25rem;border-radius:.25rem;border:1px solid #1a1a1a;background:#1d4ed8;color:#fff;cursor:pointer}
.notice{padding:1rem;border-left:4px solid #8a1c1c;background:#fbeaea}.done{border-left-color:#0b6e2e;background:#e8f5ec}
</style></head><body><main>${body}</main></body></html>`;
}

export function surveyPage(subject: SurveySubject, token: string): string {
  const ratings = [1, 2, 3, 4, 5]
    .map((n) => `<label><input type="radio" name="rating" value="${n}" required> ${n}</label>`)
    .join('');
  return page(
    'How was your assessment?',
    `<h1>How was your ${escapeHtml(subject.programName)} assessment?</h1>
<form method="post" action="/surveys/${encodeURIComponent(subject.assessmentId)}">
<input type="hidden" name="token" value="${escapeHtml(token)}">
<fieldset><legend>Your overall experience, from 1 (poor) to 5 (excellent)</legend>${ratings}</fieldset>
<p><label for="comment">Anything we could do better? (optional)</label><br><textarea id="comment" name="comment" maxlength="2000"></textarea></p>
<button type="submit">Send</button>
</form>
<p><small>Answers are reported only in groups of five or more. The link works once.</small></p>`,
  );
}

const thanksPage = () => page('Thank you', '<p class="notice done">Thank you: your answer has been recorded.</p>');
const refusalPage = (error: DomainError) => page('Survey', `<p class="notice">${escapeHtml(error.message)}</p>`);

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
