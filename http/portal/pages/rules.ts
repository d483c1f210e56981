import { dayEnd } from '../form-dates.js';
import { APPROVE, CATALOG, DIFF, PUBLISH, SEND_BACK, REVIEW, REVIEW_OUTCOMES, type RuleSetKind, TRANSITION_POLICIES, SAVE, SIMULATE, VALIDATE, VERSION_DETAIL, VERSIONS } from './rule-operations.js';
import { ApiError, unwrap } from '../api-client.js';
import { csrfField, emptyState, formatDate, humanize } from '../components.js';
import { html, type SafeHtml } from '../../../html/template.js';
import { choice, json, type PageContext, type PageHandler, type PageResult, page, redirect, requireRole, wantsJson } from '../page.js';
import type { Route } from '../page.js';
import type { RouteOptions } from '../routes.js';
import { locateProblems, type Problem, parseRuleText, prettyJson } from './rule-json.js';
import {
  type Draft,
  type DueReview,
  diffSection,
  draftsTable,
  dueReviewsTable,
  editorHref,
  problemsRegion,
  simulationSection,
  type Transition,
  transitionSection,
  type Version,
  versionsTable,
} from './rule-views.js';

// Rule-set administration (/admin/rules): each program's rule sets with their versions, drafts and
// reviews due, and a JSON editor per rule set. Every button of the editor is a submit with its own
// formaction, so it all works without JavaScript; portal/assets/rule-editor.js adds validation as the
// admin types. Admins change rule sets; program owners may look and check a change (the API decides).
// A form post whose text has problems answers 400 with every problem listed and the text kept as typed;
// the script's live check (JSON) answers 200 with `valid` and the problems.

const READERS = ['admin', 'program_owner'];

interface Catalog {
  programs: { id: string; name: string }[];
  versions: Version[];
  drafts: Draft[];
  due: DueReview[];
}

async function loadCatalog(ctx: PageContext): Promise<Catalog> {
  const data = await ctx.api(CATALOG);
  const lists = await Promise.all(data.programs.map((p) => ctx.api(VERSIONS, { programId: p.id })));
  return { programs: data.programs, versions: lists.flatMap((l) => l.ruleSets), drafts: data.ruleSetDrafts, due: data.dueRuleReviews };
}

// ---- /admin/rules: every program's rule sets

async function index(ctx: PageContext): Promise<PageResult> {
  const viewer = requireRole(ctx, ...READERS);
  const catalog = await loadCatalog(ctx);
  const names = new Map(catalog.programs.map((p) => [p.id, p.name]));
  const programSection = (program: Catalog['programs'][number]): SafeHtml => {
    const keys = [...new Set(catalog.versions.filter((v) => v.programId === program.id).map((v) => v.key))];
    const draftOnly = [...new Set(catalog.drafts.filter((d) => d.programId === program.id && !keys.includes(d.key)).map((d) => d.key))];
    return html`<section aria-labelledby="program-${program.id}"><h2 id="program-${program.id}">${program.name}</h2>
${keys.length + draftOnly.length === 0 ? emptyState('No rule set has been published or drafted for this program.') : ''}
${keys.map((key) => {
  const versions = catalog.versions.filter((v) => v.key === key);
  return html`<h3>${key}</h3><p>${humanize(versions[0]?.kind ?? '')} rules · <a href="${editorHref(key)}">Open ${key} in the editor</a></p>${versionsTable(key, versions)}`;
})}
${draftOnly.map((key) => html`<h3>${key}</h3><p>Not published yet · <a href="${editorHref(key)}">Open ${key} in the editor</a></p>`)}</section>`;
  };
  return page(
    'Rule sets',
    html`<h1>Rule sets</h1>
<p class="lede">Eligibility and re-certification rules are data: each rule set is published in versions that never change, and journeys keep the version they enrolled under unless a publication moves them.${viewer.roles.includes('admin') ? '' : ' You can read rule sets and check a change; an admin saves and publishes it.'}</p>
<h2>Reviews due</h2>${dueReviewsTable(catalog.due, names)}
<h2>Drafts</h2>${catalog.drafts.length ? draftsTable('Drafts not yet published', catalog.drafts) : emptyState('No drafts.')}
${catalog.programs.map(programSection)}`,
    { section: 'rules' },
  );
}

