import { html, type SafeHtml } from '../../../html/template.js';
import { unwrap } from '../api-client.js';
import { emptyState, formatDate, humanize, postForm, table } from '../components.js';
import { graphql, type ResultOf } from '../graphql.js';
import { hasRole, type PageContext, type PageHandler, page, param, redirect, requireRole } from '../page.js';
import type { Route } from '../page.js';
import type { RouteOptions } from '../routes.js';
import { comparisonSection, EXERCISE, exercisePath, summarySection } from './calibration-exercise-results.js';
import { backField, formText, textArea, textInput } from './people-common.js';
import { levelFields, postedScores } from './rubric-fields.js';

// Calibration exercises (services/calibration-exercises.ts): assessors score a benchmark submission that
// belongs to no candidate, then see how their levels compare; the committee sets exercises (choosing a
// pathway first, so the form shows that rubric's criteria and takes a reference level for each), reads
// every sheet and closes them. The API decides who may do what (a committee term is needed to set one).

const LIST = graphql(`query CalibrationExercises {
  calibrationExercises { id title format createdAt closesAt open sheetCount scoredByMe program { name } }
  programs { id name pathways { id name rubricCriteria { levels { level label } criteria { key title description threshold critical } } } }
}`);

const CREATE = graphql(`mutation CreateCalibrationExercise($input: CreateCalibrationExerciseInput!) { createCalibrationExercise(input: $input) {
  __typename ... on CertiflowError { code message } ... on MutationCreateCalibrationExerciseSuccess { data { id } } } }`);

const SUBMIT = graphql(`mutation SubmitCalibrationScores($input: SubmitCalibrationScoresInput!) { submitCalibrationScores(input: $input) {
  __typename ... on CertiflowError { code message } ... on MutationSubmitCalibrationScoresSuccess { data { id } } } }`);

const CLOSE = graphql(`mutation CloseCalibrationExercise($id: ID!) { closeCalibrationExercise(exerciseId: $id) {
  __typename ... on CertiflowError { code message } ... on MutationCloseCalibrationExerciseSuccess { data { id } } } }`);

type Programs = ResultOf<typeof LIST>['programs'];
type Pathway = Programs[number]['pathways'][number];

const FORMATS = ['written_report', 'reflective_write_up', 'video', 'live_demonstration'] as const;

/** Step one: which program and pathway, so the next step can show that rubric (a GET form, no script). */
function pathwayPicker(programs: Programs): SafeHtml {
  return html`<form method="get" action="/calibration" class="stack" aria-label="Choose the rubric"><div><label for="pathway">Program and rubric</label>
<select id="pathway" name="pathway" required>${programs.flatMap((p) => p.pathways.map((w) => html`<option value="${p.id}|${w.id}">${p.name}: ${w.name}</option>`))}</select></div>
<div class="actions"><button type="submit">Show its rubric</button></div></form>`;
}

/** The committee's reference level per criterion: optional, but every criterion once one is given (the API checks). */
function referenceFields(pathway: Pathway): SafeHtml {
  return html`<fieldset><legend>The committee's reference levels <span class="hint">(optional: assessors see them after scoring)</span></legend>
${pathway.rubricCriteria.criteria.map(
  (c, i) => html`<div><label for="reference-${i}">${c.title}</label> <span class="hint">${c.description} (meets at ${c.threshold}${c.critical ? ', critical' : ''})</span>
<select id="reference-${i}" name="reference:${c.key}"><option value="">No reference</option>${pathway.rubricCriteria.levels.map((l) => html`<option value="${l.level}">${l.level} ${l.label}</option>`)}</select></div>`,
)}</fieldset>`;
}

/** Step two: the exercise itself, against the chosen pathway's rubric. */
function createForm(programId: string, pathway: Pathway, programName: string, csrf: string): SafeHtml {
  return postForm(
    '/calibration',
    csrf,
    html`${backField(`/calibration?pathway=${encodeURIComponent(`${programId}|${pathway.id}`)}`)}<input type="hidden" name="pathway" value="${programId}|${pathway.id}">
<p>Scored against <strong>${programName}: ${pathway.name}</strong>, the rubric as it stands now (a later program version does not change the exercise).</p>
${textInput('title', 'title', 'Title', { required: true, maxLength: 200 })}
<div><label for="format">Format</label><select id="format" name="format">${FORMATS.map((f) => html`<option value="${f}">${humanize(f)}</option>`)}</select></div>
${textArea('content', 'content', 'The benchmark evidence', { required: true, maxLength: 20000, hint: 'The text, or a link to the video. It must not identify anyone.' })}
${referenceFields(pathway)}
<div class="actions"><button type="submit" class="primary">Set the exercise</button></div>`,
    { label: 'Set a calibration exercise', className: 'stack' },
  );
}

