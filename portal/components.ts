import { html, type SafeHtml } from './html.js';

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
