import { html, type SafeHtml } from '../../../html/template.js';
import { postForm, table } from '../components.js';
import { graphql, type ResultOf } from '../graphql.js';
import { backField } from './people-common.js';

// What an exercise page shows once there are levels to compare (calibration-exercises.ts holds the
// routes): an assessor's own comparison, and the committee's view of every sheet. The API decides which
// of the two a viewer gets (myComparison only after one's own sheet, summary only for the committee and
// HR); this module only lays them out.

export const EXERCISE = graphql(`query CalibrationExercise($id: ID!) { calibrationExercise(id: $id) {
  id title format content open closesAt closedAt sheetCount scoredByMe programVersion program { name }
  rubric { levels { level label } criteria { key title description threshold critical } }
  myComparison { sheets heldBack severity matchesReference criteria { criterion title mine reference mean othersMean deviation distribution { level count } } }
  summary { sheets alpha criteria { criterion title mean min max reference agreement distribution { level count } }
    assessors { assessor { name } severity matchesReference comment deviations { criterion level deviation } } }
} }`);

export type Exercise = NonNullable<ResultOf<typeof EXERCISE>['calibrationExercise']>;

export const exercisePath = (id: string) => `/calibration/${encodeURIComponent(id)}`;
const signed = (x: number | null) => (x === null ? '—' : `${x > 0 ? '+' : ''}${x.toFixed(2)}`);
const decimals = (x: number | null) => (x === null ? '—' : x.toFixed(2));
const orDash = (x: number | null) => (x === null ? '—' : String(x));
const perLevel = (counts: readonly { level: number; count: number }[]) => counts.map((d) => `${d.level}: ${d.count}`).join(' · ');
const percent = (x: number | null) => (x === null ? '—' : `${Math.round(x * 100)}%`);

export function comparisonSection(exercise: Exercise): SafeHtml {
  const c = exercise.myComparison!;
  const rows = c.criteria.map((r) => [r.title, String(r.mine), orDash(r.reference), r.distribution ? perLevel(r.distribution) : 'Held back', decimals(r.mean), decimals(r.othersMean), signed(r.deviation)]);
  const reference = c.matchesReference === null ? '' : html` Your level is the committee's reference on ${c.matchesReference} of ${c.criteria.length} criteria.`;
  // Below three sheets the others' levels would be one person's sheet: say why they are missing.
  const standing = c.heldBack
    ? html`<p class="notice" role="note">The other assessors' levels are held back until a first batch of three sheets is in (with one other sheet they would be that person's levels). Come back when more assessors have scored.${reference}</p>`
    : html`<p>Your severity (mean deviation from the others; negative is harsher): <strong>${signed(c.severity)}</strong>.${reference}</p>`;
  return html`<section aria-labelledby="compare-heading"><h2 id="compare-heading">How you compare</h2>
<p>${c.sheets} sheet${c.sheets === 1 ? '' : 's'} compared, yours included. The others' sheets come in batches of three, so no one sheet shows in a change, and nobody's is shown by name.</p>
${standing}
${table('Your levels against the others and the reference', ['Criterion', 'Yours', 'Reference', 'Sheets per level', 'Mean', "Others' mean", 'Your deviation'], rows)}</section>`;
}

export function summarySection(exercise: Exercise, csrf: string): SafeHtml {
  const s = exercise.summary!;
  const criteria = s.criteria.map((c) => [c.title, orDash(c.reference), perLevel(c.distribution), decimals(c.mean), `${orDash(c.min)} to ${orDash(c.max)}`, percent(c.agreement)]);
  const titles = new Map(exercise.rubric.criteria.map((c) => [c.key, c.title]));
  const assessors = s.assessors.map((a) => [
    a.assessor?.name ?? '—',
    a.deviations.map((d) => `${titles.get(d.criterion) ?? d.criterion}: ${d.level} (${signed(d.deviation)})`).join(' · '),
    signed(a.severity),
    orDash(a.matchesReference),
    a.comment,
  ]);
  const close = exercise.open
    ? postForm(`${exercisePath(exercise.id)}/close`, csrf, html`${backField(exercisePath(exercise.id))}<button type="submit" data-confirm="Close ${exercise.title}? No more sheets are taken.">Close the exercise</button>`, { label: 'Close the exercise', className: 'inline-form' })
    : '';
  return html`<section aria-labelledby="summary-heading"><h2 id="summary-heading">Every sheet (committee)</h2>
<p>${s.sheets} sheet${s.sheets === 1 ? '' : 's'}; agreement over the exercise (Krippendorff's alpha, ordinal, the criteria as units): <strong>${decimals(s.alpha)}</strong>.</p>
${table('Levels per criterion', ['Criterion', 'Reference', 'Sheets per level', 'Mean', 'Range', 'Pairs agreeing'], criteria)}
${table('Assessors (deviation from the mean of the others; negative is harsher)', ['Assessor', 'Level per criterion (deviation)', 'Severity', 'Reference matched', 'Comment'], assessors)}
${close}
</section>`;
}