// ---- /admin/rules/:key: the editor

interface Editor {
  key: string;
  programId: string;
  programName: string;
  kind: RuleSetKind;
  versions: Version[];
  drafts: Draft[];
  draft: Draft | null;
  due: DueReview | null;
}

async function loadEditor(ctx: PageContext): Promise<Editor> {
  const key = ctx.params.key ?? '';
  const catalog = await loadCatalog(ctx);
  const versions = catalog.versions.filter((v) => v.key === key);
  const drafts = catalog.drafts.filter((d) => d.key === key);
  const wanted = ctx.form.get('draftId') || ctx.url.searchParams.get('draft');
  const draft = drafts.find((d) => d.id === wanted) ?? (wanted ? null : (drafts[0] ?? null));
  const source = versions[0] ?? drafts[0];
  if (!source) throw new ApiError('NOT_FOUND', `No rule set ${key} has been published or drafted.`);
  const programName = catalog.programs.find((p) => p.id === source.programId)?.name ?? source.programId;
  const due = catalog.due.find((r) => r.ruleSetKey === key) ?? null;
  return { key, programId: source.programId, programName, kind: source.kind, versions, drafts, draft, due };
}

/** What the page shows besides the editor's text: a result section, the problems, a message. */
interface View {
  text: string;
  problems: Problem[] | null;
  outcome?: SafeHtml;
  message?: { kind: 'success' | 'error'; text: string };
  status?: number;
}

const actionUrl = (key: string, action: string): string => `/admin/rules/${encodeURIComponent(key)}/${action}`;

