import { html, type SafeHtml } from '../../../html/template.js';
import { unwrap } from '../api-client.js';
import { emptyState, formatDate, humanize, postForm, table } from '../components.js';
import { graphql, type ResultOf } from '../graphql.js';
import { hasRole, type PageHandler, page, param, redirect, requireRole } from '../page.js';
import type { Route } from '../page.js';
import type { RouteOptions } from '../routes.js';
import { backField, formText, textArea, textInput } from './people-common.js';
import { levelFields, postedScores } from './rubric-fields.js';

// Calibration exercises (services/calibration-exercises.ts): assessors score a benchmark submission that
// belongs to no candidate, then see how their levels compare; the committee sets exercises, reads every
// sheet and closes them. The API decides who may do what (a committee term is needed to set one).

const LIST = graphql(`query CalibrationExercises {
  calibrationExercises { id title format createdAt closesAt open sheetCount scoredByMe program { name } }
  programs { id name pathways { id name } }
}`);

const EXERCISE = graphql(`query CalibrationExercise($id: ID!) { calibrationExercise(id: $id) {
  id title format content open closesAt sheetCount scoredByMe program { name }
  rubric { levels { level label } criteria { key title description threshold critical } }
  myComparison { sheets severity matchesReference criteria { criterion title mine reference othersMean deviation distribution { level count } } }
  summary { sheets alpha criteria { criterion title mean min max reference } assessors { assessor { name } severity matchesReference comment } }
} }`);

const CREATE = graphql(`mutation CreateCalibrationExercise($input: CreateCalibrationExerciseInput!) { createCalibrationExercise(input: $input) {
  __typename ... on CertiflowError { code message } ... on MutationCreateCalibrationExerciseSuccess { data { id } } } }`);

const SUBMIT = graphql(`mutation SubmitCalibrationScores($input: SubmitCalibrationScoresInput!) { submitCalibrationScores(input: $input) {
  __typename ... on CertiflowError { code message } ... on MutationSubmitCalibrationScoresSuccess { data { id } } } }`);

const CLOSE = graphql(`mutation CloseCalibrationExercise($id: ID!) { closeCalibrationExercise(exerciseId: $id) {
  __typename ... on CertiflowError { code message } ... on MutationCloseCalibrationExerciseSuccess { data { id } } } }`);

type Exercise = NonNullable<ResultOf<typeof EXERCISE>['calibrationExercise']>;
type Programs = ResultOf<typeof LIST>['programs'];

const FORMATS = ['written_report', 'reflective_write_up', 'video', 'live_demonstration'] as const;
const exercisePath = (id: string) => `/calibration/${encodeURIComponent(id)}`;
const signed = (x: number | null) => (x === null ? '—' : `${x > 0 ? '+' : ''}${x.toFixed(2)}`);
const decimals = (x: number | null) => (x === null ? '—' : x.toFixed(2));

function createForm(programs: Programs, csrf: string): SafeHtml {
  return html`<section aria-labelledby="create-heading"><h2 id="create-heading">Set an exercise</h2>
<p>Put up a benchmark submission (anonymised, or written for the purpose): assessors score it against the pathway's rubric and see how they compare.</p>
${postForm(
  '/calibration',
  csrf,
  html`${backField('/calibration')}<div><label for="pathway">Program and rubric</label>
<select id="pathway" name="pathway" required>${programs.flatMap((p) => p.pathways.map((w) => html`<option value="${p.id}|${w.id}">${p.name}: ${w.name}</option>`))}</select></div>
${textInput('title', 'title', 'Title', { required: true, maxLength: 200 })}
<div><label for="format">Format</label><select id="format" name="format">${FORMATS.map((f) => html`<option value="${f}">${humanize(f)}</option>`)}</select></div>
${textArea('content', 'content', 'The benchmark evidence', { required: true, maxLength: 20000, hint: 'The text, or a link to the video. It must not identify anyone.' })}
<div class="actions"><button type="submit" class="primary">Set the exercise</button></div>`,
  { label: 'Set a calibration exercise', className: 'stack' },
)}</section>`;
}

