import type { ProgramDocument } from '../../../programs/document.js';
import { html, type SafeHtml } from '../../../html/template.js';
import { ApiError } from '../api-client.js';
import { csrfField, definitionList, emptyState, formatDate, formatDateTime, humanize, table } from '../components.js';
import { type PageContext, type PageHandler, type PageResult, page, param, redirect, requireRole, type Route } from '../page.js';
import type { RouteOptions } from '../routes.js';
import { applyForm, EVIDENCE_FORMATS } from './program-form.js';
import {
  ADMIN_PROGRAMS,
  type AdminVersion,
  APPROVE_PROGRAM,
  type Plan,
  type PlanProblem,
  PROGRAM_VERSIONS,
  REJECT_PROGRAM,
  REQUEST_PROGRAM,
  SAVE_PROGRAM,
  START,
  VERSION,
} from './program-operations.js';

// Program administration (/admin/programs): programs are documents with versions. An admin starts a
// program from a template or a copy; admins and program owners edit a draft in forms (competencies,
// rubric criteria, pathways, timing) or as JSON, read the plan (what changes, for whom), ask for
// publication with a policy per changed area, and a second person approves. Every check is the API's.

const EDITORS = ['admin', 'program_owner'];
const POLICY_AREAS = ['rubric', 'evidence', 'timing', 'recertification'] as const;

const versionHref = (programId: string, version: number) => `/admin/programs/${encodeURIComponent(programId)}/versions/${version}`;

// ---- /admin/programs

async function index(ctx: PageContext): Promise<PageResult> {
  const viewer = requireRole(ctx, ...EDITORS);
  const data = await ctx.api(ADMIN_PROGRAMS);
  const versions = await Promise.all(data.programs.map(async (p) => ({ program: p, versions: (await ctx.api(PROGRAM_VERSIONS, { programId: p.id })).programVersions })));
  const isAdmin = viewer.roles.includes('admin');
  const body = html`<h1>Program administration</h1>
<p class="lede">Each program is a document published in versions that never change. Drafts are checked as you edit; publishing needs a second admin or program owner.</p>
<h2>Waiting for approval</h2>
${
  data.pendingProgramApprovals.length
    ? table('Program versions waiting for a second person', ['Version', 'Written by', 'Asked by', 'Asked on', 'Reason'], data.pendingProgramApprovals.map((v) => [html`<a href="${versionHref(v.programId, v.version)}">${v.id}</a>`, v.author, v.requestedBy ?? '', formatDate(v.requestedAt), v.reason ?? '']))
    : emptyState('Nothing is waiting for approval.')
}
<h2>Drafts</h2>
${data.programDrafts.length ? table('Program drafts', ['Version', 'Author', 'Last saved'], data.programDrafts.map((v) => [html`<a href="${versionHref(v.programId, v.version)}">${v.id}</a>`, v.author, formatDateTime(v.updatedAt)])) : emptyState('No drafts.')}
<h2>Programs</h2>
${versions.map(
  ({ program, versions: list }) => html`<section aria-labelledby="program-${program.id}"><h3 id="program-${program.id}">${program.name}</h3>
<p>Version ${program.version ?? '—'} in effect · owners ${program.owners.join(', ') || 'none'} · ${program.fourEyes ? 'four eyes on' : 'four eyes off'}${
    list.some((v) => v.status === 'draft') ? '' : html` · <a href="${versionHref(program.id, (list[0]?.version ?? 0) + 1)}">Edit version ${(list[0]?.version ?? 0) + 1}</a>`
  }</p>
${table(`Versions of ${program.name}`, ['Version', 'Status', 'Author', 'Approved by', 'Takes effect'], list.map((v) => [html`<a href="${versionHref(program.id, v.version)}">${v.id}</a>`, humanize(v.status), v.author, v.approvedBy ?? '', v.appliedAt ? `in effect since ${formatDate(v.appliedAt)}` : v.effectiveAt ? formatDate(v.effectiveAt) : '']))}</section>`,
)}
${isAdmin ? startForm(ctx, data.programs) : ''}`;
  return page('Program administration', body, { section: 'program-admin' });
}