function editorPage(ctx: PageContext, editor: Editor, view: View, latest: { definition: unknown; transitions: Transition[] } | null): PageResult {
  const isAdmin = ctx.viewer?.roles.includes('admin') ?? false;
  const { key, versions, draft } = editor;
  const current = versions[0];
  const next = (current?.version ?? 0) + 1;
  const field = (name: string, fallback: string): string => ctx.form.get(name) ?? fallback;
  const policy = field('transitionPolicy', 'KEEP');
  const radio = (value: string, label: string, hint: SafeHtml | string) =>
    html`<div class="rule-choice"><input type="radio" id="policy-${value}" name="transitionPolicy" value="${value}"${policy === value ? html` checked` : ''} aria-describedby="policy-${value}-hint">
<label for="policy-${value}">${label}</label><p class="hint" id="policy-${value}-hint">${hint}</p></div>`;
  const transition = latest?.transitions.at(-1);
  const body = html`<p><a href="/admin/rules">All rule sets</a></p>
<h1>Rule set ${key}</h1>
<p class="lede">${editor.programName} · ${humanize(editor.kind)} rules · ${current ? `latest published: version ${current.version}, ${formatDate(current.publishedAt)} by ${current.publishedBy}` : 'not published yet'}${reviewNote(editor.due)}</p>
${view.message ? html`<p class="notice ${view.message.kind}" role="${view.message.kind === 'error' ? 'alert' : 'status'}">${view.message.text}</p>` : ''}
${view.outcome ?? ''}
<form method="post" action="${actionUrl(key, 'validate')}" id="rule-editor" class="rule-editor" data-validate-url="${actionUrl(key, 'validate')}">
${csrfField(ctx.csrf)}<input type="hidden" name="draftId" value="${draft?.id ?? ''}"><input type="hidden" name="_back" value="${editorHref(key, draft?.id)}">
<h2 id="editor-heading">${draft ? `Draft by ${draft.author}, saved ${formatDate(draft.updatedAt)}` : current ? `Version ${next}, starting from version ${current.version}` : 'New rule set'}</h2>
<label for="definition">Rule-set JSON</label>
<p class="hint" id="definition-hint">The whole rule-set file (docs/rules.md). Every leaf condition needs a description: candidates read it. Set "version" to ${next} to publish it as the next version.</p>
${problemsRegion(view.problems, `No problems found: this text can be published as version ${next}.`)}
<textarea id="definition" name="definition" class="code" rows="28" spellcheck="false" autocapitalize="off" autocomplete="off" aria-describedby="definition-hint definition-problems"${view.problems?.length ? html` aria-invalid="true"` : ''}>${view.text}</textarea>
<div class="rule-asof"><label for="asOf">Simulate with facts as of <span class="hint">(optional; today when empty)</span></label>
<input type="date" id="asOf" name="asOf" value="${field('asOf', '')}"></div>
<div class="actions">
<button type="submit" formaction="${actionUrl(key, 'validate')}">Validate</button>
${isAdmin ? html`<button type="submit" formaction="${actionUrl(key, 'save')}">Save draft</button>` : ''}
<button type="submit" formaction="${actionUrl(key, 'simulate')}">Simulate who would change</button>
${current ? html`<button type="submit" formaction="${actionUrl(key, 'diff')}">Compare with version ${current.version}</button>` : ''}
</div>
${
  draft?.requestedBy
    ? html`<p class="hint">This draft is waiting for approval; it cannot change until it is approved or sent back.</p>`
    : isAdmin
    ? html`<section class="panel" aria-labelledby="publish-heading"><h2 id="publish-heading">Publish as version ${next}</h2>
<p>Publishing saves the text above as the draft and asks a second admin or program owner to approve it; approved, it is stored as version ${next}, which never changes again, and new enrolments follow it at once.</p>
${
  current
    ? html`<fieldset><legend>Journeys in flight on version ${current.version}</legend>
${radio('KEEP', 'Keep their version', 'They finish under the rules they enrolled under; nothing changes for them.')}
${radio('TRANSITION', 'Move them after a transition period', 'Candidates are emailed now with the date; then their journey follows the new rules, and a submission deadline is pushed out so they keep at least 14 days.')}
<div class="rule-period"><label for="transitionPeriod">Transition period <span class="hint">(only for a transition; ISO 8601, e.g. P30D for 30 days)</span></label>
<input type="text" id="transitionPeriod" name="transitionPeriod" value="${field('transitionPeriod', 'P30D')}" autocomplete="off"></div>
${radio('IMMEDIATE', 'Move them now', 'Their journeys follow the new rules from now on.')}
</fieldset>`
    : html`<input type="hidden" name="transitionPolicy" value="KEEP"><p>This is the first version: no journey is on an earlier one.</p>`
}
<label for="reason">Reason for the change</label>
<p class="hint" id="reason-hint">10 to 2,000 characters, kept with the version: what changed and why.</p>
<textarea id="reason" name="reason" rows="3" aria-describedby="reason-hint">${field('reason', '')}</textarea>
<div class="actions"><button type="submit" class="primary" formaction="${actionUrl(key, 'publish')}" data-confirm="Ask for publication of this text as ${key} version ${next}? A published version never changes.">Ask to publish version ${next}</button></div>
</section>`
    : html`<p class="hint">Only an admin can save or publish a rule set.</p>`
}
</form>
${draft?.requestedBy ? approvalSection(ctx, key, draft) : ''}
<script src="/assets/rule-editor.js" defer></script>
${transition && current ? transitionSection(current.id, transition) : ''}
<h2>Versions</h2>${versions.length ? versionsTable(key, versions) : emptyState('No version has been published yet.')}
<h2>Drafts</h2>${editor.drafts.length ? draftsTable(`Drafts of ${key}`, editor.drafts, draft?.id) : emptyState('No drafts of this rule set.')}
${isAdmin && current ? reviewForm(ctx, key) : ''}`;
  return page(`Rule set ${key}`, body, { section: 'rules', ...(view.status ? { status: view.status } : {}) });
}

/** A draft waiting for a second person: the decision asked for, and approve or send back for whoever may. */
function approvalSection(ctx: PageContext, key: string, draft: Draft): SafeHtml {
  const request = (draft.request ?? {}) as { reason?: string; policy?: string; transitionPeriod?: string | null };
  const viewer = ctx.viewer?.id;
  const ownDraft = viewer === draft.author || viewer === draft.requestedBy;
  return html`<section class="panel" aria-labelledby="approval-heading"><h2 id="approval-heading">Waiting for approval</h2>
<p>${draft.requestedBy} asked on ${formatDate(draft.requestedAt ?? draft.updatedAt)} to publish this draft (written by ${draft.author}): policy ${humanize(request.policy ?? 'keep')}${request.transitionPeriod ? `, transition period ${request.transitionPeriod}` : ''}.</p>
<p>Reason: ${request.reason ?? ''}</p>
${
  ownDraft
    ? html`<p class="hint">A second admin or program owner must approve it: not its author nor whoever asked.</p>`
    : html`<form method="post" action="${actionUrl(key, 'approve')}">${csrfField(ctx.csrf)}<input type="hidden" name="draftId" value="${draft.id}">
<div class="actions"><button type="submit" class="primary">Approve and publish</button></div></form>`
}
<form method="post" action="${actionUrl(key, 'send-back')}" class="stack">${csrfField(ctx.csrf)}<input type="hidden" name="draftId" value="${draft.id}">
<label for="send-back-note">${ownDraft ? 'Withdraw the request' : 'Send back to its author'}: why</label><textarea id="send-back-note" name="note" rows="2"></textarea>
<div class="actions"><button type="submit">${ownDraft ? 'Withdraw' : 'Send back'}</button></div></form></section>`;
}

