import { graphql, type ResultOf } from '../graphql.js';
import { criterionScores, definitionList, emptyState, learningPlanOf, evidenceFileLink, formatDate, formatDateTime, humanize, table } from '../components.js';
import { html, type SafeHtml } from '../../../html/template.js';
import { CREDENTIAL_STATUS, credentialHref, deadlineLabel } from './candidate-shared.js';

// The read-only sections of the journey page, the same for everyone allowed to see the journey; the
// API has already left out what this viewer may not see (forecast, scores, appeals of others).

/** The journey page's one read, with everything its sections show (the forecast only when asked for). */
export const JOURNEY = graphql(`query PortalJourney($id: ID!, $withForecast: Boolean!) { journey(id: $id) {
  id stage cycle enrolledAt pausedAt endReason outcome ruleSetId eligibility learningPlan anonymity candidateHidden
  candidate { id name title department }
  program { id name }
  pathway { id name evidenceFormats evidenceRequirements progression rubricCriteria { criteria { key title threshold } levels { level label } } }
  cohort { name pilot }
  mentor { id name }
  forecast @include(if: $withForecast) { status stepsDone stepsTotal remaining basis peers pace earliest expected latest }
  deadlines { kind dueAt }
  checkIns { id dueAt recordedAt missed progress nextSteps }
  milestones { id title badge awardedAt }
  submissions { id format title content reflection submittedAt attempt url fileName fileSize mimeType scheduledAt }
  assessments { id outcome rationale decidedAt average scores }
  panelScores { id round submittedAt scores comment assessor { name } }
  appeals { id grounds filedAt outcome rationale decidedAt }
  credentials { id number status issuedAt expiresAt }
  events { seq type at stage actor { name } data }
} }`);

export type JourneyView = NonNullable<ResultOf<typeof JOURNEY>['journey']>;
type Forecast = NonNullable<JourneyView['forecast']>;
type Submission = JourneyView['submissions'][number];

interface Eligibility {
  eligible: boolean;
  evaluatedAt?: string;
  ruleSetId?: string;
  reasons?: string[];
  conditions?: { description: string; passed: boolean; actual: unknown; expected: unknown }[];
}

/** The stored eligibility verdict (a JSON scalar in the schema), read only when it has the shape the rules activity writes. */
function eligibilityOf(value: unknown): Eligibility | null {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
  const verdict = value as Eligibility;
  return typeof verdict.eligible === 'boolean' ? verdict : null;
}

const when = (iso: string | null | undefined): SafeHtml => (iso ? html`<time datetime="${iso}">${formatDate(iso)}</time>` : html`—`);
const value = (v: unknown): string => (v === null || v === undefined ? '—' : typeof v === 'string' ? v : JSON.stringify(v));

export function progressSection(j: JourneyView): SafeHtml {
  const done = j.forecast ? j.forecast.stepsDone : null;
  const ended = j.forecast?.status === 'ENDED';
  const step = (text: string, i: number) => {
    if (done === null || ended) return html`<li>${text}</li>`;
    if (i < done) return html`<li class="done">${text} <span class="step-state">Done</span></li>`;
    if (i === done) return html`<li class="current" aria-current="step">${text} <span class="step-state">You are here</span></li>`;
    return html`<li>${text} <span class="step-state">To come</span></li>`;
  };
  return html`<section aria-labelledby="progress-heading"><h2 id="progress-heading">Progress</h2>
${done !== null ? html`<p>${done} of ${j.forecast!.stepsTotal} steps done.</p>` : ''}
<ol class="steps">${j.pathway.progression.map(step)}</ol>
${forecastBlock(j.forecast)}
${remainingBlock(j)}</section>`;
}

function forecastBlock(f: Forecast | null | undefined): SafeHtml {
  if (!f) return html``;
  if (f.status === 'CERTIFIED') return html`<p>Certified: no steps remain.</p>`;
  if (f.status === 'ENDED') return html`<p>No certification date is forecast for this journey.</p>`;
  if (!f.expected) {
    return html`<p>Too early to forecast a certification date: one appears after two weeks on this journey, or sooner once five past candidates on this pathway have certified.</p>`;
  }
  const basis =
    f.basis === 'PEERS'
      ? `from how long ${f.peers} past candidates on this pathway took from this stage`
      : "from this journey's own pace so far (too few past candidates on this pathway to compare with)";
  return html`<div class="panel forecast"><h3>Forecast</h3>
<p>Likely certified on <strong>${when(f.expected)}</strong>, most probably between ${when(f.earliest)} and ${when(f.latest)}.</p>
<p class="hint">Worked out ${basis}${f.pace ? `; pace so far ${f.pace.toFixed(2)}× the typical time (1 = typical)` : ''}.</p></div>`;
}