function startForm(ctx: PageContext, programs: { id: string; name: string }[]): SafeHtml {
  return html`<section class="panel" aria-labelledby="start-heading"><h2 id="start-heading">Create a program</h2>
<form method="post" action="/admin/programs/start" class="stack">${csrfField(ctx.csrf)}
<label for="start-id">Program id</label><p class="hint" id="start-id-hint">Lower-case words joined by hyphens, e.g. incident-command. It never changes.</p>
<input type="text" id="start-id" name="id" required aria-describedby="start-id-hint" autocomplete="off">
<label for="start-name">Name</label><input type="text" id="start-name" name="name" required>
<label for="start-from">Start from</label>
<select id="start-from" name="from"><option value="template:starter">The starter template (one portfolio pathway, a panel of three)</option>
${programs.map((p) => html`<option value="copy:${p.id}">A copy of ${p.name}</option>`)}</select>
<div class="actions"><button type="submit" class="primary">Create the draft</button></div></form></section>`;
}

async function start(ctx: PageContext): Promise<PageResult> {
  requireRole(ctx, 'admin');
  const from = ctx.form.get('from') ?? 'template:starter';
  const input = { id: ctx.form.get('id')?.trim() ?? '', name: ctx.form.get('name')?.trim() ?? '', ...(from.startsWith('copy:') ? { copyOf: from.slice(5) } : { template: 'STARTER' as const }) };
  const { startProgram: result } = await ctx.api(START, { input });
  if (!('data' in result)) return redirect('/admin/programs', { kind: 'error', text: `Not created: ${result.message}` });
  const { programId, version } = result.data.version;
  return redirect(versionHref(programId, version), { kind: 'success', text: `Draft of ${programId} version ${version} created. Edit it, then ask for its publication.` });
}

// ---- /admin/programs/:id/versions/:version

async function loadVersion(ctx: PageContext): Promise<AdminVersion | null> {
  return (await ctx.api(VERSION, { id: `${param(ctx, 'id')}@${param(ctx, 'version')}` })).programVersion;
}

async function editor(ctx: PageContext): Promise<PageResult> {
  const viewer = requireRole(ctx, ...EDITORS);
  let version = await loadVersion(ctx);
  if (!version) {
    // The next version of a published program starts as a copy of the one in effect.
    const programId = param(ctx, 'id');
    const list = (await ctx.api(PROGRAM_VERSIONS, { programId })).programVersions;
    const current = list.find((v) => v.appliedAt);
    const next = Number(param(ctx, 'version'));
    if (!current || next !== (list[0]?.version ?? 0) + 1) throw new ApiError('NOT_FOUND', `There is no version ${next} of ${programId}.`);
    const base = (await ctx.api(VERSION, { id: current.id })).programVersion!;
    await ctx.api(SAVE_PROGRAM, { document: { ...(base.document as ProgramDocument), version: next } });
    version = (await loadVersion(ctx))!;
  }
  const plan = 'data' in version.plan ? version.plan.data : null;
  const problems = plan ? plan.errors : 'problems' in version.plan ? version.plan.problems : [];
  const document = version.document as ProgramDocument;
  const own = viewer.id === version.author || viewer.id === version.requestedBy;
  const body = html`<p><a href="/admin/programs">All programs</a></p>
<h1>${document.name}: version ${version.version}</h1>
${definitionList([
  ['Status', humanize(version.status)],
  ['Written by', version.author],
  ['Asked by', version.requestedBy ?? '—'],
  ['Approved by', version.approvedBy ?? '—'],
  ['Takes effect', version.appliedAt ? `in effect since ${formatDateTime(version.appliedAt)}` : version.effectiveAt ? formatDateTime(version.effectiveAt) : 'on approval'],
])}
${problemsList('Problems that block publication', problems)}
${plan ? problemsList('Warnings', plan.warnings) : ''}
${version.status === 'draft' ? editForm(ctx, version, document) : ''}
${plan ? planSection(plan) : ''}
${version.status === 'draft' && plan?.publishable ? requestForm(ctx, version, plan) : ''}
${version.status === 'pending_approval' ? approvalSection(ctx, version, own) : ''}
<h2>History</h2>${table(`Steps of ${version.id}`, ['When', 'What', 'Who', 'Note'], version.audit.map((a) => [formatDateTime(a.at), humanize(a.action), a.actorId, a.note ?? '']))}`;
  return page(`${document.name} version ${version.version}`, body, { section: 'program-admin' });
}

