import { graphql, type ResultOf, type VariablesOf } from '../graphql.js';
import { ApiError, unwrap } from '../api-client.js';
import { definitionList, formatDate, humanize, stageBadge } from '../components.js';
import { html, type SafeHtml } from '../../../html/template.js';
import { hasRole, type Notice, type PageContext, type PageHandler, type PageResult, type PortalViewer, page, redirect, requireViewer, uploadedFile } from '../page.js';
import type { Route } from '../page.js';
import type { RouteOptions } from '../routes.js';
import { journeyHref, programHref } from './candidate-shared.js';
import { candidateActions } from './journey-forms.js';
import {
  auditSection,
  credentialSection,
  deadlinesSection,
  decisionsSection,
  eligibilitySection,
  JOURNEY,
  mentoringSection,
  progressSection,
  submissionsSection,
} from './journey-view.js';

// One journey, for everyone the API lets see it: the candidate gets the dashboard with their actions;
// their manager, mentor, assessors, committee reviewers and HR get the same page read-only, with a link
// to the page where their own actions are.

const HR = ['hr', 'program_owner', 'admin'];

const PARTIES = graphql(`query PortalJourneyParties($id: ID!) { journey(id: $id) { id candidate { id manager { id } } mentor { id } panel { id } } }`);



type Parties = NonNullable<ResultOf<typeof PARTIES>['journey']>;

/** How the viewer relates to the journey, and where their own actions on it live. */
function relation(viewer: PortalViewer, p: Parties): { as: string; links: { href: string; label: string }[] } {
  const links: { href: string; label: string }[] = [];
  const as: string[] = [];
  const journey = encodeURIComponent(p.id);
  if (p.candidate.manager?.id === viewer.id) {
    as.push('their manager');
    links.push({ href: '/team', label: 'My team' });
  }
  if (p.mentor?.id === viewer.id) {
    as.push('their mentor');
    links.push({ href: '/mentees', label: 'Mentees' });
  }
  if (p.panel.some((m) => m.id === viewer.id)) {
    as.push('an assessor');
    links.push({ href: `/assessments/${journey}`, label: 'Score this submission' });
  }
  if (hasRole(viewer, 'committee')) links.push({ href: `/committee/appeals/${journey}`, label: 'Appeal review' });
  if (hasRole(viewer, ...HR)) {
    as.push('HR');
    links.push({ href: '/insights', label: 'Insights' });
  }
  return { as: as.length ? as.join(' and ') : 'a reviewer', links };
}

async function showJourney(ctx: PageContext) {
  const viewer = requireViewer(ctx);
  const id = ctx.params.journeyId ?? '';
  const { journey: parties } = await ctx.api(PARTIES, { id });
  if (!parties) {
    return page('Journey not found', html`<h1>Journey not found</h1><p>There is no journey here that you may see. <a href="/">Back to your journeys</a></p>`, { status: 404 });
  }
  const own = parties.candidate.id === viewer.id;
  // The forecast is for the candidate, their manager and HR (the API refuses it to anyone else).
  const withForecast = own || parties.candidate.manager?.id === viewer.id || hasRole(viewer, ...HR);
  const { journey: j } = await ctx.api(JOURNEY, { id, withForecast });
  // Gone between the two reads (it cannot be: journeys are never deleted), or no longer visible.
  if (!j) return page('Journey not found', html`<h1>Journey not found</h1><p>There is no journey here that you may see. <a href="/">Back to your journeys</a></p>`, { status: 404 });
  const who = relation(viewer, parties);
  const header = html`<p class="breadcrumb"><a href="/">My journeys</a> · <a href="${programHref(j.program.id)}">${j.program.name}</a></p>
<h1>${own ? '' : `${j.candidate.name}: `}${j.program.name}, ${j.pathway.name} pathway</h1>
<p class="stage-line">Stage: ${stageBadge(j.stage)}</p>
${definitionList([
  // An anonymised assessment's stand-in has a pseudonym and no title or department.
  ['Candidate', [j.candidate.name, j.candidate.title].filter(Boolean).join(', ') + (j.candidate.department ? ` (${j.candidate.department})` : '')],
  ['Enrolled', formatDate(j.enrolledAt)],
  ['Cycle', j.cycle],
  ['Cohort', j.cohort ? `${j.cohort.name}${j.cohort.pilot ? ' (pilot)' : ''}` : 'None'],
  ...(j.pausedAt ? ([['Paused since', formatDate(j.pausedAt)]] as [string, string][]) : []),
  ...(j.endReason ? ([['Ended', j.endReason]] as [string, string][]) : []),
])}`;
  const readOnly: SafeHtml = own
    ? html``
    : html`<p class="notice">You are viewing this journey as ${who.as}; it is read-only here.${
        who.links.length ? html` Your actions are on: ${who.links.map((l, i) => html`${i ? ', ' : ''}<a href="${l.href}">${l.label}</a>`)}.` : ''
      }</p>`;
  return page(
    `${j.program.name}: ${own ? 'your journey' : j.candidate.name}`,
    html`${header}${readOnly}
${progressSection(j)}
${own ? candidateActions(j, ctx.csrf) : ''}
${deadlinesSection(j)}
${eligibilitySection(j)}
${mentoringSection(j)}
${submissionsSection(j)}
${decisionsSection(j)}
${credentialSection(j)}
${auditSection(j)}`,
    { section: own ? 'home' : undefined },
  );
}

