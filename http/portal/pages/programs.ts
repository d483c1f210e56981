import { graphql, type ResultOf } from '../graphql.js';
import { unwrap } from '../api-client.js';
import { definitionList, emptyState, formatDate, formatDuration, humanize, postForm, stageBadge, table } from '../components.js';
import { html, type SafeHtml } from '../../../html/template.js';
import { type PageContext, type PageHandler, page, redirect, requireViewer, param } from '../page.js';
import type { Route } from '../page.js';
import type { RouteOptions } from '../routes.js';
import { ENDED_STAGES, journeyHref, programHref } from './candidate-shared.js';

// Published programs for anyone signed in: what a candidate reads before enrolling (criteria,
// prerequisites, pathways with their steps, evidence and rubric, competencies) and an enrol form per
// pathway.

const PROGRAMS = graphql(`query PortalPrograms {
  programs { id name description validity pathways { id name } }
  myJourneys { id stage program { id } pathway { name } }
}`);

const PROGRAM = graphql(`query PortalProgram($id: ID!) {
  program(id: $id) {
    id name description validity recertificationWindow submissionDeadline appealWindow checkInCadence gracePeriod
    prerequisites recertificationCriteria version
    upcomingVersions { version effectiveAt reason changes { area summary } }
    assessment { panelSize decisionRule moderationRule appealRule maxResubmissions }
    competencies { key name kind description indicators { code description } }
    cohorts { id name pilot startsOn }
    pathways {
      id name kind description eligibilityCriteria evidenceFormats evidenceRequirements progression
      rubricCriteria { passAverage decisionRule levels { level label } criteria { key title description threshold critical competency } }
    }
  }
  myJourneys { id stage program { id } pathway { id name } }
}`);

const ENROLL = graphql(`mutation PortalEnroll($input: EnrollInput!) { enroll(input: $input) {
  __typename ... on CertiflowError { code message }
  ... on MutationEnrollSuccess { data { journeyId created journey { pathway { id name } } } }
} }`);

type Pathway = Program['pathways'][number];

type Program = NonNullable<ResultOf<typeof PROGRAM>['program']>;

type MyJourney = ResultOf<typeof PROGRAM>['myJourneys'][number];

const bulletList = (items: string[], label?: string): SafeHtml =>
  items.length ? html`<ul${label ? html` aria-label="${label}"` : ''}>${items.map((item) => html`<li>${item}</li>`)}</ul>` : emptyState('None published.');

async function listPrograms(ctx: PageContext) {
  requireViewer(ctx);
  const { programs, myJourneys } = await ctx.api(PROGRAMS);
  const card = (p: (typeof programs)[number]) => {
    const mine = myJourneys.find((j) => j.program.id === p.id);
    return html`<li class="card"><h2><a href="${programHref(p.id)}">${p.name}</a></h2>
<p>${p.description}</p>
<p>Pathways: ${p.pathways.map((pw) => pw.name).join(', ')}. Credential valid ${formatDuration(p.validity)}.</p>
${mine ? html`<p>Your journey: ${stageBadge(mine.stage)} <a href="${journeyHref(mine.id)}">Open your ${mine.pathway.name} journey</a></p>` : ''}</li>`;
  };
  return page(
    'Programs',
    html`<h1>Certification programs</h1>
<p class="lede">Read a program's criteria, pathways and rubric, then enrol on the pathway that suits you.</p>
${programs.length ? html`<ul class="cards">${programs.map(card)}</ul>` : emptyState('No program is published yet.')}`,
    { section: 'programs' },
  );
}

function rubric(pathway: Pathway): SafeHtml {
  const r = pathway.rubricCriteria;
  return html`<h4>Rubric</h4>
<p>${r.decisionRule} Pass average: ${r.passAverage}.</p>
${table(
  `Rubric levels for ${pathway.name}`,
  ['Level', 'Meaning'],
  r.levels.map((l) => [l.level, l.label]),
)}
${table(
  `Rubric criteria for ${pathway.name}`,
  ['Criterion', 'What is assessed', 'Pass threshold', 'Critical'],
  r.criteria.map((c) => [c.title, c.description, `Level ${c.threshold}`, c.critical ? 'Yes: below the threshold fails' : 'No']),
)}`;
}

function enrolForm(ctx: PageContext, program: Program, pathway: Pathway, mine: MyJourney | undefined): SafeHtml {
  if (mine && !ENDED_STAGES.includes(mine.stage)) {
    return html`<p class="notice">You already have a journey on this program (${mine.pathway.name} pathway, ${humanize(mine.stage)}). <a href="${journeyHref(mine.id)}">Open your journey</a></p>`;
  }
  const again = mine ? html`<p class="hint">Your previous journey ended (${humanize(mine.stage)}); enrolling again starts a new cycle.</p>` : '';
  const cohorts = program.cohorts;
  return postForm(
    `${programHref(program.id)}/enrol`,
    ctx.csrf,
    html`<input type="hidden" name="pathwayId" value="${pathway.id}"><input type="hidden" name="_back" value="${programHref(program.id)}">
${
  cohorts.length
    ? html`<label for="cohort-${pathway.id}">Cohort <span class="hint">(optional)</span></label>
<select id="cohort-${pathway.id}" name="cohortId"><option value="">No cohort</option>${cohorts.map(
        (c) => html`<option value="${c.id}">${c.name}${c.pilot ? ' (pilot)' : ''}, starts ${formatDate(c.startsOn)}</option>`,
      )}</select>`
    : ''
}
${again}<div class="actions"><button type="submit" class="primary">Enrol on the ${pathway.name} pathway</button></div>`,
    { label: `Enrol on the ${pathway.name} pathway`, className: 'stack' },
  );
}