function comparisonTable(exercise: Exercise): SafeHtml {
  const c = exercise.myComparison!;
  const rows = c.criteria.map((r) => [
    r.title,
    String(r.mine),
    r.reference === null ? '—' : String(r.reference),
    r.distribution ? r.distribution.map((d) => `${d.level}: ${d.count}`).join(' · ') : 'Shown from three sheets',
    decimals(r.othersMean),
    signed(r.deviation),
  ]);
  return html`<section aria-labelledby="compare-heading"><h2 id="compare-heading">How you compare</h2>
<p>${c.sheets} sheet${c.sheets === 1 ? '' : 's'} so far. Your severity (mean deviation from the others; negative is harsher): <strong>${signed(c.severity)}</strong>${
    c.matchesReference === null ? '' : html`; your level is the committee's reference on ${c.matchesReference} of ${c.criteria.length} criteria`
  }.</p>
${table('Your levels against the others and the reference', ['Criterion', 'Yours', 'Reference', 'Sheets per level', "Others' mean", 'Your deviation'], rows)}</section>`;
}

function summaryTables(exercise: Exercise, csrf: string): SafeHtml {
  const s = exercise.summary!;
  return html`<section aria-labelledby="summary-heading"><h2 id="summary-heading">Every sheet (committee)</h2>