type JourneyPayload = { journeyId: string; stage: string | null };

// Each candidate action is a mutation answering `Mutation<Name>Success { data { journeyId stage } }`.
const SUBMIT_EVIDENCE = graphql(`mutation PortalSubmitEvidence($input: SubmitEvidenceInput!) { submitEvidence(input: $input) { __typename ... on CertiflowError { code message } ... on MutationSubmitEvidenceSuccess { data { journeyId stage } } } }`);
const FILE_APPEAL = graphql(`mutation PortalFileAppeal($input: FileAppealInput!) { fileAppeal(input: $input) { __typename ... on CertiflowError { code message } ... on MutationFileAppealSuccess { data { journeyId stage } } } }`);
const WITHDRAW = graphql(`mutation PortalWithdrawJourney($input: WithdrawJourneyInput!) { withdrawJourney(input: $input) { __typename ... on CertiflowError { code message } ... on MutationWithdrawJourneySuccess { data { journeyId stage } } } }`);
const PAUSE = graphql(`mutation PortalPauseJourney($input: PauseJourneyInput!) { pauseJourney(input: $input) { __typename ... on CertiflowError { code message } ... on MutationPauseJourneySuccess { data { journeyId stage } } } }`);
const RESUME = graphql(`mutation PortalResumeJourney($input: ResumeJourneyInput!) { resumeJourney(input: $input) { __typename ... on CertiflowError { code message } ... on MutationResumeJourneySuccess { data { journeyId stage } } } }`);
const ADJUST_PLAN = graphql(`mutation PortalAdjustLearningPlan($input: AdjustLearningPlanInput!) { adjustLearningPlan(input: $input) { __typename ... on CertiflowError { code message } ... on MutationAdjustLearningPlanSuccess { data { journeyId stage } } } }`);

/** Runs a candidate action; whatever the API answers, the person lands back on the journey with a notice. */
function action(run: (ctx: PageContext, journeyId: string) => Promise<string>): PageHandler {
  return async (ctx) => {
    requireViewer(ctx);
    const journeyId = ctx.params.journeyId ?? '';
    let notice: Notice;
    try {
      notice = { kind: 'success', text: await run(ctx, journeyId) };
    } catch (error) {
      if (!(error instanceof ApiError) || error.code === 'UNAUTHENTICATED') throw error;
      notice = { kind: 'error', text: error.message };
    }
    return redirect(journeyHref(journeyId), notice) as PageResult;
  };
}

/** Runs one of the mutations above; its one field is the typed result. */
const required = (ctx: PageContext, field: string, label: string): string => {
  const value = ctx.form.get(field)?.trim() ?? '';
  if (!value) throw new ApiError('INVALID_INPUT', `${label} is required.`);
  return value;
};

const nowStage = (p: JourneyPayload) => (p.stage ? ` The journey is now: ${humanize(p.stage).toLowerCase()}.` : '');

