import { existsSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { diffPrograms, type ProgramDiff } from '../../programs/diff.js';
import type { ProgramDocument } from '../../programs/document.js';
import { parseProgramText } from '../../programs/parse.js';
import { formatProgramProblems, type ProgramCatalog, type ProgramProblem, validateProgramText } from '../../programs/validate.js';
import { forEachLeaf } from '../../rules/rule-set.js';
import { validateRuleSet } from '../../rules/validate.js';
import { apiCaller, apiToken, viaApi } from './api.js';
import { ExitCode, type Io } from './io.js';

// `certiflow programs validate|diff|plan|apply|approve`: program documents kept in git. validate and diff
// read files only (rule sets from --rules, other programs from the documents' folders); plan, apply and
// approve go through the API with a token, like `rules publish`, so the database and journeys in flight
// are the API's business and the token says who acts.

const PROGRAM_FILE = /\.(ya?ml|json)$/;

/** Rule sets on disk (the folder that `certiflow rules publish` publishes from) and the programs beside `files`. */
async function offlineCatalog(files: string[], rulesDir: string | undefined): Promise<ProgramCatalog> {
  const catalog: { ruleSets?: Map<string, { kind: string; programId: string; facts: string[] }>; programs: Set<string> } = { programs: new Set() };
  const dir = rulesDir ?? (existsSync('rules/sets') ? 'rules/sets' : undefined);
  if (dir) {
    catalog.ruleSets = new Map();
    for (const name of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
      const checked = validateRuleSet(JSON.parse(await readFile(path.join(dir, name), 'utf8')));
      if (!checked.ok) continue;
      const facts = new Set<string>();
      forEachLeaf(checked.value, (leaf) => facts.add(leaf.fact));
      catalog.ruleSets.set(checked.value.id, { kind: checked.value.kind, programId: checked.value.programId, facts: [...facts] });
    }
  }
  const neighbours = new Set(files.flatMap((file) => readdirSync(path.dirname(file)).filter((f) => PROGRAM_FILE.test(f)).map((f) => path.join(path.dirname(file), f))));
  for (const file of [...neighbours, ...files]) {
    const parsed = parseProgramText(await readFile(file, 'utf8').catch(() => ''));
    const id = parsed.ok ? (parsed.parsed.value as { id?: unknown } | null)?.id : undefined;
    if (typeof id === 'string') catalog.programs.add(id);
  }
  return catalog;
}

function report(io: Io, file: string, errors: ProgramProblem[], warnings: ProgramProblem[]): void {
  if (errors.length > 0) {
    io.out(`${file}: ${errors.length} problem${errors.length === 1 ? '' : 's'}`);
    for (const line of formatProgramProblems(errors).split('\n')) io.out(`  ${line}`);
  }
  if (warnings.length > 0) {
    io.out(`${file}: ${warnings.length} warning${warnings.length === 1 ? '' : 's'}`);
    for (const line of formatProgramProblems(warnings).split('\n')) io.out(`  ${line}`);
  }
}

async function readText(file: string, io: Io): Promise<string | null> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    io.out(`${file}: cannot be read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    return null;
  }
}

export async function validateProgramsCommand(files: string[], options: { rules?: string }, io: Io): Promise<number> {
  const catalog = await offlineCatalog(files, options.rules);
  let invalid = 0;
  for (const file of files) {
    const text = await readText(file, io);
    if (text === null) {
      invalid += 1;
      continue;
    }
    const result = validateProgramText(text, catalog);
    report(io, file, result.ok ? [] : result.errors, result.warnings);
    if (result.ok) io.out(`${file}: valid (${result.value.id}@${result.value.version})`);
    else invalid += 1;
  }
  if (files.length > 1) io.out(`${files.length - invalid} of ${files.length} valid`);
  return invalid === 0 ? ExitCode.Ok : ExitCode.Failed;
}

/** A diff from the file or from the API (which names areas in capitals, as GraphQL enums). */
export function formatProgramDiff(diff: Pick<ProgramDiff, 'from' | 'to'> & { areas: string[]; changes: { area: string; summary: string }[] }): string {
  const lines = [`${diff.from ?? '(nothing published)'} → ${diff.to}: ${diff.changes.length} change${diff.changes.length === 1 ? '' : 's'}`];
  for (const change of diff.changes) lines.push(`  [${change.area.toLowerCase()}] ${change.summary}`);
  if (diff.areas.length > 0) lines.push(`Publication needs a policy (keep, transition, immediate) for: ${diff.areas.map((a) => a.toLowerCase()).join(', ')}`);
  return lines.join('\n');
}

export async function diffProgramsCommand(older: string, newer: string, options: { json?: boolean }, io: Io): Promise<number> {
  const documents: ProgramDocument[] = [];
  for (const file of [older, newer]) {
    const text = await readText(file, io);
    const result = text === null ? null : validateProgramText(text);
    if (!result?.ok) {
      if (result) report(io, file, result.errors, []);
      return ExitCode.Failed;
    }
    documents.push(result.value);
  }
  const diff = diffPrograms(documents[0]!, documents[1]!);
  io.out(options.json ? JSON.stringify(diff, null, 2) : formatProgramDiff(diff));
  return ExitCode.Ok;
}

const PROBLEM = 'path line message suggestion';
const PLAN = `query Plan($text: String!) { programPlan(text: $text) {
  __typename
  ... on QueryProgramPlanSuccess { data {
    programId version previousVersion publishable
    errors { ${PROBLEM} } warnings { ${PROBLEM} }
    diff { from to areas changes { kind area path summary } }
    impact { holders onDroppedPathways inFlight { stage count } reach { area journeysInFlight holders } eligibility { personId name pathwayId change } }
  } }
  ... on ProgramRejectedError { message problems { ${PROBLEM} } }
  ... on CertiflowError { code message path }
} }`;

interface Plan {
  programId: string;
  version: number;
  previousVersion: number | null;
  publishable: boolean;
  errors: ProgramProblem[];
  warnings: ProgramProblem[];
  diff: { from: string | null; to: string; areas: string[]; changes: { kind: string; area: string; path: string; summary: string }[] };
  impact: {
    holders: number;
    onDroppedPathways: number;
    inFlight: { stage: string; count: number }[];
    reach: { area: string; journeysInFlight: number; holders: number }[];
    eligibility: { personId: string; name: string; pathwayId: string; change: string }[];
  };
}

interface Refusal {
  __typename: string;
  code?: string;
  message?: string;
  path?: string | null;
  problems?: ProgramProblem[];
}

const tokenOrUsage = (io: Io, env: NodeJS.ProcessEnv) => apiToken(io, env, "an admin's or program owner's", 'ines');

function refused(io: Io, file: string, refusal: Refusal): number {
  if (refusal.problems) report(io, file, refusal.problems, []);
  else io.err(`${refusal.code ?? refusal.__typename}${refusal.path ? ` (${refusal.path})` : ''}: ${refusal.message ?? 'refused'}`);
  return ExitCode.Failed;
}


export async function planProgramCommand(file: string, options: { apiUrl?: string; json?: boolean }, io: Io, env = process.env): Promise<number> {
  const token = tokenOrUsage(io, env);
  if (!token) return ExitCode.Usage;
  const text = await readText(file, io);
  if (text === null) return ExitCode.Failed;
  const call = apiCaller(options.apiUrl ?? env.CERTIFLOW_API_URL, token);
  return viaApi(io, async () => {
    const answer = ((await call(PLAN, { text })) as { programPlan: Refusal & { data?: Plan } }).programPlan;
    if (!answer.data) return refused(io, file, answer);
    const plan = answer.data;
    if (options.json) io.out(JSON.stringify(plan, null, 2));
    else printPlan(io, file, plan);
    return plan.publishable ? ExitCode.Ok : ExitCode.Failed;
  });
}

function printPlan(io: Io, file: string, plan: Plan): void {
  report(io, file, plan.errors, plan.warnings);
  io.out(formatProgramDiff(plan.diff));
  const { impact } = plan;
  const inFlight = impact.inFlight.reduce((sum, s) => sum + s.count, 0);
  io.out(`Journeys in flight: ${inFlight}${inFlight ? ` (${impact.inFlight.map((s) => `${s.stage} ${s.count}`).join(', ')})` : ''}; current holders: ${impact.holders}`);
  for (const r of impact.reach) io.out(`  ${r.area.toLowerCase()} reaches ${r.journeysInFlight} journey(s) in flight and ${r.holders} holder(s) at their next re-certification`);
  if (impact.onDroppedPathways > 0) io.out(`  ${impact.onDroppedPathways} journey(s) on dropped pathways keep them; nobody new enrols there`);
  const becomes = impact.eligibility.filter((e) => e.change === 'becomes_eligible');
  const stops = impact.eligibility.filter((e) => e.change === 'stops_being_eligible');
  io.out(`Eligibility: ${becomes.length} become eligible, ${stops.length} stop being eligible`);
  for (const e of impact.eligibility) io.out(`  ${e.name} (${e.personId}) ${e.change.replaceAll('_', ' ')} for ${e.pathwayId}`);
  io.out(plan.publishable ? `${plan.programId}@${plan.version} can be published.` : `${plan.programId}@${plan.version} cannot be published until the problems are fixed.`);
}

const SAVE = `mutation Save($text: String!) { saveProgramDraft(text: $text) {
  __typename
  ... on MutationSaveProgramDraftSuccess { data { version { id } publishable errors { ${PROBLEM} } warnings { ${PROBLEM} } } }
  ... on ProgramRejectedError { message problems { ${PROBLEM} } }
  ... on CertiflowError { code message path }
} }`;

const REQUEST = `mutation Request($input: RequestProgramPublicationInput!) { requestProgramPublication(input: $input) {
  __typename
  ... on MutationRequestProgramPublicationSuccess { data { version { id status effectiveAt approvedBy } notices { journeyId accepted code } } }
  ... on ProgramRejectedError { message problems { ${PROBLEM} } }
  ... on CertiflowError { code message path }
} }`;

export interface ApplyOptions {
  reason: string;
  policy?: string[];
  noticePeriod?: string;
  effectiveAt?: string;
  apiUrl?: string;
}

/** `--policy rubric=transition --policy timing=keep` → { rubric: 'TRANSITION', timing: 'KEEP' }, or the bad entry. */
export function parsePolicies(entries: string[]): Record<string, string> | string {
  const policies: Record<string, string> = {};
  for (const entry of entries) {
    const match = /^(rubric|evidence|timing|recertification)=(keep|transition|immediate)$/.exec(entry);
    if (!match) return entry;
    policies[match[1]!] = match[2]!.toUpperCase();
  }
  return policies;
}

export async function applyProgramCommand(file: string, options: ApplyOptions, io: Io, env = process.env): Promise<number> {
  const token = tokenOrUsage(io, env);
  if (!token) return ExitCode.Usage;
  const policies = parsePolicies(options.policy ?? []);
  if (typeof policies === 'string') {
    io.err(`--policy "${policies}" must be <area>=<policy>, area one of rubric, evidence, timing, recertification; policy keep, transition or immediate`);
    return ExitCode.Usage;
  }
  const text = await readText(file, io);
  if (text === null) return ExitCode.Failed;
  const call = apiCaller(options.apiUrl ?? env.CERTIFLOW_API_URL, token);
  return viaApi(io, async () => {
    type Saved = { version: { id: string }; publishable: boolean; errors: ProgramProblem[]; warnings: ProgramProblem[] };
    const saved = ((await call(SAVE, { text })) as { saveProgramDraft: Refusal & { data?: Saved } }).saveProgramDraft;
    if (!saved.data) return refused(io, file, saved);
    report(io, file, saved.data.errors, saved.data.warnings);
    if (!saved.data.publishable) {
      io.err(`Saved as draft ${saved.data.version.id}, not submitted for publication.`);
      return ExitCode.Failed;
    }
    const input = {
      versionId: saved.data.version.id,
      reason: options.reason,
      policies,
      ...(options.noticePeriod ? { noticePeriod: options.noticePeriod } : {}),
      ...(options.effectiveAt ? { effectiveAt: options.effectiveAt } : {}),
    };
    type Requested = { version: { id: string; status: string; effectiveAt: string | null; approvedBy: string | null }; notices: { journeyId: string; accepted: boolean; code: string | null }[] | null };
    const requested = ((await call(REQUEST, { input })) as { requestProgramPublication: Refusal & { data?: Requested } }).requestProgramPublication;
    if (!requested.data) {
      io.err(`The draft ${saved.data.version.id} was saved but not submitted.`);
      return refused(io, file, requested);
    }
    const { version, notices } = requested.data;
    if (version.status === 'pending_approval') io.out(`${version.id} is waiting for a second admin or program owner to approve it (certiflow programs approve ${version.id}).`);
    else io.out(`${version.id} published${version.effectiveAt ? `, effective ${version.effectiveAt}` : ''}${notices ? `; ${notices.filter((n) => n.accepted).length} of ${notices.length} journeys told` : ''}.`);
    return ExitCode.Ok;
  });
}

const APPROVE = `mutation Approve($versionId: ID!) { approveProgramVersion(versionId: $versionId) {
  __typename
  ... on MutationApproveProgramVersionSuccess { data { version { id effectiveAt appliedAt author requestedBy approvedBy } notices { journeyId accepted code } } }
  ... on ProgramRejectedError { message problems { ${PROBLEM} } }
  ... on CertiflowError { code message path }
} }`;

export async function approveProgramCommand(versionId: string, options: { apiUrl?: string }, io: Io, env = process.env): Promise<number> {
  const token = tokenOrUsage(io, env);
  if (!token) return ExitCode.Usage;
  const call = apiCaller(options.apiUrl ?? env.CERTIFLOW_API_URL, token);
  return viaApi(io, async () => {
    type Approved = { version: { id: string; effectiveAt: string | null; appliedAt: string | null; author: string; requestedBy: string; approvedBy: string }; notices: { journeyId: string; accepted: boolean; code: string | null }[] | null };
    const answer = ((await call(APPROVE, { versionId })) as { approveProgramVersion: Refusal & { data?: Approved } }).approveProgramVersion;
    if (!answer.data) return refused(io, versionId, answer);
    const { version, notices } = answer.data;
    io.out(`${version.id} approved by ${version.approvedBy} (written by ${version.author}, requested by ${version.requestedBy}).`);
    io.out(version.appliedAt ? `In effect; ${notices?.filter((n) => n.accepted).length ?? 0} of ${notices?.length ?? 0} journeys told.` : `Takes effect ${version.effectiveAt}.`);
    return ExitCode.Ok;
  });
}
