import { graphql, type ResultOf } from '../graphql.js';
import { unwrap } from '../api-client.js';
import { criterionScores, definitionList, emptyState, evidenceFileLink, formatDate, formatDateTime, humanize, postForm, stageBadge, table } from '../components.js';
import { html, type SafeHtml } from '../../../html/template.js';
import { NotForYou, type PageContext, type PageHandler, page, redirect, requireRole, param } from '../page.js';
import type { Route } from '../page.js';
import type { RouteOptions } from '../routes.js';
import { levelFields, postedScores } from './rubric-fields.js';
import { backField, candidateLink, formText, programLabel, settle, textArea } from './people-common.js';

// Assessors: the journeys whose panel they sit on, and for one journey the evidence, the rubric and the
// scoring form. Other members' scores show only as the API returns them (hidden until the whole panel
// has scored). The moderator asked to settle a disagreeing panel moderates on the same page.

const PANELS = graphql(`query AssessmentsPage {
  panelJourneys { id stage scoringDue updatedAt candidate { name } program { name } pathway { name } submissions { submittedAt } }
}`);

const JOURNEY = graphql(`query AssessmentPage($id: ID!) {
  journey(id: $id) {
    id stage scoringDue moderationDue panelRound anonymity candidateHidden
    candidate { name } program { name }
    pathway { name rubricCriteria { levels { level label } criteria { key title description threshold critical } passAverage decisionRule } }
    submissions { id format title content reflection url fileName fileSize mimeType scheduledAt submittedAt }
    panel { id name }
    panelScoredBy { id }
    panelScores { id round assessor { id name } submittedAt scores comment }
    assessments { outcome average rationale decidedAt }
  }
}`);

/**
 * Anonymised assessment (program option panel.anonymised): the assessor is told whether the name they
 * see is a pseudonym, and when the format (video, live demonstration) shows the person anyway.
 */
function anonymityNotice(journey: Pick<AssessedJourney, 'anonymity' | 'candidateHidden'>): SafeHtml | '' {
  if (journey.candidateHidden) return html`<p class="notice" role="note">Anonymised assessment: the candidate's identity is hidden.</p>`;
  if (journey.anonymity === 'SHOWN_BY_FORMAT') return html`<p class="notice" role="note">This format shows the candidate; the assessment is not anonymised.</p>`;
  return '';
}

const DECLARE_CONFLICT = graphql(`mutation PortalDeclareConflict($input: DeclareConflictInput!) {
  declareConflict(input: $input) { __typename ... on CertiflowError { code message } ... on MutationDeclareConflictSuccess { data { journeyId } } }
}`);

/** Whether the read model shows the person's scoring or moderation as still due. */
const DUE = graphql(`query AssessmentDue($id: ID!) { journey(id: $id) { scoringDue moderationDue } }`);

const SCORE = graphql(`mutation ScoreSubmission($input: ScoreSubmissionInput!) {
  scoreSubmission(input: $input) { __typename ... on CertiflowError { code message } ... on MutationScoreSubmissionSuccess { data { journeyId } } }
}`);

const MODERATE = graphql(`mutation ModerateAssessment($input: ModerateAssessmentInput!) {
  moderateAssessment(input: $input) { __typename ... on CertiflowError { code message } ... on MutationModerateAssessmentSuccess { data { journeyId } } }
}`);

type AssessedJourney = NonNullable<ResultOf<typeof JOURNEY>['journey']>;
type Submission = AssessedJourney['submissions'][number];
type Rubric = AssessedJourney['pathway']['rubricCriteria'];

const assessmentPath = (journeyId: string) => `/assessments/${encodeURIComponent(journeyId)}`;