type EvidenceFormat = VariablesOf<typeof SUBMIT_EVIDENCE>['input']['format'];
const FORMATS = ['written_report', 'video', 'live_demonstration', 'reflective_write_up'];

const submitEvidence = action(async (ctx, journeyId) => {
  // Stored while the form was read (streamed to disk as it arrived); a refusal is the first thing to say,
  // since the fields after a refused file were never read.
  const stored = uploadedFile(ctx, 'file');
  const format = ctx.form.get('format') ?? '';
  if (!FORMATS.includes(format)) throw new ApiError('INVALID_INPUT', 'Choose one of the evidence formats on the page.');
  const title = required(ctx, 'title', 'A title');
  const url = ctx.form.get('url')?.trim();
  const scheduled = ctx.form.get('scheduledAt')?.trim();
  let scheduledAt: string | undefined;
  if (scheduled) {
    // A datetime-local field has no zone; the form says the time is UTC.
    const at = new Date(`${scheduled.length === 16 ? `${scheduled}:00` : scheduled}Z`);
    if (Number.isNaN(at.getTime())) throw new ApiError('INVALID_INPUT', 'The session date and time could not be read.');
    scheduledAt = at.toISOString();
  }
  const input = {
    journeyId,
    format: format.toUpperCase() as EvidenceFormat,
    title,
    content: ctx.form.get('content') ?? '',
    reflection: ctx.form.get('reflection') ?? '',
    ...(url ? { url } : {}),
    ...(stored ? { fileSha256: stored.sha256 } : {}),
    ...(scheduledAt ? { scheduledAt } : {}),
  };
  unwrap((await ctx.api(SUBMIT_EVIDENCE, { input })).submitEvidence);
  return `Your evidence "${title}" was submitted${stored ? ` with the file ${stored.fileName}` : ''}. It goes to the assessment panel next.`;
});

const fileAppeal = action(async (ctx, journeyId) => {
  unwrap((await ctx.api(FILE_APPEAL, { input: { journeyId, grounds: required(ctx, 'grounds', 'Your grounds') } })).fileAppeal);
  return 'Your appeal was filed. Committee members who took no part in the assessment are appointed to review it.';
});

const withdraw = action(async (ctx, journeyId) => {
  unwrap((await ctx.api(WITHDRAW, { input: { journeyId, reason: required(ctx, 'reason', 'A reason') } })).withdrawJourney);
  return 'You withdrew from this journey. You may enrol again later.';
});

const pause = action(async (ctx, journeyId) => {
  unwrap((await ctx.api(PAUSE, { input: { journeyId, reason: required(ctx, 'reason', 'A reason') } })).pauseJourney);
  return 'Your journey is paused: every deadline stops until you resume.';
});

const resume = action(async (ctx, journeyId) => {
  const payload = unwrap((await ctx.api(RESUME, { input: { journeyId } })).resumeJourney);
  return `Your journey has resumed; deadlines moved on by the time paused.${nowStage(payload)}`;
});

const adjustPlan = action(async (ctx, journeyId) => {
  const goals = (ctx.form.get('goals') ?? '')
    .split(/\r?\n/)
    .map((g) => g.trim())
    .filter(Boolean);
  unwrap((await ctx.api(ADJUST_PLAN, { input: { journeyId, goals, note: ctx.form.get('note')?.trim() ?? '' } })).adjustLearningPlan);
  return 'Your learning plan is saved; your mentor sees it too.';
});

export function journeyRoutes(_options: RouteOptions): Route<PageHandler>[] {
  const base = '/journeys/:journeyId';
  return [
    { method: 'GET', path: base, handler: showJourney },
    { method: 'POST', path: `${base}/evidence`, handler: submitEvidence, multipart: true },
    { method: 'POST', path: `${base}/appeal`, handler: fileAppeal },
    { method: 'POST', path: `${base}/withdraw`, handler: withdraw },
    { method: 'POST', path: `${base}/pause`, handler: pause },
    { method: 'POST', path: `${base}/resume`, handler: resume },
    { method: 'POST', path: `${base}/plan`, handler: adjustPlan },
  ];
}