function reviewNote(due: DueReview | null): string {
  if (!due) return '';
  return due.dueOn ? ` · review ${due.overdue ? 'overdue since' : 'due'} ${formatDate(due.dueOn)}` : ' · periodic review never scheduled';
}

function reviewForm(ctx: PageContext, key: string): SafeHtml {
  return html`<section aria-labelledby="review-heading"><h2 id="review-heading">Record a periodic review</h2>
<form method="post" action="${actionUrl(key, 'review')}" class="stack">${csrfField(ctx.csrf)}
<fieldset><legend>Outcome</legend>
<div class="rule-choice"><input type="radio" id="outcome-confirmed" name="outcome" value="CONFIRMED" checked><label for="outcome-confirmed">The rules still fit (next review in a year)</label></div>
<div class="rule-choice"><input type="radio" id="outcome-revision" name="outcome" value="REVISION_NEEDED"><label for="outcome-revision">A change is needed (looked at again in three months)</label></div>
</fieldset>
<label for="review-notes">Notes</label><textarea id="review-notes" name="notes" rows="3"></textarea>
<div class="actions"><button type="submit">Record the review</button></div></form></section>`;
}

async function latestDetail(ctx: PageContext, editor: Editor) {
  const current = editor.versions[0];
  if (!current) return null;
  return (await ctx.api(VERSION_DETAIL, { id: current.id })).ruleSet;
}

/** Prefill: the chosen draft, else the latest version with its version number raised to the next. */
function startingText(editor: Editor, latest: { definition: unknown } | null): string {
  if (editor.draft) return prettyJson(editor.draft.definition);
  if (latest && typeof latest.definition === 'object' && latest.definition !== null) {
    return prettyJson({ ...(latest.definition as Record<string, unknown>), version: (editor.versions[0]?.version ?? 0) + 1 });
  }
  return prettyJson(latest?.definition ?? {});
}

async function showEditor(ctx: PageContext): Promise<PageResult> {
  requireRole(ctx, ...READERS);
  const editor = await loadEditor(ctx);
  const latest = await latestDetail(ctx, editor);
  const text = startingText(editor, latest);
  const problems = editor.draft ? locateProblems(text, editor.draft.errors) : null;
  return editorPage(ctx, editor, { text, problems }, latest);
}

/** Re-renders the editor with the submitted text and this view. */
async function rerender(ctx: PageContext, view: View): Promise<PageResult> {
  const editor = await loadEditor(ctx);
  return editorPage(ctx, editor, view, await latestDetail(ctx, editor));
}

const refused = (text: string, problems: Problem[], message?: string): View => ({
  text,
  problems: locateProblems(text, problems),
  status: 400,
  ...(message ? { message: { kind: 'error' as const, text: message } } : {}),
});

type Action = (ctx: PageContext, text: string, definition: unknown) => Promise<View | PageResult>;

/** An editor button: parse the text (a syntax error is a problem like any other), act, re-render. */
function action(roles: string[], act: Action): PageHandler {
  return async (ctx) => {
    requireRole(ctx, ...roles);
    const text = ctx.form.get('definition') ?? '';
    const parsed = parseRuleText(text);
    let result: View | PageResult;
    try {
      result = parsed.ok ? await act(ctx, text, parsed.value) : refused(text, [parsed.problem]);
    } catch (error) {
      // A refusal (a draft published meanwhile, a bad period) keeps the admin's text on the page.
      if (!(error instanceof ApiError) || ['UNAUTHENTICATED', 'FORBIDDEN'].includes(error.code)) throw error;
      result = { text, problems: null, status: 400, message: { kind: 'error', text: error.message } };
    }
    return 'kind' in result ? result : rerender(ctx, result);
  };
}

