import { formatDate } from '../components.js';
import { html, type SafeHtml } from '../../../html/template.js';

// Pieces shared by the pages of people who act on others' journeys (team, mentees, assessments,
// committee): the journey's headline, check-in status, form fields with their labels.

export interface JourneyHeadline {
  id: string;
  stage: string;
  candidate: { name: string };
  program: { name: string };
  pathway?: { name: string } | null;
}

export const journeyPath = (journeyId: string): string => `/journeys/${encodeURIComponent(journeyId)}`;

/** "Alex Kim" linking to the journey page, which decides what this person may see of it. */
export const candidateLink = (journey: JourneyHeadline): SafeHtml => html`<a href="${journeyPath(journey.id)}">${journey.candidate.name}</a>`;

export const programLabel = (journey: JourneyHeadline): string =>
  journey.pathway ? `${journey.program.name} (${journey.pathway.name})` : journey.program.name;

export interface CheckInRow {
  id?: string;
  dueAt: string;
  recordedAt: string | null;
  missed: boolean;
  progress?: string | null;
  blockers?: string | null;
  nextSteps?: string | null;
}

export type CheckInStatus = 'recorded' | 'missed' | 'overdue' | 'due' | 'upcoming';

/** Within this many days a check-in counts as due rather than upcoming. */
const DUE_WINDOW_DAYS = 7;

export function checkInStatus(checkIn: CheckInRow, now: Date): CheckInStatus {
  if (checkIn.recordedAt) return 'recorded';
  if (checkIn.missed) return 'missed';
  const due = new Date(checkIn.dueAt).getTime();
  if (due < now.getTime()) return 'overdue';
  return due - now.getTime() <= DUE_WINDOW_DAYS * 86_400_000 ? 'due' : 'upcoming';
}

const STATUS_TEXT: Record<CheckInStatus, string> = {
  recorded: 'Recorded',
  missed: 'Missed',
  overdue: 'Overdue',
  due: 'Due soon',
  upcoming: 'Upcoming',
};
const STATUS_TONE: Record<CheckInStatus, string> = { recorded: 'good', missed: 'bad', overdue: 'bad', due: 'info', upcoming: 'muted' };

/** The status in words, styled by tone: colour never carries it alone. */
export const checkInBadge = (status: CheckInStatus): SafeHtml => html`<span class="badge ${STATUS_TONE[status]}">${STATUS_TEXT[status]}</span>`;

/** The open check-in's due date as a status: overdue, due within a week, or upcoming. */
export function dueStatus(dueAt: string, now: Date): CheckInStatus {
  return checkInStatus({ dueAt, recordedAt: null, missed: false }, now);
}

/** "Overdue since 2026-05-01", "Due soon 2026-06-01" or "None open", for a table cell. */
export function nextCheckIn(dueAt: string | null, now: Date): SafeHtml {
  if (!dueAt) return html`<span class="muted-text">None open</span>`;
  const status = dueStatus(dueAt, now);
  return html`${checkInBadge(status)} ${status === 'overdue' ? 'since ' : ''}${formatDate(dueAt)}`;
}

export function textArea(id: string, name: string, label: string, options: { required?: boolean; hint?: string; maxLength?: number; value?: string } = {}): SafeHtml {
  const hintId = `${id}-hint`;
  return html`<label for="${id}">${label}${options.required ? '' : html` <span class="hint">(optional)</span>`}</label>
${options.hint ? html`<p class="hint field-hint" id="${hintId}">${options.hint}</p>` : ''}
<textarea id="${id}" name="${name}"${options.required ? html` required` : ''} maxlength="${options.maxLength ?? 5000}"${options.hint ? html` aria-describedby="${hintId}"` : ''}>${options.value ?? ''}</textarea>`;
}

export function textInput(id: string, name: string, label: string, options: { required?: boolean; hint?: string; maxLength?: number } = {}): SafeHtml {
  const hintId = `${id}-hint`;
  return html`<label for="${id}">${label}${options.required ? '' : html` <span class="hint">(optional)</span>`}</label>
${options.hint ? html`<p class="hint field-hint" id="${hintId}">${options.hint}</p>` : ''}
<input type="text" id="${id}" name="${name}"${options.required ? html` required` : ''} maxlength="${options.maxLength ?? 200}"${options.hint ? html` aria-describedby="${hintId}"` : ''}>`;
}

/** Where a form goes back to after its action, whichever page it sits on. */
export const backField = (path: string): SafeHtml => html`<input type="hidden" name="_back" value="${path}">`;

/** A required form field, trimmed; an empty one is answered before the API is asked. */
export function formText(form: URLSearchParams, name: string): string {
  return form.get(name)?.trim() ?? '';
}


/**
 * Read-your-writes after an action: the workflow accepted it, but the read model the pages show is
 * written a moment later (docs/api.md, Consistency). Polls `settled` briefly so the page the person
 * lands on already shows the change; gives up quietly after `timeoutMs` (the page then lags a little).
 * Says whether the change showed.
 */
export async function settle(settled: () => Promise<boolean>, timeoutMs = 3000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await settled()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}