function remainingBlock(j: JourneyView): SafeHtml {
  const beforeEvidence = ['ENROLLED', 'AWAITING_MANAGER_APPROVAL', 'AWAITING_SUBMISSION', 'PAUSED'].includes(j.stage) && !j.submissions.length;
  if (!j.forecast?.remaining.length && !beforeEvidence) return html``;
  return html`<h3>Remaining requirements</h3>
${j.forecast?.remaining.length ? html`<ul>${j.forecast.remaining.map((r) => html`<li>${r}</li>`)}</ul>` : ''}
${beforeEvidence ? html`<p>Your evidence must show:</p><ul>${j.pathway.evidenceRequirements.map((r) => html`<li>${r}</li>`)}</ul>` : ''}`;
}

export function deadlinesSection(j: JourneyView): SafeHtml {
  const rows: [string, string, SafeHtml, string][] = [
    ...(j.deadlines ?? []).map((d): [string, string, SafeHtml, string] => [d.dueAt, deadlineLabel(d.kind), when(d.dueAt), j.pausedAt ? 'On hold while paused' : 'Open']),
    ...j.checkIns.map((c): [string, string, SafeHtml, string] => [
      c.dueAt,
      'Mentor check-in',
      when(c.dueAt),
      c.recordedAt ? `Recorded ${formatDate(c.recordedAt)}` : c.missed ? 'Missed' : 'Due',
    ]),
  ].sort((a, b) => a[0].localeCompare(b[0]));
  return html`<section aria-labelledby="deadlines-heading"><h2 id="deadlines-heading">Deadlines and check-ins</h2>
${j.deadlines === null ? html`<p class="notice warn">Open deadlines cannot be shown right now; check-ins are listed below.</p>` : ''}
${rows.length ? table('Open deadlines and mentor check-ins, soonest first', ['What', 'Due', 'Status'], rows.map(([, what, due, status]) => [what, due, status])) : emptyState('Nothing is due.')}</section>`;
}

export function eligibilitySection(j: JourneyView): SafeHtml {
  const e = eligibilityOf(j.eligibility);
  if (!e) return html`<section aria-labelledby="eligibility-heading"><h2 id="eligibility-heading">Eligibility</h2>${emptyState('Not evaluated yet.')}</section>`;
  return html`<section aria-labelledby="eligibility-heading"><h2 id="eligibility-heading">Eligibility</h2>
<p>${e.eligible ? 'Eligible' : 'Not eligible'}, checked ${when(e.evaluatedAt)} under rules ${e.ruleSetId ?? j.ruleSetId ?? '—'}.</p>
${table(
  'Eligibility conditions',
  ['Condition', 'Result', 'Value found'],
  (e.conditions ?? []).map((c) => [c.description, c.passed ? 'Met' : 'Not met', value(c.actual)]),
)}
${e.reasons?.length ? html`<p>Why not:</p><ul>${e.reasons.map((r) => html`<li>${r}</li>`)}</ul>` : ''}</section>`;
}

export function mentoringSection(j: JourneyView): SafeHtml {
  const plan = learningPlanOf(j.learningPlan);
  return html`<section aria-labelledby="mentor-heading"><h2 id="mentor-heading">Mentor and learning plan</h2>
${definitionList([['Mentor', j.mentor?.name ?? 'Not assigned yet']])}
${plan ? html`<h3>Learning plan</h3><ul>${plan.goals.map((g) => html`<li>${g}</li>`)}</ul>${plan.note ? html`<p>${plan.note}</p>` : ''}<p class="hint">Updated ${when(plan.updatedAt)}.</p>` : emptyState('No learning plan yet.')}
${j.milestones.length ? html`<h3>Milestones</h3><ul>${j.milestones.map((m) => html`<li>${m.title}${m.badge ? ` (badge: ${m.badge})` : ''}, ${formatDate(m.awardedAt)}</li>`)}</ul>` : ''}</section>`;
}

function evidenceDetail(s: Submission): SafeHtml {
  if (s.url) return html`<a href="${s.url}" rel="noopener noreferrer">Video link</a>`;
  if (s.fileName) return evidenceFileLink(s);
  if (s.scheduledAt) return html`Demonstration on ${formatDateTime(s.scheduledAt)}`;
  return s.content === null ? html`Not shown to you` : html`Text`;
}