function problemsList(caption: string, problems: readonly PlanProblem[]): SafeHtml {
  if (problems.length === 0) return html``;
  return html`<section aria-label="${caption}"><h2>${caption}</h2><ul class="problems" role="list">${problems.map(
    (p) => html`<li><code>${p.path}</code>${p.line ? ` (line ${p.line})` : ''}: ${p.message}${p.suggestion ? html` <span class="hint">(${p.suggestion})</span>` : ''}</li>`,
  )}</ul></section>`;
}

const text = (id: string, name: string, label: string, value: string | number | undefined, hint?: string) =>
  html`<label for="${id}">${label}</label>${hint ? html`<p class="hint" id="${id}-hint">${hint}</p>` : ''}<input type="text" id="${id}" name="${name}" value="${String(value ?? '')}"${hint ? html` aria-describedby="${id}-hint"` : ''}>`;
const area = (id: string, name: string, label: string, value: string, hint?: string) =>
  html`<label for="${id}">${label}</label>${hint ? html`<p class="hint" id="${id}-hint">${hint}</p>` : ''}<textarea id="${id}" name="${name}" rows="3"${hint ? html` aria-describedby="${id}-hint"` : ''}>${value}</textarea>`;
const select = (id: string, name: string, label: string, options: string[], value: string) =>
  html`<label for="${id}">${label}</label><select id="${id}" name="${name}">${options.map((o) => html`<option value="${o}"${o === value ? html` selected` : ''}>${o}</option>`)}</select>`;
const check = (id: string, name: string, label: string, checked: boolean, value = 'on') =>
  html`<div class="rule-choice"><input type="checkbox" id="${id}" name="${name}" value="${value}"${checked ? html` checked` : ''}><label for="${id}">${label}</label></div>`;

