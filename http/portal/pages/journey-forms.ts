import { csrfField, learningPlanOf, formatDate, humanize, postForm } from '../components.js';
import { html, type SafeHtml } from '../../../html/template.js';
import { ACTIVE_STAGES, journeyHref } from './candidate-shared.js';
import type { JourneyView } from './journey-view.js';

// What the candidate can do on their journey page, by stage. The workflow has the last word (it refuses
// what the stage does not allow and says why); these forms only offer what makes sense now.

const ACCEPT = { pdf: 'application/pdf,.pdf', video: 'video/mp4,video/webm,video/quicktime,.mp4,.webm,.mov' };

/** One form per accepted evidence format, each a multipart form so a file can go with it. */
function evidenceForm(j: JourneyView, csrf: string, format: string): SafeHtml {
  const id = `evidence-${format}`;
  // A multipart body is read only after its CSRF token has been checked, so the token rides in the
  // action's URL (http/portal/app.ts); the hidden `_csrf` field is not what is checked for this form.
  const action = `${journeyHref(j.id)}/evidence?_csrf=${encodeURIComponent(csrf)}`;
  const field = (name: string) => `${id}-${name}`;
  const common = (contentLabel: string, contentHint: string) =>
    html`<label for="${field('title')}">Title</label>
<input type="text" id="${field('title')}" name="title" required maxlength="200">
<label for="${field('content')}">${contentLabel} <span class="hint">${contentHint}</span></label>
<textarea id="${field('content')}" name="content" required></textarea>
<label for="${field('reflection')}">Reflection <span class="hint">What you learned and what you would do differently, including how you worked with others</span></label>
<textarea id="${field('reflection')}" name="reflection" required></textarea>`;
  let specific: SafeHtml;
  switch (format) {
    case 'video':
      specific = html`${common('Description', 'What the recording shows')}
<fieldset><legend>The recording: a link or a file</legend>
<label for="${field('url')}">Link <span class="hint">(https)</span></label>
<input type="url" id="${field('url')}" name="url" pattern="https://.*" placeholder="https://">
<label for="${field('file')}">Or upload a video <span class="hint">MP4, WebM or QuickTime, up to 200 MB</span></label>
<input type="file" id="${field('file')}" name="file" accept="${ACCEPT.video}"></fieldset>`;
      break;
    case 'live_demonstration':
      specific = html`${common('Outline', 'A one-page outline of the system you will present')}
<label for="${field('scheduledAt')}">Session date and time <span class="hint">(UTC, as agreed with the panel)</span></label>
<input type="datetime-local" id="${field('scheduledAt')}" name="scheduledAt" required>
<label for="${field('file')}">Outline as PDF <span class="hint">(optional, up to 20 MB)</span></label>
<input type="file" id="${field('file')}" name="file" accept="${ACCEPT.pdf}">`;
      break;
    case 'reflective_write_up':
      specific = common('Write-up', 'Your practice since the credential was issued');
      break;
    default:
      specific = html`${common('Report', 'Paste the report, or summarise it and attach the PDF')}
<label for="${field('file')}">Report as PDF <span class="hint">(optional, up to 20 MB)</span></label>
<input type="file" id="${field('file')}" name="file" accept="${ACCEPT.pdf}">`;
  }
  return html`<form method="post" action="${action}" enctype="multipart/form-data" class="stack card" aria-labelledby="${id}-heading">
<h4 id="${id}-heading">${humanize(format)}</h4>${csrfField(csrf)}<input type="hidden" name="format" value="${format}">
${specific}
<div class="actions"><button type="submit" class="primary">Submit ${humanize(format).toLowerCase()}</button></div></form>`;
}

function evidenceForms(j: JourneyView, csrf: string): SafeHtml {
  const recertifying = j.stage === 'RECERTIFICATION_DUE';
  if (j.stage !== 'AWAITING_SUBMISSION' && !recertifying) return html``;
  const formats = recertifying ? [...new Set([...j.pathway.evidenceFormats, 'reflective_write_up'])] : j.pathway.evidenceFormats;
  const due = j.deadlines?.find((d) => d.kind === 'SUBMISSION');
  return html`<h3>Submit your evidence</h3>
<p>${recertifying ? 'Re-certification: submit evidence of your practice in one of these formats.' : 'Choose one format the pathway accepts.'}${due ? html` Due by ${formatDate(due.dueAt)}.` : ''}</p>
${
  // Anonymised assessment: the panel sees a pseudonym, so the candidate should not name themselves.
  j.anonymity === 'OFF'
    ? ''
    : html`<p class="notice" role="note">This program's assessment is anonymised: the panel sees a pseudonym, not your name, department or manager. Do not name yourself in a written report or write-up, nor in its file name. A video or a live demonstration shows you, so it is not anonymised.</p>`
}
<div class="evidence-forms">${formats.map((format) => evidenceForm(j, csrf, format))}</div>`;
}

function appealForm(j: JourneyView, csrf: string): SafeHtml {
  // An ineligibility verdict, a decline, a failed re-certification or a revocation keeps its stage while
  // it may be appealed: the open appeal deadline says so.
  const until = j.deadlines?.find((d) => d.kind === 'APPEAL');
  if (j.stage !== 'APPEAL_WINDOW' && !until) return html``;
  return html`<h3>Appeal the decision</h3>