const validate: Action = async (ctx, text, definition) => {
  const { validateRuleSet } = await ctx.api(VALIDATE, { definition, key: ctx.params.key });
  return validateRuleSet.valid ? { text, problems: [] } : refused(text, validateRuleSet.errors);
};

/** The editor script's live check: the same validation, answered as JSON. */
async function validateJson(ctx: PageContext): Promise<PageResult> {
  requireRole(ctx, ...READERS);
  const text = ctx.form.get('definition') ?? '';
  const parsed = parseRuleText(text);
  try {
    const view = parsed.ok ? ((await validate(ctx, text, parsed.value)) as View) : refused(text, [parsed.problem]);
    // The check itself succeeded, whatever it found: 200, and `valid` says which.
    return json({ valid: view.problems?.length === 0, problems: view.problems });
  } catch (error) {
    if (error instanceof ApiError) return json({ error: { code: error.code, message: error.message } }, error.code === 'FORBIDDEN' ? 403 : 502);
    throw error;
  }
}

/** The end of the chosen day (UTC), never later than now; absent: now. */
function factsAsOf(ctx: PageContext): string | null {
  const day = ctx.form.get('asOf')?.trim();
  if (!day) return null;
  const end = dayEnd(day);
  if (!end) throw new ApiError('INVALID_INPUT', `"${day}" is not a date such as 2026-11-25.`);
  return new Date(Math.min(end.getTime() - 1, Date.now())).toISOString();
}

const simulate: Action = async (ctx, text, definition) => {
  const { simulateRuleSet: result } = await ctx.api(SIMULATE, { definition, asOf: factsAsOf(ctx) });
  if ('problems' in result) return refused(text, result.problems, 'The simulation needs a valid rule set; fix these problems first.');
  return { text, problems: null, outcome: simulationSection(unwrap(result)) };
};

const diff: Action = async (ctx, text, definition) => {
  const editor = await loadEditor(ctx);
  const from = editor.versions[0]?.id;
  if (!from) return { text, problems: null, message: { kind: 'error', text: 'Nothing has been published yet to compare with.' }, status: 400 };
  const { ruleSetDiff: result } = await ctx.api(DIFF, { from, definition });
  if ('problems' in result) return refused(text, result.problems, 'The comparison needs a valid rule set; fix these problems first.');
  const { to, changes } = unwrap(result);
  return { text, problems: null, outcome: diffSection(from, to, changes) };
};

/** Saves the text as the draft (created, or the one being edited); the draft keeps whatever problems it has. */
async function saveDraft(ctx: PageContext, definition: unknown): Promise<{ id: string; errors: Problem[] }> {
  const editor = await loadEditor(ctx);
  const input = { ...(editor.draft ? { id: editor.draft.id } : {}), key: editor.key, programId: editor.programId, kind: editor.kind, definition };
  const { saveRuleSetDraft } = await ctx.api(SAVE, { input });
  const saved = unwrap(saveRuleSetDraft);
  ctx.form.set('draftId', saved.draft.id); // The re-rendered editor goes on editing this draft.
  return { id: saved.draft.id, errors: saved.errors };
}

const save: Action = async (ctx, text, definition) => {
  const saved = await saveDraft(ctx, definition);
  if (saved.errors.length) return refused(text, saved.errors, 'Draft saved, but it cannot be published until these problems are fixed.');
  return { text, problems: [], message: { kind: 'success', text: 'Draft saved. It has no problems and can be published.' } };
};