function editForm(ctx: PageContext, version: AdminVersion, d: ProgramDocument): SafeHtml {
  const competencyKeys = d.competencies.map((c) => c.key);
  const competency = (prefix: string, c: ProgramDocument['competencies'][number] | undefined, legend: string) => html`<fieldset><legend>${legend}</legend>
${text(`${prefix}key`, `${prefix}key`, 'Key', c?.key)}${text(`${prefix}name`, `${prefix}name`, 'Name', c?.name)}
${select(`${prefix}kind`, `${prefix}kind`, 'Kind', ['technical', 'soft'], c?.kind ?? 'technical')}
${area(`${prefix}description`, `${prefix}description`, 'Description', c?.description ?? '')}
${area(`${prefix}indicators`, `${prefix}indicators`, 'Performance indicators', (c?.indicators ?? []).map((i) => `${i.code}: ${i.description}`).join('\n'), 'One per line: CODE: what an assessor can observe.')}
${c ? check(`${prefix}remove`, `${prefix}remove`, `Remove ${c.name}`, false) : ''}</fieldset>`;
  const criterion = (prefix: string, c: ProgramDocument['rubrics'][number]['criteria'][number] | undefined, legend: string) => html`<fieldset><legend>${legend}</legend>
${text(`${prefix}key`, `${prefix}key`, 'Key', c?.key)}${text(`${prefix}title`, `${prefix}title`, 'Title', c?.title)}
${area(`${prefix}description`, `${prefix}description`, 'What it looks for', c?.description ?? '')}
${select(`${prefix}competency`, `${prefix}competency`, 'Competency assessed', competencyKeys, c?.competency ?? competencyKeys[0] ?? '')}
${text(`${prefix}indicators`, `${prefix}indicators`, 'Indicators', (c?.indicators ?? []).join(', '), 'Codes, comma-separated; empty for all of the competency\u2019s indicators.')}
${text(`${prefix}threshold`, `${prefix}threshold`, 'Threshold (lowest level that meets it)', c?.threshold)}
${check(`${prefix}critical`, `${prefix}critical`, 'Critical: below its threshold fails the assessment', c?.critical ?? false)}
${c ? check(`${prefix}remove`, `${prefix}remove`, `Remove ${c.title}`, false) : ''}</fieldset>`;
  const pathway = (prefix: string, p: ProgramDocument['pathways'][number] | undefined, legend: string) => html`<fieldset><legend>${legend}</legend>
${p ? html`<p>Id: <code>${p.id}</code></p>` : text(`${prefix}id`, `${prefix}id`, 'Id', '')}
${text(`${prefix}name`, `${prefix}name`, 'Name', p?.name)}
${select(`${prefix}kind`, `${prefix}kind`, 'Kind', ['portfolio', 'coursework', 'live_demo'], p?.kind ?? 'portfolio')}
${area(`${prefix}description`, `${prefix}description`, 'Description', p?.description ?? '')}
${select(`${prefix}rubric`, `${prefix}rubric`, 'Rubric', d.rubrics.map((r) => r.key), p?.rubric ?? d.rubrics[0]?.key ?? '')}
${text(`${prefix}eligibilityRuleSet`, `${prefix}eligibilityRuleSet`, 'Eligibility rule set', p?.eligibilityRuleSet ?? `${d.id}.eligibility`)}
<fieldset><legend>Evidence formats</legend>${EVIDENCE_FORMATS.map((f) => check(`${prefix}formats-${f}`, `${prefix}formats`, humanize(f), p?.evidenceFormats.includes(f) ?? false, f))}</fieldset>
${area(`${prefix}requirements`, `${prefix}requirements`, 'What the evidence must show', (p?.evidenceRequirements ?? []).join('\n'), 'One requirement per line, in the candidate\u2019s words.')}
${p ? check(`${prefix}remove`, `${prefix}remove`, `Remove ${p.name}`, false) : ''}</fieldset>`;
  const { submission, mentoring, panel, appeals, credential } = d;
  return html`<section aria-labelledby="edit-heading"><h2 id="edit-heading">Edit the draft</h2>
<form method="post" action="${versionHref(version.programId, version.version)}/edit" class="stack">${csrfField(ctx.csrf)}
<h3>The program</h3>
${text('name', 'name', 'Name', d.name)}${area('description', 'description', 'Description', d.description)}
${text('owners', 'owners', 'Owners', d.owners.join(', '), 'Person ids, comma-separated: they may approve its publications.')}
${check('fourEyes', 'fourEyes', 'Publishing needs a second person (four eyes)', d.publishing?.fourEyes !== false)}
<h3>Competencies</h3>
${d.competencies.map((c, i) => competency(`c${i}.`, c, c.name))}${competency('cnew.', undefined, 'Add a competency')}
${d.rubrics.map(
  (r, ri) => html`<h3>Rubric ${r.key}</h3>
${text(`r${ri}.passAverage`, `r${ri}.passAverage`, 'Pass average', r.passAverage)}
${area(`r${ri}.labels`, `r${ri}.labels`, 'Level names', Object.entries(r.levels.labels).map(([level, label]) => `${level}: ${label}`).join('\n'), `Levels ${r.levels.min} to ${r.levels.max}, one per line: 1: Beginning.`)}
${r.criteria.map((c, ci) => criterion(`r${ri}.c${ci}.`, c, c.title))}${criterion(`r${ri}.cnew.`, undefined, 'Add a criterion')}`,
)}
<h3>Pathways</h3>
${d.pathways.map((p, i) => pathway(`p${i}.`, p, p.name))}${pathway('pnew.', undefined, 'Add a pathway')}
<h3>Timing and panel</h3>
${text('t.submissionDeadline', 't.submissionDeadline', 'Evidence due after approval', submission.deadline, 'ISO 8601 durations throughout: P90D is 90 days, P2Y two years.')}
${text('t.maxResubmissions', 't.maxResubmissions', 'Resubmissions allowed', submission.maxResubmissions)}
${text('t.checkInCadence', 't.checkInCadence', 'Mentor check-ins every', mentoring.checkInCadence)}
${text('t.panelSize', 't.panelSize', 'Panel size', panel.size)}
${text('t.appealWindow', 't.appealWindow', 'Appeal window', appeals.window)}
${text('t.validity', 't.validity', 'Credential validity', credential.validity)}
${text('t.recertificationWindow', 't.recertificationWindow', 'Re-certification opens before expiry', credential.recertification.window)}
${text('t.gracePeriod', 't.gracePeriod', 'Grace period after expiry', credential.recertification.gracePeriod)}
<div class="actions"><button type="submit" class="primary">Save the draft</button></div></form></section>`;
}