<p>${s.sheets} sheet${s.sheets === 1 ? '' : 's'}; agreement over the exercise (Krippendorff's alpha, ordinal): <strong>${decimals(s.alpha)}</strong>.</p>
${table('Levels per criterion', ['Criterion', 'Mean', 'Lowest', 'Highest', 'Reference'], s.criteria.map((c) => [c.title, decimals(c.mean), c.min === null ? '—' : String(c.min), c.max === null ? '—' : String(c.max), c.reference === null ? '—' : String(c.reference)]))}
${table('Assessors', ['Assessor', 'Severity', 'Reference matched', 'Comment'], s.assessors.map((a) => [a.assessor?.name ?? '—', signed(a.severity), a.matchesReference === null ? '—' : String(a.matchesReference), a.comment]))}
${exercise.open ? postForm(`${exercisePath(exercise.id)}/close`, csrf, html`${backField(exercisePath(exercise.id))}<button type="submit" data-confirm="Close ${exercise.title}? No more sheets are taken.">Close the exercise</button>`, { label: 'Close the exercise', className: 'inline-form' }) : ''}
</section>`;
}

export function calibrationExerciseRoutes(_options: RouteOptions): Route<PageHandler>[] {
  const list: PageHandler = async (ctx) => {
    const viewer = requireRole(ctx, 'assessor', 'committee', 'hr', 'admin');
    const { calibrationExercises, programs } = await ctx.api(LIST);
    const rows = calibrationExercises.map((e) => [
      html`<a href="${exercisePath(e.id)}">${e.title}</a>`,
      e.program.name,
      humanize(e.format),
      formatDate(e.createdAt),
      e.open ? (e.closesAt ? `Open until ${formatDate(e.closesAt)}` : 'Open') : 'Closed',
      String(e.sheetCount),
      e.scoredByMe ? 'Scored' : e.open ? 'Not yet' : '—',
    ]);
    return page(
      'Calibration exercises',
      html`<h1>Calibration exercises</h1>
<p class="lede">A shared benchmark submission, scored by every assessor against the rubric: you see how your levels compare once you have given yours. No candidate is affected.</p>
${rows.length ? table('Calibration exercises, newest first', ['Exercise', 'Program', 'Format', 'Set', 'Status', 'Sheets', 'You'], rows) : emptyState('No calibration exercise has been set yet.')}
${hasRole(viewer, 'committee', 'hr', 'admin') ? createForm(programs, ctx.csrf) : ''}`,
      { section: hasRole(viewer, 'assessor') ? 'assessments' : 'committee' },
    );
  };

  const show: PageHandler = async (ctx) => {
    const viewer = requireRole(ctx, 'assessor', 'committee', 'hr', 'admin');
    const exercise = (await ctx.api(EXERCISE, { id: param(ctx, 'id') })).calibrationExercise;
    if (!exercise) return redirect('/calibration', { kind: 'error', text: 'That calibration exercise does not exist.' });
    const here = exercisePath(exercise.id);
    const canScore = hasRole(viewer, 'assessor') && exercise.open && !exercise.scoredByMe;
    return page(
      exercise.title,
      html`<p class="breadcrumb"><a href="/calibration">Calibration exercises</a> › ${exercise.title}</p>
<h1>${exercise.title}</h1>
<p>${exercise.program.name} · ${humanize(exercise.format)} · ${exercise.open ? 'open' : 'closed'} · ${exercise.sheetCount} sheet${exercise.sheetCount === 1 ? '' : 's'}</p>
<section aria-labelledby="benchmark-heading"><h2 id="benchmark-heading">The benchmark</h2><div class="evidence-text">${exercise.content}</div></section>
${
  canScore
    ? html`<section aria-labelledby="score-heading"><h2 id="score-heading">Your levels</h2>
<p>Score it as you would a candidate's work, on your own. You see how you compare once your sheet is in; it cannot be changed.</p>
${postForm(`${here}/score`, ctx.csrf, html`${backField(here)}${levelFields(exercise.rubric, 'calibration')}${textArea('comment', 'comment', 'Comment for the committee', { maxLength: 2000 })}
<div class="actions"><button type="submit" class="primary">Submit my levels</button></div>`, { label: 'Score the benchmark', className: 'stack' })}</section>`
    : ''
}
${exercise.myComparison ? comparisonTable(exercise) : ''}
${exercise.summary ? summaryTables(exercise, ctx.csrf) : ''}`,
      { section: hasRole(viewer, 'assessor') ? 'assessments' : 'committee' },
    );
  };

  const create: PageHandler = async (ctx) => {
    requireRole(ctx, 'committee', 'hr', 'admin');
    const [programId = '', pathwayId = ''] = (ctx.form.get('pathway') ?? '').split('|');
    const input = { programId, pathwayId, title: formText(ctx.form, 'title'), format: formText(ctx.form, 'format'), content: formText(ctx.form, 'content') };
    const { id } = unwrap((await ctx.api(CREATE, { input })).createCalibrationExercise);
    return redirect(exercisePath(id), { kind: 'success', text: 'The exercise is set: assessors find it under Calibration exercises.' });
  };

  const score: PageHandler = async (ctx) => {
    requireRole(ctx, 'assessor');
    const id = param(ctx, 'id');
    unwrap((await ctx.api(SUBMIT, { input: { exerciseId: id, scores: postedScores(ctx.form), comment: formText(ctx.form, 'comment') } })).submitCalibrationScores);
    return redirect(exercisePath(id), { kind: 'success', text: 'Your levels are recorded; here is how they compare.' });
  };

  const close: PageHandler = async (ctx) => {
    requireRole(ctx, 'committee', 'hr', 'admin');
    const id = param(ctx, 'id');
    unwrap((await ctx.api(CLOSE, { id })).closeCalibrationExercise);
    return redirect(exercisePath(id), { kind: 'success', text: 'The exercise is closed: no more sheets are taken.' });
  };

  return [
    { method: 'GET', path: '/calibration', handler: list },
    { method: 'POST', path: '/calibration', handler: create },
    { method: 'GET', path: '/calibration/:id', handler: show },
    { method: 'POST', path: '/calibration/:id/score', handler: score },
    { method: 'POST', path: '/calibration/:id/close', handler: close },
  ];
}
