import { html, type SafeHtml } from '../../../html/template.js';

// Scoring against a rubric in a form: one radio group per criterion, and the levels read back from the
// post. Shared by a journey's assessment (assessments.ts) and a calibration exercise (calibration-exercises.ts).

/** What the fields need of the API's Rubric type, whichever query selected it. */
export interface RubricForForm {
  criteria: readonly { key: string; title: string; description: string; threshold: number; critical: boolean }[];
  levels: readonly { level: number; label: string }[];
}

/** One radio group per criterion, each level labelled with its number and name. */
export function levelFields(rubric: RubricForForm, idPrefix: string): SafeHtml {
  return html`${rubric.criteria.map(
    (c, i) => html`<fieldset class="levels"><legend>${c.title} <span class="hint">(meets at ${c.threshold}${c.critical ? ', critical' : ''})</span></legend>
<p class="hint">${c.description}</p>
<div class="level-choices">${rubric.levels.map(
      (l) => html`<label class="level-choice" for="${idPrefix}-${i}-${l.level}"><input type="radio" id="${idPrefix}-${i}-${l.level}" name="level:${c.key}" value="${l.level}" required> ${l.level} ${l.label}</label>`,
    )}</div></fieldset>`,
  )}`;
}

/** The levels a rubric form posted, as the API's CriterionScoreInput list. */
export function postedScores(form: URLSearchParams): { criterion: string; level: number }[] {
  return [...form.entries()].filter(([name]) => name.startsWith('level:')).map(([name, value]) => ({ criterion: name.slice('level:'.length), level: Number(value) }));
}