function createSection(ctx: PageContext, programs: Programs): SafeHtml {
  const [programId = '', pathwayId = ''] = (ctx.url.searchParams.get('pathway') ?? '').split('|');
  const program = programs.find((p) => p.id === programId);
  const pathway = program?.pathways.find((w) => w.id === pathwayId);
  return html`<section aria-labelledby="create-heading"><h2 id="create-heading">Set an exercise</h2>
<p>Put up a benchmark submission (anonymised, or written for the purpose): assessors score it against the pathway's rubric and see how they compare.</p>
${program && pathway ? createForm(program.id, pathway, program.name, ctx.csrf) : pathwayPicker(programs)}</section>`;
}

/** The reference levels chosen in the form; none at all means the exercise has no reference. */
function postedReference(form: URLSearchParams): { criterion: string; level: number }[] | null {
  const chosen = [...form.entries()].filter(([name, value]) => name.startsWith('reference:') && value !== '');
  return chosen.length ? chosen.map(([name, value]) => ({ criterion: name.slice('reference:'.length), level: Number(value) })) : null;
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
      e.scoredByMe ? 'Scored: see how you compare' : e.open ? 'Not yet' : '—',
    ]);
    return page(
      'Calibration exercises',
      html`<h1>Calibration exercises</h1>
<p class="lede">A shared benchmark submission, scored by every assessor against the rubric: you see how your levels compare once you have given yours. No candidate is affected.</p>
${rows.length ? table('Calibration exercises, newest first', ['Exercise', 'Program', 'Format', 'Set', 'Status', 'Sheets', 'You'], rows) : emptyState('No calibration exercise has been set yet.')}
${hasRole(viewer, 'committee', 'hr', 'admin') ? createSection(ctx, programs) : ''}`,
      { section: hasRole(viewer, 'assessor') ? 'assessments' : 'committee' },
    );
  };

  const show: PageHandler = async (ctx) => {
    const viewer = requireRole(ctx, 'assessor', 'committee', 'hr', 'admin');
    const exercise = (await ctx.api(EXERCISE, { id: param(ctx, 'id') })).calibrationExercise;
    if (!exercise) return redirect('/calibration', { kind: 'error', text: 'That calibration exercise does not exist.' });
    const here = exercisePath(exercise.id);
    const canScore = hasRole(viewer, 'assessor') && exercise.open && !exercise.scoredByMe;
    const version = exercise.programVersion === null ? '' : ` (version ${exercise.programVersion})`;
    return page(
      exercise.title,
      html`<p class="breadcrumb"><a href="/calibration">Calibration exercises</a> › ${exercise.title}</p>
<h1>${exercise.title}</h1>
<p>${exercise.program.name}${version} · ${humanize(exercise.format)} · ${exercise.open ? 'open' : `closed${exercise.closedAt ? ` ${formatDate(exercise.closedAt)}` : ''}`} · ${exercise.sheetCount} sheet${exercise.sheetCount === 1 ? '' : 's'}</p>
<section aria-labelledby="benchmark-heading"><h2 id="benchmark-heading">The benchmark</h2><div class="evidence-text">${exercise.content}</div></section>
${
  canScore
    ? html`<section aria-labelledby="score-heading"><h2 id="score-heading">Your levels</h2>
<p>Score it as you would a candidate's work, on your own. You see how you compare once your sheet is in; it cannot be changed.</p>
${postForm(`${here}/score`, ctx.csrf, html`${backField(here)}${levelFields(exercise.rubric, 'calibration')}${textArea('comment', 'comment', 'Comment for the committee', { maxLength: 2000 })}
<div class="actions"><button type="submit" class="primary">Submit my levels</button></div>`, { label: 'Score the benchmark', className: 'stack' })}</section>`
    : ''
}
${exercise.myComparison ? comparisonSection(exercise) : ''}
${exercise.summary ? summarySection(exercise, ctx.csrf) : ''}`,
      { section: hasRole(viewer, 'assessor') ? 'assessments' : 'committee' },
    );
  };

  const create: PageHandler = async (ctx) => {
    requireRole(ctx, 'committee', 'hr', 'admin');
    const [programId = '', pathwayId = ''] = (ctx.form.get('pathway') ?? '').split('|');
    const input = { programId, pathwayId, title: formText(ctx.form, 'title'), format: formText(ctx.form, 'format'), content: formText(ctx.form, 'content'), reference: postedReference(ctx.form) };
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