const publish: Action = async (ctx, text, definition) => {
  const saved = await saveDraft(ctx, definition);
  if (saved.errors.length) return refused(text, saved.errors, 'Not published: the text was saved as a draft, but it has problems.');
  const transitionPolicy = choice(ctx.form.get('transitionPolicy') ?? 'KEEP', TRANSITION_POLICIES, 'how journeys in flight take the change');
  const period = ctx.form.get('transitionPeriod')?.trim();
  const input = { draftId: saved.id, reason: ctx.form.get('reason')?.trim() ?? '', transitionPolicy, ...(transitionPolicy === 'TRANSITION' && period ? { transitionPeriod: period } : {}) };
  const { publishRuleSet: result } = await ctx.api(PUBLISH, { input });
  if ('problems' in result) return refused(text, result.problems, 'Not published: the rule set has problems.');
  if (!('data' in result)) return { text, problems: null, status: 400, message: { kind: 'error', text: `Not published: ${result.message}` } };
  const { ruleSet, transition, pendingApproval } = result.data;
  if (pendingApproval || !ruleSet) {
    return redirect(editorHref(ctx.params.key ?? '', saved.id), { kind: 'success', text: 'Publication asked for: a second admin or program owner must approve it before it takes effect.' });
  }
  const told = transition ? ` ${transition.journeysNotified} of ${transition.results.length} journeys in flight accepted the change.` : '';
  return redirect(editorHref(ctx.params.key ?? ''), { kind: 'success', text: `Published ${ruleSet.id}.${told}` });
};

/** The second person approves the draft waiting for approval (four eyes). */
async function approve(ctx: PageContext): Promise<PageResult> {
  requireRole(ctx, ...READERS);
  const key = ctx.params.key ?? '';
  const draftId = ctx.form.get('draftId') ?? '';
  const { approveRuleSetPublication: result } = await ctx.api(APPROVE, { draftId });
  if (!('data' in result)) return redirect(editorHref(key, draftId), { kind: 'error', text: `Not approved: ${result.message}` });
  const { ruleSet, transition } = result.data;
  const told = transition ? ` ${transition.journeysNotified} of ${transition.results.length} journeys in flight accepted the change.` : '';
  return redirect(editorHref(key), { kind: 'success', text: `Approved and published ${ruleSet?.id ?? ''} (asked by ${ruleSet?.publishedBy ?? ''}).${told}` });
}

/** Sends a draft waiting for approval back to editing, with a note for its author. */
async function sendBack(ctx: PageContext): Promise<PageResult> {
  requireRole(ctx, ...READERS);
  const key = ctx.params.key ?? '';
  const draftId = ctx.form.get('draftId') ?? '';
  const { rejectRuleSetPublication: result } = await ctx.api(SEND_BACK, { draftId, note: ctx.form.get('note')?.trim() ?? '' });
  if (!('data' in result)) return redirect(editorHref(key, draftId), { kind: 'error', text: `Not sent back: ${result.message}` });
  return redirect(editorHref(key, draftId), { kind: 'success', text: 'Sent back to its author: the draft can be edited again.' });
}

async function recordReview(ctx: PageContext): Promise<PageResult> {
  requireRole(ctx, 'admin');
  const key = ctx.params.key ?? '';
  const input = { ruleSetKey: key, outcome: choice(ctx.form.get('outcome') ?? 'CONFIRMED', REVIEW_OUTCOMES, 'the outcome of the review'), notes: ctx.form.get('notes')?.trim() ?? '' };
  const { recordRuleReview } = await ctx.api(REVIEW, { input });
  const { nextReview } = unwrap(recordRuleReview);
  return redirect(editorHref(key), { kind: 'success', text: `Review recorded; the next one is due ${formatDate(nextReview.dueOn)}.` });
}

export function rulesRoutes(_options: RouteOptions): Route<PageHandler>[] {
  const validateHtml = action(READERS, validate);
  return [
    { method: 'GET', path: '/admin/rules', handler: index },
    { method: 'GET', path: '/admin/rules/:key', handler: showEditor },
    { method: 'POST', path: '/admin/rules/:key/validate', handler: (ctx) => (wantsJson(ctx) ? validateJson(ctx) : validateHtml(ctx)) },
    { method: 'POST', path: '/admin/rules/:key/simulate', handler: action(READERS, simulate) },
    { method: 'POST', path: '/admin/rules/:key/diff', handler: action(READERS, diff) },
    { method: 'POST', path: '/admin/rules/:key/save', handler: action(['admin'], save) },
    { method: 'POST', path: '/admin/rules/:key/publish', handler: action(['admin'], publish) },
    { method: 'POST', path: '/admin/rules/:key/review', handler: recordReview },
    { method: 'POST', path: '/admin/rules/:key/approve', handler: approve },
    { method: 'POST', path: '/admin/rules/:key/send-back', handler: sendBack },
  ];
}