function planSection(plan: Plan): SafeHtml {
  const { diff, impact } = plan;
  const inFlight = impact.inFlight.reduce((sum, s) => sum + s.count, 0);
  return html`<section aria-labelledby="plan-heading"><h2 id="plan-heading">Plan: what publishing changes, and for whom</h2>
${diff.changes.length ? table(`Changes from ${diff.from ?? 'nothing published'} to ${diff.to}`, ['Area', 'Change'], diff.changes.map((c) => [humanize(c.area), c.summary])) : emptyState('No change from the version in effect.')}
<p>Journeys in flight: ${inFlight}${impact.inFlight.length ? ` (${impact.inFlight.map((s) => `${humanize(s.stage)} ${s.count}`).join(', ')})` : ''}. Current holders: ${impact.holders}.</p>
${impact.reach.length ? table('Whom each changed area reaches', ['Area', 'Journeys in flight', 'Holders at next re-certification'], impact.reach.map((r) => [humanize(r.area), r.journeysInFlight, r.holders])) : ''}
${impact.eligibility.length ? table('Eligibility that changes', ['Person', 'Pathway', 'Change'], impact.eligibility.map((e) => [e.name, e.pathwayId, humanize(e.change)])) : html`<p>Nobody becomes or stops being eligible.</p>`}</section>`;
}

function requestForm(ctx: PageContext, version: AdminVersion, plan: Plan): SafeHtml {
  const areas = plan.diff.areas.map((a) => a.toLowerCase());
  return html`<section class="panel" aria-labelledby="request-heading"><h2 id="request-heading">Ask for publication</h2>
<form method="post" action="${versionHref(version.programId, version.version)}/request" class="stack">${csrfField(ctx.csrf)}
${areas.length ? areas.map((a) => select(`policy-${a}`, `policy.${a}`, `People midway: ${humanize(a)}`, ['keep', 'transition', 'immediate'], 'transition')) : html`<p>${plan.previousVersion ? 'No change reaches people midway.' : 'The first version: nobody is midway yet.'}</p>`}
${areas.length ? text('noticePeriod', 'noticePeriod', 'Notice period for a transition', 'P30D', 'ISO 8601, e.g. P30D: people are told now and the change reaches them then.') : ''}
<label for="effectiveAt">Takes effect on <span class="hint">(optional; on approval when empty)</span></label><input type="date" id="effectiveAt" name="effectiveAt">
${area('reason', 'reason', 'Reason for the change', '', '10 to 2,000 characters, kept with the version and sent to the people it reaches.')}
<div class="actions"><button type="submit" class="primary">Ask a second person to approve</button></div></form></section>`;
}

function approvalSection(ctx: PageContext, version: AdminVersion, own: boolean): SafeHtml {
  const action = versionHref(version.programId, version.version);
  return html`<section class="panel" aria-labelledby="approval-heading"><h2 id="approval-heading">Waiting for approval</h2>
<p>${version.requestedBy ?? ''} asked on ${formatDate(version.requestedAt)}: ${version.reason ?? ''}</p>
${
  own
    ? html`<p class="hint">A second admin or program owner must approve it: not its author nor whoever asked.</p>`
    : html`<form method="post" action="${action}/approve">${csrfField(ctx.csrf)}<div class="actions"><button type="submit" class="primary">Approve and publish</button></div></form>`
}
<form method="post" action="${action}/send-back" class="stack">${csrfField(ctx.csrf)}
${area('send-back-note', 'note', own ? 'Withdraw the request: why' : 'Send back to its author: why', '')}
<div class="actions"><button type="submit">${own ? 'Withdraw' : 'Send back'}</button></div></form></section>`;
}

// ---- actions