/** Only web links become links: a stored `javascript:` URL stays text. */
const safeLink = (url: string): SafeHtml => (/^https?:\/\//i.test(url) ? html`<a href="${url}" rel="noopener noreferrer">${url}</a>` : html`${url}`);

function evidence(submission: Submission, heading: 'h2' | 'h3'): SafeHtml {
  const title = heading === 'h2' ? html`<h2 id="evidence-heading">Evidence: ${submission.title}</h2>` : html`<h3>${submission.title}</h3>`;
  return html`${title}
${definitionList([
  ['Format', humanize(submission.format)],
  ['Submitted', formatDateTime(submission.submittedAt)],
  ...(submission.url ? ([['Link', safeLink(submission.url)]] as [string, SafeHtml][]) : []),
  ...(submission.fileName
    ? ([['Uploaded file', evidenceFileLink(submission)]] as [string, SafeHtml][])
    : []),
  ...(submission.scheduledAt ? ([['Demonstration', formatDateTime(submission.scheduledAt)]] as [string, string][]) : []),
])}
<h3>Content</h3><div class="evidence-text">${submission.content ?? 'Not shown to you'}</div>
<h3>Reflective note</h3><div class="evidence-text">${submission.reflection ?? 'Not shown to you'}</div>`;
}

function rubricTable(rubric: Rubric): SafeHtml {
  const label = (level: number) => rubric.levels.find((l) => l.level === level)?.label ?? String(level);
  return html`${table(
    'Rubric criteria and the level each must reach',
    ['Criterion', 'What is assessed', 'Meets at', 'Critical'],
    rubric.criteria.map((c) => [c.title, c.description, `${c.threshold} (${label(c.threshold)})`, c.critical ? 'Yes: below its threshold fails the assessment' : 'No']),
  )}
<p><strong>Levels:</strong> ${rubric.levels.map((l, i) => html`${i ? ', ' : ''}${l.level} ${l.label}`)}. <strong>Decision:</strong> ${rubric.decisionRule}</p>`;
}

function panelScoresTable(journey: AssessedJourney, viewerId: string): SafeHtml {
  const round = journey.panelScores.filter((s) => s.round === journey.panelRound);
  const scoredBy = new Set((journey.panelScoredBy ?? []).map((p) => p.id));
  const criteria = journey.pathway.rubricCriteria.criteria;
  const blank = criteria.map(() => '—');
  const rows = journey.panel.map((member) => {
    const score = round.find((s) => s.assessor.id === member.id);
    if (!score) {
      if (!scoredBy.has(member.id)) return [member.name, journey.panelScoredBy === null ? 'Not known right now' : 'Not yet scored', ...blank, '—'];
      const note = member.id === viewerId ? 'You have scored; the panel sees all scores once everyone has scored' : 'Not visible to you: panel scores show once every member has scored';
      return [member.name, 'Scored', ...blank, note];
    }
    const scores = criterionScores(score.scores);
    const hidden = scores === null;
    return [
      member.name,
      formatDateTime(score.submittedAt),
      ...criteria.map((c) => (hidden ? 'Hidden' : String(scores?.[c.key] ?? '—'))),
      hidden ? 'Not visible to you' : score.comment,
    ];
  });
  return table(`Panel scores, round ${journey.panelRound}`, ['Assessor', 'Scored', ...criteria.map((c) => c.title), 'Comment'], rows);
}

/** Scores posted as `level:<criterion>` fields, for scoreSubmission and moderateAssessment. */

export function assessmentRoutes(_options: RouteOptions): Route<PageHandler>[] {
  const list: PageHandler = async (ctx) => {
    requireRole(ctx, 'assessor');
    const { panelJourneys } = await ctx.api(PANELS);
    const due = panelJourneys.filter((j) => j.scoringDue);
    const others = panelJourneys.filter((j) => !j.scoringDue);
    const submitted = (j: { submissions: { submittedAt: string }[] }) => formatDate(j.submissions.at(-1)?.submittedAt);
    return page(
      'Assessments',
      html`<h1>Assessments</h1>
<p class="lede">Submissions assigned to you for scoring against the pathway's rubric. Panel members score independently: the others' scores appear once everyone has scored.</p>
<p>To see how your scoring compares with other assessors', score a shared benchmark in the <a href="/calibration">calibration exercises</a>; no candidate is affected.</p>
<h2>Scoring due (${due.length})</h2>
${
  due.length
    ? table('Submissions waiting for your scores', ['Candidate', 'Program', 'Submitted', 'Action'], due.map((j) => [j.candidate.name, programLabel(j), submitted(j), html`<a class="button primary" href="${assessmentPath(j.id)}">Score ${j.candidate.name}'s submission</a>`]))
    : emptyState('Nothing is waiting for your scores.')
}
<h2>Your other panels</h2>
${
  others.length
    ? table('Panels you sit on with nothing to score now', ['Candidate', 'Program', 'Stage', 'Last activity'], others.map((j) => [html`<a href="${assessmentPath(j.id)}">${j.candidate.name}</a>`, programLabel(j), stageBadge(j.stage), formatDate(j.updatedAt)]))
    : emptyState('No other panels.')
}`,
      { section: 'assessments' },
    );
  };

  async function load(ctx: PageContext): Promise<AssessedJourney> {
    const { journey } = await ctx.api(JOURNEY, { id: param(ctx, 'journeyId') });
    if (!journey) throw new NotForYou('There is no such journey, or you are not on its panel.');
    return journey;
  }

  const show: PageHandler = async (ctx) => {
    const viewer = requireRole(ctx, 'assessor', 'committee');
    const journey = await load(ctx);
    const rubric = journey.pathway.rubricCriteria;
    const [latest, ...earlier] = [...journey.submissions].reverse();
    const here = assessmentPath(journey.id);
    return page(
      `Assessment: ${journey.candidate.name}`,
      html`<p class="breadcrumb"><a href="/assessments">Assessments</a></p>
<h1>${journey.candidate.name}: ${journey.program.name}</h1>
${anonymityNotice(journey)}
${definitionList([
  ['Candidate', candidateLink(journey)],
  ['Pathway', journey.pathway.name],
  ['Stage', stageBadge(journey.stage)],
  ['Panel', journey.panel.map((m) => m.name).join(', ') || '—'],
])}
<section aria-labelledby="evidence-heading">${latest ? evidence(latest, 'h2') : html`<h2 id="evidence-heading">Evidence</h2>${emptyState('No evidence has been submitted yet.')}`}
${earlier.length ? html`<details class="people-details"><summary>Earlier submissions (${earlier.length})</summary>${earlier.map((s) => evidence(s, 'h3'))}</details>` : ''}</section>
<section aria-labelledby="rubric-heading"><h2 id="rubric-heading">Rubric</h2>${rubricTable(rubric)}</section>
${
  journey.scoringDue
    ? html`<section aria-labelledby="score-heading"><h2 id="score-heading">Your scores</h2>
<p>Choose a level for every criterion. Your scores stay hidden from the rest of the panel until everyone has scored.</p>
${postForm(
  `${here}/score`,
  ctx.csrf,
  html`${backField(here)}${levelFields(rubric, 'score')}
${textArea('score-comment', 'comment', 'Comment for the candidate and the panel', { required: true, hint: 'What the evidence showed, criterion by criterion where it helps.' })}
<div class="actions"><button type="submit" class="primary">Submit my scores</button></div>`,
  { label: 'Scoring form', className: 'stack scoring' },
)}</section>`
    : ''
}
${
  journey.moderationDue
    ? html`<section aria-labelledby="moderate-heading"><h2 id="moderate-heading">Moderation</h2>
<p>The panel's scores differ by more than the program allows. As moderator, set the final level for every criterion and explain why.</p>
${postForm(
  `${here}/moderate`,
  ctx.csrf,
  html`${backField(here)}${levelFields(rubric, 'moderate')}
${textArea('moderate-rationale', 'rationale', 'Rationale', { required: true })}
<div class="actions"><button type="submit" class="primary">Record the moderated scores</button></div>`,
  { label: 'Moderation form', className: 'stack scoring' },
)}</section>`
    : ''
}
${
  journey.scoringDue || journey.moderationDue
    ? html`<details class="panel"><summary>I have a conflict of interest</summary>
<p>If you cannot judge this candidate fairly (you work closely with them, report to them, or have a personal connection), step aside: someone else is drawn at once by the same rules. HR alone reads your explanation.</p>
${postForm(
  `${here}/conflict`,
  ctx.csrf,
  html`${backField(here)}${textArea('conflict-explanation', 'explanation', 'Why you cannot judge this fairly', { required: true })}
<div class="actions"><button type="submit">Step aside</button></div>`,
  { label: 'Declare a conflict of interest', className: 'stack' },
)}</details>`
    : ''
}
<section aria-labelledby="panel-heading"><h2 id="panel-heading">Panel</h2>
${journey.panel.length ? panelScoresTable(journey, viewer.id) : emptyState('No panel has been drawn yet.')}
${
  journey.assessments.length
    ? html`<h3>Decisions</h3><ul>${journey.assessments.map((a) => html`<li>${formatDate(a.decidedAt)}: ${humanize(a.outcome)}${a.average === null ? '' : `, average ${a.average}`}. ${a.rationale ?? ''}</li>`)}</ul>`
    : ''
}</section>`,
      { section: 'assessments' },
    );
  };

  const score: PageHandler = async (ctx) => {
    requireRole(ctx, 'assessor');
    const input = { journeyId: ctx.params.journeyId ?? '', scores: postedScores(ctx.form), comment: formText(ctx.form, 'comment') };
    unwrap((await ctx.api(SCORE, { input })).scoreSubmission);
    await settle(async () => !(await ctx.api(DUE, { id: input.journeyId })).journey?.scoringDue);
    return redirect(assessmentPath(input.journeyId), { kind: 'success', text: "Your scores are recorded. The panel's scores appear once everyone has scored." });
  };

  const moderate: PageHandler = async (ctx) => {
    requireRole(ctx, 'committee', 'assessor');
    const input = { journeyId: ctx.params.journeyId ?? '', scores: postedScores(ctx.form), rationale: formText(ctx.form, 'rationale') };
    unwrap((await ctx.api(MODERATE, { input })).moderateAssessment);
    await settle(async () => !(await ctx.api(DUE, { id: input.journeyId })).journey?.moderationDue);
    return redirect(assessmentPath(input.journeyId), { kind: 'success', text: 'The moderated scores are recorded; the assessment is decided with them.' });
  };

  const declareConflict: PageHandler = async (ctx) => {
    requireRole(ctx, 'assessor', 'committee');
    const input = { journeyId: ctx.params.journeyId ?? '', explanation: formText(ctx.form, 'explanation') };
    unwrap((await ctx.api(DECLARE_CONFLICT, { input })).declareConflict);
    return redirect('/assessments', { kind: 'success', text: 'You have stepped aside; someone else is being asked in your place.' });
  };

  return [
    { method: 'GET', path: '/assessments', handler: list },
    { method: 'POST', path: '/assessments/:journeyId/conflict', handler: declareConflict },
    { method: 'GET', path: '/assessments/:journeyId', handler: show },
    { method: 'POST', path: '/assessments/:journeyId/score', handler: score },
    { method: 'POST', path: '/assessments/:journeyId/moderate', handler: moderate },
  ];
}
