import { html, type SafeHtml } from '../../html/template.js';

// Building blocks the pages share: dates, stage names, status badges, forms with their CSRF field.

export function formatDate(value: string | Date | null | undefined): string {
  if (!value) return '—';
  const date = typeof value === 'string' ? new Date(value) : value;
  return Number.isNaN(date.getTime()) ? '—' : date.toISOString().slice(0, 10);
}

export function formatDateTime(value: string | Date | null | undefined): string {
  if (!value) return '—';
  const date = typeof value === 'string' ? new Date(value) : value;
  return Number.isNaN(date.getTime()) ? '—' : `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** AWAITING_MANAGER_APPROVAL → "Awaiting manager approval". */
export function humanize(constant: string): string {
  const words = constant.toLowerCase().replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const STAGE_TONE: Record<string, string> = {
  CERTIFIED: 'good',
  RECERTIFIED: 'good',
  NOT_CERTIFIED: 'bad',
  INELIGIBLE: 'bad',
  DECLINED: 'bad',
  WITHDRAWN: 'muted',
  LAPSED: 'bad',
  REVOKED: 'bad',
  EXPIRED: 'bad',
};

export const stageBadge = (stage: string): SafeHtml => html`<span class="badge ${STAGE_TONE[stage] ?? 'info'}">${humanize(stage)}</span>`;

export const csrfField = (csrf: string): SafeHtml => html`<input type="hidden" name="_csrf" value="${csrf}">`;

/** A POST form with its CSRF field; `back` is where the portal returns after the action. */
export function postForm(action: string, csrf: string, fields: SafeHtml, options: { label?: string; className?: string } = {}): SafeHtml {
  return html`<form method="post" action="${action}"${options.className ? html` class="${options.className}"` : ''}${options.label ? html` aria-label="${options.label}"` : ''}>${csrfField(csrf)}${fields}</form>`;
}

export const emptyState = (text: string): SafeHtml => html`<p class="empty">${text}</p>`;

export function definitionList(rows: [string, SafeHtml | string | number | null | undefined][]): SafeHtml {
  return html`<dl class="facts">${rows.map(([term, value]) => html`<dt>${term}</dt><dd>${value ?? '—'}</dd>`)}</dl>`;
}

/** A data table with a caption (screen readers announce it) that scrolls sideways on a phone. */
export function table(caption: string, headers: string[], rows: (SafeHtml | string | number | null)[][]): SafeHtml {
  return html`<div class="table-wrap" role="region" aria-label="${caption}" tabindex="0"><table><caption>${caption}</caption>
<thead><tr>${headers.map((h) => html`<th scope="col">${h}</th>`)}</tr></thead>
<tbody>${rows.map((row) => html`<tr>${row.map((cell) => html`<td>${cell ?? '—'}</td>`)}</tr>`)}</tbody></table></div>`;
}

/** In the order of the capture groups below. */
const DURATION_UNITS = ['year', 'month', 'week', 'day', 'hour', 'minute'];

/** An ISO 8601 duration in words: P2Y → "2 years", P1Y6M → "1 year 6 months", P14D → "14 days". */
export function formatDuration(iso: string | null | undefined): string {
  const found = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?)?$/.exec(iso ?? '');
  if (!found) return iso ?? '—';
  const parts = DURATION_UNITS.flatMap((unit, i) => {
    const n = Number(found[i + 1] ?? 0);
    return n ? [`${n} ${unit}${n === 1 ? '' : 's'}`] : [];
  });
  return parts.join(' ') || 'none';
}

/** Bytes for people: 1.4 MB, 820 KB. */
export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined) return '—';
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return bytes >= 1024 ? `${Math.round(bytes / 1024)} KB` : `${bytes} bytes`;
}

/** A link to a submission's uploaded file, served by the API to whoever may see the journey. */
export function evidenceFileLink(submission: { id: string; fileName: string | null; fileSize: number | null; mimeType?: string | null }): SafeHtml {
  const details = [submission.mimeType, formatBytes(submission.fileSize)].filter(Boolean).join(', ');
  return html`<a href="/evidence/${encodeURIComponent(submission.id)}" download>Download ${submission.fileName ?? 'the file'}</a> <span class="hint">(${details})</span>`;
}

/**
 * Per-criterion scores from the API's JSON scalar (`{ criterionKey: level }`), or null when hidden or not
 * that shape: the schema cannot type a JSON value, so the page checks it before reading it.
 */
export function criterionScores(value: unknown): Record<string, number> | null {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
  const entries = Object.entries(value);
  return entries.every(([, level]) => typeof level === 'number') ? Object.fromEntries(entries as [string, number][]) : null;
}

/** A learning plan from the API's JSON scalar (`{ goals, note }`), with anything of another shape left out. */
export function learningPlanOf(value: unknown): { goals: string[]; note: string; updatedAt: string | null } | null {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
  const { goals, note, updatedAt } = value as { goals?: unknown; note?: unknown; updatedAt?: unknown };
  return {
    goals: Array.isArray(goals) ? goals.filter((goal): goal is string => typeof goal === 'string') : [],
    note: typeof note === 'string' ? note : '',
    updatedAt: typeof updatedAt === 'string' ? updatedAt : null,
  };
}