<p>You may appeal this decision${until ? html` until ${formatDate(until.dueAt)}` : ''}. Committee members who took no part in it review your appeal.</p>
${postForm(
  `${journeyHref(j.id)}/appeal`,
  csrf,
  html`<label for="appeal-grounds">Grounds for your appeal <span class="hint">(at least 20 characters)</span></label>
<textarea id="appeal-grounds" name="grounds" required minlength="20"></textarea>
<div class="actions"><button type="submit" class="primary">File the appeal</button></div>`,
  { label: 'Appeal', className: 'stack' },
)}`;
}

function planForm(j: JourneyView, csrf: string): SafeHtml {
  if (![...ACTIVE_STAGES, 'PAUSED'].includes(j.stage)) return html``;
  return html`<details class="panel"><summary>Change your learning plan</summary>
${postForm(
  `${journeyHref(j.id)}/plan`,
  csrf,
  html`<label for="plan-goals">Goals <span class="hint">(one a line, up to 20)</span></label>
<textarea id="plan-goals" name="goals" required>${(learningPlanOf(j.learningPlan)?.goals ?? []).join('\n')}</textarea>
<label for="plan-note">Note <span class="hint">(optional)</span></label>
<textarea id="plan-note" name="note">${learningPlanOf(j.learningPlan)?.note ?? ''}</textarea>
<div class="actions"><button type="submit">Save the learning plan</button></div>`,
  { label: 'Learning plan', className: 'stack' },
)}</details>`;
}

function pauseAndWithdraw(j: JourneyView, csrf: string): SafeHtml {
  const pause = ACTIVE_STAGES.includes(j.stage)
    ? postForm(
        `${journeyHref(j.id)}/pause`,
        csrf,
        html`<label for="pause-reason">Reason for the pause</label><input type="text" id="pause-reason" name="reason" required maxlength="500">
<div class="actions"><button type="submit">Pause my journey</button></div>`,
        { label: 'Pause', className: 'stack' },
      )
    : j.stage === 'PAUSED'
      ? postForm(`${journeyHref(j.id)}/resume`, csrf, html`<p>Paused since ${formatDate(j.pausedAt)}. Every deadline moves on by the time spent paused.</p><div class="actions"><button type="submit" class="primary">Resume my journey</button></div>`, {
          label: 'Resume',
        })
      : '';
  const withdrawable = [...ACTIVE_STAGES, 'PAUSED', 'AWAITING_MANAGER_APPROVAL'].includes(j.stage);
  const withdraw = withdrawable
    ? html`<form method="post" action="${journeyHref(j.id)}/withdraw" class="stack" aria-label="Withdraw" data-confirm="Withdraw from this journey? This cannot be undone; you would have to enrol again.">${csrfField(csrf)}
<label for="withdraw-reason">Reason for withdrawing</label><input type="text" id="withdraw-reason" name="reason" required maxlength="500">
<div class="actions"><button type="submit" class="danger">Withdraw from this journey</button></div></form>`
    : '';
  if (!pause && !withdraw) return html``;
  return html`<h3>Take a break or stop</h3>${pause}${withdraw}`;
}

/** Every action open to the candidate now, or a line saying there is none. */
export function candidateActions(j: JourneyView, csrf: string): SafeHtml {
  const parts = [evidenceForms(j, csrf), appealForm(j, csrf), planForm(j, csrf), pauseAndWithdraw(j, csrf)].filter((p) => p.value.trim());
  return html`<section aria-labelledby="actions-heading" class="actions-section"><h2 id="actions-heading">What you can do now</h2>
${parts.length ? parts : html`<p>Nothing is needed from you at this stage.</p>`}</section>`;
}