async function edit(ctx: PageContext): Promise<PageResult> {
  requireRole(ctx, ...EDITORS);
  const version = await loadVersion(ctx);
  if (!version) throw new ApiError('NOT_FOUND', 'There is no such program version.');
  const document = applyForm(version.document as ProgramDocument, ctx.form);
  const { saveProgramDraft: result } = await ctx.api(SAVE_PROGRAM, { document });
  const href = versionHref(version.programId, version.version);
  if (!('data' in result)) return redirect(href, { kind: 'error', text: `Not saved: ${result.message}` });
  const { errors } = result.data;
  return redirect(href, errors.length ? { kind: 'error', text: `Draft saved with ${errors.length} problem${errors.length === 1 ? '' : 's'} to fix before publication.` } : { kind: 'success', text: 'Draft saved. It has no problems.' });
}

async function request(ctx: PageContext): Promise<PageResult> {
  requireRole(ctx, ...EDITORS);
  const versionId = `${param(ctx, 'id')}@${param(ctx, 'version')}`;
  const policies = Object.fromEntries(POLICY_AREAS.flatMap((a) => (ctx.form.get(`policy.${a}`) ? [[a, (ctx.form.get(`policy.${a}`) ?? '').toUpperCase()]] : []))) as Record<string, 'KEEP' | 'TRANSITION' | 'IMMEDIATE'>;
  const transitions = Object.values(policies).includes('TRANSITION');
  const day = ctx.form.get('effectiveAt')?.trim();
  const input = {
    versionId,
    reason: ctx.form.get('reason')?.trim() ?? '',
    policies,
    ...(transitions && ctx.form.get('noticePeriod')?.trim() ? { noticePeriod: ctx.form.get('noticePeriod')!.trim() } : {}),
    ...(day ? { effectiveAt: `${day}T00:00:00.000Z` } : {}),
  };
  const { requestProgramPublication: result } = await ctx.api(REQUEST_PROGRAM, { input });
  const href = versionHref(param(ctx, 'id'), Number(param(ctx, 'version')));
  if (!('data' in result)) return redirect(href, { kind: 'error', text: `Not asked: ${result.message}` });
  return redirect(href, { kind: 'success', text: result.data.version.status === 'published' ? 'Published.' : 'Asked: a second admin or program owner must approve it.' });
}

async function approve(ctx: PageContext): Promise<PageResult> {
  requireRole(ctx, ...EDITORS);
  const { approveProgramVersion: result } = await ctx.api(APPROVE_PROGRAM, { versionId: `${param(ctx, 'id')}@${param(ctx, 'version')}` });
  const href = versionHref(param(ctx, 'id'), Number(param(ctx, 'version')));
  if (!('data' in result)) return redirect(href, { kind: 'error', text: `Not approved: ${result.message}` });
  const { version, notices } = result.data;
  const told = notices ? ` ${notices.filter((n) => n.accepted).length} of ${notices.length} journeys were told.` : '';
  return redirect(href, { kind: 'success', text: version.appliedAt ? `Approved and in effect.${told}` : `Approved; takes effect ${formatDate(version.effectiveAt)}.` });
}

async function sendBack(ctx: PageContext): Promise<PageResult> {
  requireRole(ctx, ...EDITORS);
  const { rejectProgramVersion: result } = await ctx.api(REJECT_PROGRAM, { versionId: `${param(ctx, 'id')}@${param(ctx, 'version')}`, note: ctx.form.get('note')?.trim() ?? '' });
  const href = versionHref(param(ctx, 'id'), Number(param(ctx, 'version')));
  return redirect(href, 'data' in result ? { kind: 'success', text: 'Back to draft: it can be edited again.' } : { kind: 'error', text: `Not sent back: ${result.message}` });
}

export function programAdminRoutes(_options: RouteOptions): Route<PageHandler>[] {
  return [
    { method: 'GET', path: '/admin/programs', handler: index },
    { method: 'POST', path: '/admin/programs/start', handler: start },
    { method: 'GET', path: '/admin/programs/:id/versions/:version', handler: editor },
    { method: 'POST', path: '/admin/programs/:id/versions/:version/edit', handler: edit },
    { method: 'POST', path: '/admin/programs/:id/versions/:version/request', handler: request },
    { method: 'POST', path: '/admin/programs/:id/versions/:version/approve', handler: approve },
    { method: 'POST', path: '/admin/programs/:id/versions/:version/send-back', handler: sendBack },
  ];
}