export function submissionsSection(j: JourneyView): SafeHtml {
  return html`<section aria-labelledby="evidence-heading"><h2 id="evidence-heading">Evidence submitted</h2>
${
  j.submissions.length
    ? html`${table(
        'Evidence submissions',
        ['Title', 'Format', 'Attempt', 'Submitted', 'Given as'],
        j.submissions.map((s) => [s.title, humanize(s.format), s.attempt, formatDateTime(s.submittedAt), evidenceDetail(s)]),
      )}
${j.submissions.map((s) =>
  s.content === null
    ? ''
    : html`<details class="submission"><summary>${s.title}: evidence and reflection</summary><h3>Evidence</h3><p class="pre">${s.content}</p><h3>Reflection</h3><p class="pre">${s.reflection ?? ''}</p></details>`,
)}
${j.submissions.some((s) => s.content === null) ? html`<p class="hint">The evidence itself is shown to the candidate, the people who assess it and HR.</p>` : ''}`
    : emptyState('No evidence submitted yet.')
}</section>`;
}

function scoreCells(j: JourneyView, scores: Record<string, number> | null): string {
  if (!scores) return 'Not shown to you';
  const titles = new Map(j.pathway.rubricCriteria.criteria.map((c) => [c.key, c.title]));
  return Object.entries(scores)
    .map(([key, level]) => `${titles.get(key) ?? key}: ${level}`)
    .join('; ');
}

export function decisionsSection(j: JourneyView): SafeHtml {
  const assessments = j.assessments.length
    ? table(
        'Assessment decisions',
        ['Decided', 'Outcome', 'Average', 'Levels by criterion', 'Rationale'],
        j.assessments.map((a) => [formatDate(a.decidedAt), humanize(a.outcome), a.average === null ? 'Not shown to you' : a.average.toFixed(2), scoreCells(j, criterionScores(a.scores)), a.rationale ?? 'Not shown to you']),
      )
    : emptyState('No decision yet.');
  const panel = j.panelScores.length
    ? table(
        'Panel scores',
        ['Assessor', 'Round', 'Scored', 'Levels by criterion', 'Comment'],
        j.panelScores.map((p) => [p.assessor.name, p.round, formatDate(p.submittedAt), p.scores ? scoreCells(j, criterionScores(p.scores)) : 'Hidden until the panel has decided', p.comment ?? '—']),
      )
    : '';
  const appeals = j.appeals.length
    ? table(
        'Appeals',
        ['Filed', 'Grounds', 'Outcome', 'Rationale'],
        j.appeals.map((a) => [formatDate(a.filedAt), a.grounds, a.outcome ? `${humanize(a.outcome)} on ${formatDate(a.decidedAt)}` : 'Under review', a.rationale ?? '—']),
      )
    : '';
  return html`<section aria-labelledby="decisions-heading"><h2 id="decisions-heading">Feedback and decisions</h2>
${assessments}${panel}${appeals}</section>`;
}

export function credentialSection(j: JourneyView): SafeHtml {
  if (!j.credentials.length) return html``;
  return html`<section aria-labelledby="credential-heading"><h2 id="credential-heading">Credential</h2>
${table(
  'Credentials from this journey',
  ['Credential', 'Status', 'Issued', 'Expires'],
  j.credentials.map((c) => [html`<a href="${credentialHref(c.id)}">${c.number}</a>`, CREDENTIAL_STATUS[c.status] ?? humanize(c.status), formatDate(c.issuedAt), formatDate(c.expiresAt)]),
)}</section>`;
}

/** An event's data in one line: simple values only, long text shortened. */
function eventDetails(data: unknown): string {
  if (!data || typeof data !== 'object' || Array.isArray(data)) return '';
  return Object.entries(data)
    .filter(([, v]) => v !== null && ['string', 'number', 'boolean'].includes(typeof v))
    .map(([k, v]) => {
      const text = String(v);
      return `${humanize(k.replace(/([a-z])([A-Z])/g, '$1_$2'))}: ${text.length > 80 ? `${text.slice(0, 77)}...` : text}`;
    })
    .join('; ');
}

export function auditSection(j: JourneyView): SafeHtml {
  return html`<section aria-labelledby="audit-heading"><h2 id="audit-heading">Audit trail</h2>
${table(
  'Everything that happened on this journey, oldest first',
  ['When', 'What', 'Stage', 'By', 'Details'],
  j.events.map((e) => [formatDateTime(e.at), humanize(e.type), humanize(e.stage), e.actor?.name ?? 'Certiflow', eventDetails(e.data)]),
)}</section>`;
}
