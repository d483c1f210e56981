import { existsSync } from 'node:fs';
import path from 'node:path';
import { ruleSetVersionId } from '../../rules/drafts.js';
import { ExitCode, type Io, readRuleFile, reportProblems } from './io.js';

// `certiflow rules validate|diff|simulate`. Validate and diff read files only; simulate reads the
// database (never writes). What only one command uses (the diff, the engine behind simulation, the
// database) is imported by that command, so validating a file loads no more than validation needs.

export async function validateCommand(files: string[], io: Io): Promise<number> {
  let invalid = 0;
  for (const file of files) {
    const result = await readRuleFile(file);
    if (result.ok) {
      io.out(`${file}: valid (${ruleSetVersionId(result.value.id, result.value.version)})`);
    } else {
      invalid += 1;
      reportProblems(io, file, result.errors);
    }
  }
  if (files.length > 1) io.out(`${files.length - invalid} of ${files.length} valid`);
  return invalid === 0 ? ExitCode.Ok : ExitCode.Failed;
}

export async function diffCommand(older: string, newer: string, options: { json?: boolean }, io: Io): Promise<number> {
  const [before, after] = [await readRuleFile(older), await readRuleFile(newer)];
  if (!before.ok || !after.ok) {
    if (!before.ok) reportProblems(io, older, before.errors);
    if (!after.ok) reportProblems(io, newer, after.errors);
    return ExitCode.Failed;
  }
  const { diffRuleSets, formatRuleSetDiff } = await import('../../rules/diff.js');
  const diff = diffRuleSets(before.value, after.value);
  io.out(options.json ? JSON.stringify(diff, null, 2) : formatRuleSetDiff(diff));
  return ExitCode.Ok;
}

interface SimulateOptions {
  asOf?: string;
  databaseUrl?: string;
  json?: boolean;
  failOnLoss?: boolean;
}

export async function simulateCommand(file: string, options: SimulateOptions, io: Io): Promise<number> {
  const asOf = parseAsOf(options.asOf);
  if (asOf === null) {
    io.err(`--as-of "${options.asOf}" is not a date (2026-11-25) or an ISO 8601 instant (2026-11-25T09:00:00Z)`);
    return ExitCode.Usage;
  }
  const rules = await readRuleFile(file);
  if (!rules.ok) {
    reportProblems(io, file, rules.errors);
    return ExitCode.Failed;
  }
  const opened = await openReadDatabase(options.databaseUrl);
  if ('problem' in opened) {
    io.err(opened.problem);
    return ExitCode.Failed;
  }
  const { simulateAgainstDatabase } = await import('../../services/rule-sets.js');
  let result: Awaited<ReturnType<typeof simulateAgainstDatabase>>;
  try {
    result = await simulateAgainstDatabase(opened.db.prisma, rules.json, asOf);
  } finally {
    await opened.db.close();
  }
  if (!result.ok) {
    if (result.problems) reportProblems(io, file, result.problems);
    else io.err(`${file}: ${result.error.message}`);
    return ExitCode.Failed;
  }
  const { formatSimulation } = await import('../../rules/simulate.js');
  io.out(options.json ? JSON.stringify(result.value, null, 2) : formatSimulation(result.value));
  return options.failOnLoss && result.value.loses.length > 0 ? ExitCode.Failed : ExitCode.Ok;
}

/** A bare date means its start in UTC; absent means now; anything unparsable is null. */
function parseAsOf(text: string | undefined): string | null {
  if (text === undefined) return new Date().toISOString();
  const instant = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00.000Z` : text);
  return Number.isNaN(instant) ? null : new Date(instant).toISOString();
}

type Opened = { db: import('../../prisma/client.js').Database } | { problem: string };

/**
 * The server at --database-url or DATABASE_URL, else the embedded PGlite directory. PGlite serves one
 * process per directory and does not refuse a second one, so its postmaster.pid (present while a process
 * has it open) is checked first: opening a directory `npm run dev` owns could corrupt it.
 */
async function openReadDatabase(url: string | undefined): Promise<Opened> {
  const { openDatabase } = await import('../../prisma/client.js');
  const databaseUrl = url ?? process.env.DATABASE_URL;
  if (databaseUrl) return { db: await openDatabase({ url: databaseUrl }) };
  const { loadConfig } = await import('../../config/index.js');
  const dir = path.resolve(loadConfig(process.env, { tool: true }).pgliteDir);
  if (!existsSync(path.join(dir, 'PG_VERSION'))) {
    return { problem: `There is no embedded database in ${dir} (DATA_DIR). Run "npm run db:migrate && npm run db:seed" (or "npm run dev" once), or pass --database-url.` };
  }
  if (existsSync(path.join(dir, 'postmaster.pid'))) {
    return {
      problem:
        `The embedded database in ${dir} is in use: a running "npm run dev" (or another Certiflow process) owns it, and PGlite allows one process per directory. ` +
        'Stop it and run this again, pass --database-url for a PostgreSQL server, or use the simulateRuleSet GraphQL query of the running API. ' +
        `If nothing is running, a process that crashed left ${path.join(dir, 'postmaster.pid')} behind: remove it.`,
    };
  }
  return { db: await openDatabase({ dataDir: dir }) };
}