function pathwaySection(ctx: PageContext, program: Program, pathway: Pathway, mine: MyJourney | undefined): SafeHtml {
  const id = `pathway-${pathway.id}`;
  return html`<section class="card pathway" aria-labelledby="${id}"><h3 id="${id}">${pathway.name} pathway</h3>
<p>${pathway.description}</p>
<h4>Who can enrol</h4>${bulletList(pathway.eligibilityCriteria, `Eligibility for ${pathway.name}`)}
<h4>Evidence</h4>
<p>Accepted formats: ${pathway.evidenceFormats.map(humanize).join(', ')}.</p>
${bulletList(pathway.evidenceRequirements, `Evidence requirements for ${pathway.name}`)}
<h4>Steps to the credential</h4>
<ol>${pathway.progression.map((step) => html`<li>${step}</li>`)}</ol>
${rubric(pathway)}
${enrolForm(ctx, program, pathway, mine)}</section>`;
}

async function showProgram(ctx: PageContext) {
  requireViewer(ctx);
  const { program, myJourneys } = await ctx.api(PROGRAM, { id: param(ctx, 'programId') });
  if (!program) return page('Program not found', html`<h1>Program not found</h1><p>No published program has this address. <a href="/programs">See all programs</a></p>`, { status: 404, section: 'programs' });
  const mine = myJourneys.find((j) => j.program.id === program.id);
  const a = program.assessment;
  return page(
    program.name,
    html`<p class="breadcrumb"><a href="/programs">Programs</a></p>
<h1>${program.name}</h1>
<p class="lede">${program.description}</p>
${definitionList([
  ['Credential valid for', formatDuration(program.validity)],
  ['Evidence due', `${formatDuration(program.submissionDeadline)} after your manager approves`],
  ['Mentor check-ins', `every ${formatDuration(program.checkInCadence)}`],
  ['Appeal window', `${formatDuration(program.appealWindow)} after a decision`],
  ['Re-certification opens', `${formatDuration(program.recertificationWindow)} before expiry (grace period ${formatDuration(program.gracePeriod)})`],
])}
${
  program.upcomingVersions.length
    ? html`<section class="notice info" aria-labelledby="coming-changes"><h2 id="coming-changes">Coming changes</h2>
${program.upcomingVersions.map(
  (v) => html`<p>Version ${v.version} takes effect on ${formatDate(v.effectiveAt)}${v.reason ? `: ${v.reason}` : ''}</p>
${table(`What changes in version ${v.version}`, ['Area', 'Change'], v.changes.map((c) => [humanize(c.area), c.summary]))}`,
)}
<p class="hint">If you are midway, you are told by email what reaches your journey and when.</p></section>`
    : ''
}
<h2>Prerequisites</h2>
<p>What you need before enrolling, whichever pathway you choose:</p>
${bulletList(program.prerequisites, 'Prerequisites')}
<h2>How you are assessed</h2>
${definitionList([
  ['Panel', `${a.panelSize} assessors score independently`],
  ['Decision', a.decisionRule],
  ['Moderation', a.moderationRule],
  ['Appeal', a.appealRule],
  ['Resubmissions', a.maxResubmissions === 0 ? 'None' : `${a.maxResubmissions} after a submission that does not pass`],
])}
<h2>Pathways</h2>
<div class="pathways">${program.pathways.map((pathway) => pathwaySection(ctx, program, pathway, mine))}</div>
<h2>Competencies</h2>
${program.competencies.map(
  (c) => html`<section class="competency" aria-labelledby="competency-${c.key}"><h3 id="competency-${c.key}">${c.name} <span class="hint">(${humanize(c.kind)} skill)</span></h3>
<p>${c.description}</p>${table(`Performance indicators: ${c.name}`, ['Code', 'What shows it'], c.indicators.map((i) => [i.code, i.description]))}</section>`,
)}
<h2>Re-certification</h2>
${bulletList(program.recertificationCriteria, 'Re-certification criteria')}`,
    { section: 'programs' },
  );
}

async function enrol(ctx: PageContext) {
  requireViewer(ctx);
  const programId = ctx.params.programId ?? '';
  const pathwayId = ctx.form.get('pathwayId')?.trim() ?? '';
  if (!pathwayId) return redirect(programHref(programId), { kind: 'error', text: 'Choose a pathway to enrol on.' });
  const cohortId = ctx.form.get('cohortId')?.trim();
  const result = await ctx.api(ENROLL, {
    input: { programId, pathwayId, ...(cohortId ? { cohortId } : {}) },
  });
  const data = unwrap(result.enroll);
  if (!data.created) {
    const on = data.journey?.pathway;
    const other = on && on.id !== pathwayId ? ` on the ${on.name} pathway` : '';
    return redirect(journeyHref(data.journeyId), { kind: 'error', text: `You are already enrolled in this program${other}: this is your journey. Nothing was changed.` });
  }
  return redirect(journeyHref(data.journeyId), { kind: 'success', text: 'You are enrolled. Your eligibility is checked now; then your manager is asked to approve.' });
}

export function programRoutes(_options: RouteOptions): Route<PageHandler>[] {
  return [
    { method: 'GET', path: '/programs', handler: listPrograms },
    { method: 'GET', path: '/programs/:programId', handler: showProgram },
    { method: 'POST', path: '/programs/:programId/enrol', handler: enrol },
  ];
}
