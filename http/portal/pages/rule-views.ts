import { definitionList, emptyState, formatDate, formatDateTime, humanize, table } from '../components.js';
import { html, type SafeHtml } from '../../../html/template.js';
import type { Problem } from './rule-json.js';
import type { Change, DueReview, Draft, Outcome, Simulation, Transition, Version } from './rule-operations.js';

export type { Change, DueReview, Draft, Outcome, Simulation, Transition, Version };

// What the rule-set pages show, apart from the editor form: versions, drafts, reviews due, the problems
// in a text, the what-if simulation, the diff and what publishing told each journey. Data comes from
// the API as rule-operations.ts types it.

export const editorHref = (key: string, draftId?: string): string => `/admin/rules/${encodeURIComponent(key)}${draftId ? `?draft=${encodeURIComponent(draftId)}` : ''}`;

const journeyLink = (journeyId: string | null): SafeHtml | string => (journeyId ? html`<a href="/journeys/${encodeURIComponent(journeyId)}">${journeyId}</a>` : '—');

export function versionsTable(key: string, versions: Version[]): SafeHtml {
  return table(
    `Published versions of ${key}`,
    ['Version', 'Published', 'By', 'Reason', 'Review due'],
    versions.map((v) => [v.id, formatDate(v.publishedAt), v.publishedBy, v.reason, formatDate(v.reviewDueOn)]),
  );
}

const publishable = (draft: Draft): string =>
  draft.errors.length === 0 ? 'Yes' : `No: ${draft.errors.length} problem${draft.errors.length === 1 ? '' : 's'}`;

export function draftsTable(caption: string, drafts: Draft[], currentId?: string | null): SafeHtml {
  return table(
    caption,
    ['Rule set', 'Author', 'Last saved', 'Based on version', 'Publishable', 'Draft'],
    drafts.map((d) => [
      d.key,
      d.author,
      formatDateTime(d.updatedAt),
      d.basedOnVersion ?? 'none (first version)',
      publishable(d),
      d.id === currentId ? 'Open in the editor' : html`<a href="${editorHref(d.key, d.id)}">Open draft <span class="visually-hidden">of ${d.key} by ${d.author}</span></a>`,
    ]),
  );
}

export function dueReviewsTable(reviews: DueReview[], programNames: Map<string, string>): SafeHtml {
  if (reviews.length === 0) return emptyState('No rule-set review is due in the next 30 days.');
  return table(
    'Rule-set reviews due within 30 days',
    ['Rule set', 'Program', 'Latest version', 'Due', 'Status'],
    reviews.map((r) => [
      html`<a href="${editorHref(r.ruleSetKey)}">${r.ruleSetKey}</a>`,
      programNames.get(r.programId) ?? r.programId,
      r.ruleSetId,
      formatDate(r.dueOn),
      r.dueOn === null ? 'Never scheduled' : r.overdue ? 'Overdue' : 'Due soon',
    ]),
  );
}

/**
 * The problems in the editor's text, in the region the textarea names in aria-describedby (and which the
 * editor script refreshes as the admin types). `null`: not checked yet.
 */
export function problemsRegion(problems: Problem[] | null, okText = 'No problems found.'): SafeHtml {
  return html`<div id="definition-problems" class="rule-problems" aria-live="polite" data-ok-text="${okText}">${problemsContent(problems, okText)}</div>`;
}

function problemsContent(problems: Problem[] | null, okText: string): SafeHtml | string {
  if (problems === null) return '';
  if (problems.length === 0) return html`<p class="rule-valid">${okText}</p>`;
  const count = `${problems.length} problem${problems.length === 1 ? '' : 's'} in the rule set`;
  return html`<p class="rule-invalid" id="definition-problems-title"><strong>${count}:</strong></p>
<ul class="problems" aria-labelledby="definition-problems-title">${problems.map(
    (p) =>
      html`<li><code>${p.path}</code>${p.line ? html` <span class="rule-line" data-line="${p.line}">line ${p.line}</span>` : ''}: ${p.message}${p.suggestion ? html` <span class="hint">(${p.suggestion})</span>` : ''}</li>`,
  )}</ul>`;
}

const eligibility = (value: boolean | null): string => (value === null ? 'Could not evaluate' : value ? 'Eligible' : 'Not eligible');
const groupName = (group: string): string => (group === 'IN_FLIGHT' ? 'In flight' : 'Past candidate');
const CHANGE_TEXT: Record<string, string> = { LOSES: 'Would lose eligibility', GAINS: 'Would gain eligibility', FAILED: 'Could not be evaluated', UNCHANGED: 'No change' };
const whyList = (why: string[]): SafeHtml | string => (why.length ? html`<ul class="rule-why">${why.map((w) => html`<li>${w}</li>`)}</ul>` : '—');

