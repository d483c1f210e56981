import { html } from '../../../html/template.js';
import { emptyState, formatDateTime, humanize, table } from '../components.js';
import { graphql } from '../graphql.js';
import { choice, type PageContext, type PageHandler, type PortalImportResult, page, requireRole, type Route } from '../page.js';
import type { RouteOptions } from '../routes.js';

// HR's import page: upload an HRIS or LMS export (people, course completions, certifications), try it
// as a dry run, and read every problem by row and column before anything is applied. The file is read
// in memory, never stored, and imported as POST /imports/:kind does (a file can be far larger than a
// GraphQL request may be); the history comes from the API.

const RUNS = graphql(`query ImportRuns { importRuns(first: 20) { id kind fileName dryRun actor at created updated unchanged rejected } }`);
type Result = Extract<PortalImportResult, { ok: true }>['summary'];

/** An HRIS export of tens of thousands of people is well under this (the same limit as POST /imports). */
const MAX_FILE_BYTES = 16 * 1024 * 1024;
const KINDS = ['people', 'courses', 'certifications'] as const;

function importForm(ctx: PageContext) {
  const action = `/hr/imports?_csrf=${encodeURIComponent(ctx.csrf)}`;
  return html`<form method="post" action="${action}" enctype="multipart/form-data" class="stack card" aria-labelledby="import-heading">
<h2 id="import-heading">Import a file</h2>
<label for="kind">What the file holds</label>
<select id="kind" name="kind">${KINDS.map((k) => html`<option value="${k}">${humanize(k.toUpperCase())}</option>`)}</select>
<label for="file">CSV file</label>
<input id="file" name="file" type="file" accept=".csv,text/csv,text/plain" required aria-describedby="file-hint">
<p id="file-hint" class="hint">UTF-8 or UTF-16, comma, semicolon or tab separated, one header line. Up to 16 MB.</p>
<label for="mapping">Column mapping (optional, JSON)</label>
<textarea id="mapping" name="mapping" rows="4" aria-describedby="mapping-hint"></textarea>
<p id="mapping-hint" class="hint">For example {"dateFormat": "DD/MM/YYYY", "columns": {"Work Mail": "email"}}. Demographic columns are imported only with a "demographicsSource" saying where consent was recorded.</p>
<label class="check"><input type="checkbox" name="dryRun" value="true" checked> Dry run: check and count, change nothing</label>
<button type="submit" class="primary">Check the file</button>
</form>`;
}

function resultSection(result: Result) {
  const verdict = result.problems.length
    ? `Rejected: nothing was applied. ${result.rejected} of ${result.rows} row(s) have problems.`
    : result.dryRun
      ? 'Dry run: the file is fine and nothing was changed. Import it for real below.'
      : 'Applied.';
  return html`<section class="panel" aria-labelledby="result-heading" role="status"><h2 id="result-heading">${result.fileName}</h2>
<p>${verdict}</p>
${table('Rows', ['Created', 'Updated', 'Unchanged', 'Rejected'], [[result.created, result.updated, result.unchanged, result.rejected]])}
${result.problems.length ? table('Problems', ['Row', 'Column', 'Problem'], result.problems.map((p) => [p.row === 0 ? 'mapping' : p.row, p.column ?? '', p.message])) : ''}
</section>`;
}

async function importsPage(ctx: PageContext, result?: Result) {
  requireRole(ctx, 'hr', 'admin');
  const { importRuns } = await ctx.api(RUNS);
  const runs = importRuns.length
    ? table(
        'Recent imports',
        ['When', 'File', 'Kind', 'By', 'Outcome'],
        importRuns.map((r) => [formatDateTime(r.at), r.fileName, humanize(r.kind), r.actor, r.rejected ? `rejected (${r.rejected} rows)` : `${r.dryRun ? 'dry run: ' : ''}${r.created} created, ${r.updated} updated, ${r.unchanged} unchanged`]),
      )
    : emptyState('No imports yet.');
  return page(
    'Imports',
    html`<h1>Imports</h1>
<p class="lede">People from the HR system, course completions from the LMS, outside certifications: a file is applied completely or not at all, and importing the same file again changes nothing.</p>
${result ? resultSection(result) : ''}
${importForm(ctx)}
<section aria-labelledby="runs-heading"><h2 id="runs-heading">History</h2>${runs}</section>`,
    { section: 'imports', ...(result?.problems.length ? { status: 422 } : {}) },
  );
}

async function runImport(ctx: PageContext) {
  requireRole(ctx, 'hr', 'admin');
  const upload = ctx.dataFiles.get('file');
  if (!upload) return page('Imports', html`<h1>Imports</h1><p role="alert">Choose a CSV file to import.</p>${importForm(ctx)}`, { section: 'imports', status: 400 });
  if (!upload.ok) return page('Imports', html`<h1>Imports</h1><p role="alert">${upload.message}</p>${importForm(ctx)}`, { section: 'imports', status: 413 });
  const mapping = ctx.form.get('mapping')?.trim();
  const result = await ctx.runImport({
    kind: choice(ctx.form.get('kind'), KINDS, 'what the file holds'),
    fileName: upload.file.fileName || 'upload.csv',
    content: upload.file.bytes,
    ...(mapping ? { mapping } : {}),
    dryRun: ctx.form.get('dryRun') === 'true',
  });
  if (!result.ok) return page('Imports', html`<h1>Imports</h1><p role="alert">${result.message}</p>${importForm(ctx)}`, { section: 'imports', status: 403 });
  return importsPage(ctx, result.summary);
}

export function importRoutes(_options: RouteOptions): Route<PageHandler>[] {
  return [
    { method: 'GET', path: '/hr/imports', handler: (ctx) => importsPage(ctx) },
    { method: 'POST', path: '/hr/imports', handler: runImport, dataFile: { maxBytes: MAX_FILE_BYTES, roles: ['hr', 'admin'] } },
  ];
}