function outcomeRows(outcomes: Outcome[]): (SafeHtml | string | null)[][] {
  return outcomes.map((o) => [
    o.name,
    journeyLink(o.journeyId),
    groupName(o.group),
    o.stage ? humanize(o.stage) : '—',
    html`${eligibility(o.before)} <span class="hint">(${o.baselineRuleSetId})</span>`,
    eligibility(o.after),
    CHANGE_TEXT[o.change] ?? humanize(o.change),
    whyList(o.why),
  ]);
}

const OUTCOME_HEADERS = ['Person', 'Journey', 'Group', 'Stage', 'Eligible today', 'Under this text', 'Change', 'Why'];

export function simulationSection(report: Simulation): SafeHtml {
  const changed = [...report.loses, ...report.gains];
  return html`<section class="panel" aria-labelledby="outcome-heading"><h2 id="outcome-heading">What-if simulation</h2>
${definitionList([
  ['Evaluated as', report.ruleSetId],
  ['Facts as of', formatDateTime(report.asOf)],
  ['People evaluated', report.population],
  ['Would lose eligibility', report.loses.length],
  ['Would gain eligibility', report.gains.length],
  ['Unchanged', report.unchanged.length],
  ['Could not be evaluated', report.failed.length],
])}
${changed.length ? table('Journeys and past candidates whose eligibility would change', OUTCOME_HEADERS, outcomeRows(changed)) : emptyState('Nobody’s eligibility would change.')}
${report.failed.length ? table('People who could not be evaluated', OUTCOME_HEADERS, outcomeRows(report.failed)) : ''}
${report.unchanged.length ? html`<details><summary>${report.unchanged.length} unchanged</summary>${table('People whose eligibility would not change', OUTCOME_HEADERS, outcomeRows(report.unchanged))}</details>` : ''}
<p class="hint">Nothing was saved: the simulation evaluates the text in the editor for every journey of the program.</p></section>`;
}

const CHANGE_KIND: Record<string, string> = { ADDED: 'Added', REMOVED: 'Removed', CHANGED: 'Changed' };

/** The diff, rule by rule: one table per rule named in the changes, then the envelope and shared conditions. */
export function diffSection(from: string, to: string, changes: Change[]): SafeHtml {
  const groups = new Map<string, Change[]>();
  for (const change of changes) {
    const rule = /^Rule "([^"]+)"/.exec(change.summary)?.[1];
    const name = rule ? `Rule “${rule}”` : 'The file and shared conditions';
    groups.set(name, [...(groups.get(name) ?? []), change]);
  }
  return html`<section class="panel" aria-labelledby="outcome-heading"><h2 id="outcome-heading">Changes from ${from} to ${to}</h2>
${
  changes.length === 0
    ? emptyState('No differences: the text says the same as the published version.')
    : [...groups].map(([name, list]) =>
        table(
          `${name}: ${list.length} change${list.length === 1 ? '' : 's'}`,
          ['Change', 'Where', 'What'],
          list.map((c) => [CHANGE_KIND[c.kind] ?? humanize(c.kind), html`<code>${c.path}</code>`, c.summary]),
        ),
      )
}</section>`;
}

const ANSWER = (r: Transition['results'][number]): string => (r.accepted === null ? 'Not answered yet' : r.accepted ? 'Accepted' : 'Refused');

export function transitionSection(version: string, transition: Transition): SafeHtml {
  const refused = transition.results.filter((r) => r.accepted === false).length;
  return html`<section aria-labelledby="delivery-heading"><h2 id="delivery-heading">What publishing ${version} told journeys in flight</h2>
${definitionList([
  ['Previous version', transition.previousRuleSetId],
  ['Policy', humanize(transition.policy)],
  ['Journeys move', formatDateTime(transition.effectiveAt)],
  ['Accepted', `${transition.journeysNotified} of ${transition.results.length}`],
  ['Refused or unreachable', refused],
])}
${
  transition.results.length
    ? table(
        `Answer of each journey to ${version}`,
        ['Journey', 'Answer', 'Stage', 'Reason'],
        transition.results.map((r) => [journeyLink(r.journeyId), ANSWER(r), r.stage ? humanize(r.stage) : '—', r.code ? `${humanize(r.code)}: ${r.message ?? ''}` : '—']),
      )
    : emptyState(`No journey in flight was on ${transition.previousRuleSetId}.`)
}</section>`;
}
