import { checkDraft, type LatestVersion } from '../../rules/drafts.js';
import type { TransitionPolicy } from '../../rules/publishing.js';
import type { RuleSetError } from '../../rules/validate.js';
import { ApiError, apiCaller } from './api.js';
import { ExitCode, type Io, readRuleFile, reportProblems } from './io.js';

// `certiflow rules publish` goes through the GraphQL API rather than the database: the API owns the
// embedded database while it runs, it is the process with a Temporal client to tell journeys in flight,
// and the token says who publishes (an admin), so the version records a real author. The file is checked
// here first, against the versions the API reports, so a file that cannot be published leaves no draft.

export interface PublishOptions {
  reason: string;
  policy: TransitionPolicy;
  transitionPeriod?: string;
  reviewPeriod?: string;
  apiUrl?: string;
}

const LATEST = `query Latest($programId: ID!) { ruleSets(programId: $programId) { key version programId kind } }`;

const SAVE = `mutation Save($input: SaveRuleSetDraftInput!) { saveRuleSetDraft(input: $input) {
  __typename
  ... on MutationSaveRuleSetDraftSuccess { data { draft { id } publishable errors { path message suggestion } } }
  ... on CertiflowError { code message path }
} }`;

const PUBLISH = `mutation Publish($input: PublishRuleSetInput!) { publishRuleSet(input: $input) {
  __typename
  ... on MutationPublishRuleSetSuccess { data {
    pendingApproval draft { id }
    ruleSet { id publishedAt publishedBy approvedBy reason reviewDueOn }
    transition { previousRuleSetId policy effectiveAt journeysNotified results { journeyId accepted stage code message } }
  } }
  ... on RuleSetRejectedError { code message problems { path message suggestion } }
  ... on CertiflowError { code message path }
} }`;

interface Refusal {
  __typename: string;
  code?: string;
  message?: string;
  path?: string | null;
  problems?: RuleSetError[];
}

interface Published {
  pendingApproval?: boolean;
  draft?: { id: string } | null;
  ruleSet: { id: string; publishedAt: string; publishedBy: string; approvedBy: string | null; reason: string; reviewDueOn: string | null } | null;
  transition: {
    previousRuleSetId: string;
    policy: string;
    effectiveAt: string;
    journeysNotified: number;
    results: { journeyId: string; accepted: boolean | null; stage: string | null; code: string | null; message: string | null }[];
  } | null;
}

export async function publishCommand(file: string, options: PublishOptions, io: Io, env = process.env): Promise<number> {
  const token = env.CERTIFLOW_TOKEN;
  if (!token) {
    io.err('Set CERTIFLOW_TOKEN to an admin\'s bearer token (for the dev environment: export CERTIFLOW_TOKEN=$(npm run -s token -- ari)).');
    return ExitCode.Usage;
  }
  if ((options.policy === 'transition') !== (options.transitionPeriod !== undefined)) {
    io.err(options.policy === 'transition' ? '--policy transition needs --transition-period, e.g. P30D' : '--transition-period applies only to --policy transition');
    return ExitCode.Usage;
  }
  const rules = await readRuleFile(file);
  if (!rules.ok) {
    reportProblems(io, file, rules.errors);
    return ExitCode.Failed;
  }
  const ruleSet = rules.value;
  const call = apiCaller(options.apiUrl ?? env.CERTIFLOW_API_URL, token);
  try {
    const { ruleSets } = (await call(LATEST, { programId: ruleSet.programId })) as { ruleSets: (LatestVersion & { key: string })[] };
    const latest = ruleSets.filter((r) => r.key === ruleSet.id).sort((a, b) => b.version - a.version)[0] ?? null;
    const envelope = { key: ruleSet.id, programId: ruleSet.programId, kind: ruleSet.kind, definition: rules.json };
    const checked = checkDraft(envelope, latest && { ...latest, kind: latest.kind.toLowerCase() });
    if (!checked.ok) {
      reportProblems(io, file, checked.errors);
      return ExitCode.Failed;
    }
    const input = { key: ruleSet.id, programId: ruleSet.programId, kind: ruleSet.kind.toUpperCase(), definition: rules.json };
    const saved = ((await call(SAVE, { input })) as { saveRuleSetDraft: Refusal & { data?: { draft: { id: string }; errors: RuleSetError[] } } }).saveRuleSetDraft;
    if (!saved.data) return refused(io, file, saved);
    if (saved.data.errors.length > 0) {
      reportProblems(io, file, saved.data.errors);
      io.err(`Saved as draft ${saved.data.draft.id}, not published.`);
      return ExitCode.Failed;
    }
    const publishInput = {
      draftId: saved.data.draft.id,
      reason: options.reason,
      transitionPolicy: options.policy.toUpperCase(),
      ...(options.transitionPeriod ? { transitionPeriod: options.transitionPeriod } : {}),
      ...(options.reviewPeriod ? { reviewPeriod: options.reviewPeriod } : {}),
    };
    const published = ((await call(PUBLISH, { input: publishInput })) as { publishRuleSet: Refusal & { data?: Published } }).publishRuleSet;
    if (!published.data) return refused(io, file, published, `The draft ${saved.data.draft.id} was saved but not published.`);
    if (published.data.pendingApproval) {
      io.out(`Asked for publication of draft ${saved.data.draft.id}: a second admin or program owner must approve it (certiflow rules approve ${saved.data.draft.id}).`);
      return ExitCode.Ok;
    }
    report(io, published.data);
    return ExitCode.Ok;
  } catch (error) {
    if (error instanceof ApiError) {
      io.err(error.message);
      return ExitCode.Failed;
    }
    throw error;
  }
}

function report(io: Io, { ruleSet, transition }: Published): void {
  if (!ruleSet) return;
  io.out(`Published ${ruleSet.id} by ${ruleSet.publishedBy}${ruleSet.approvedBy ? `, approved by ${ruleSet.approvedBy},` : ''} at ${ruleSet.publishedAt}${ruleSet.reviewDueOn ? `; review due ${ruleSet.reviewDueOn.slice(0, 10)}` : ''}`);
  io.out(`Reason: ${ruleSet.reason}`);
  if (!transition) {
    io.out('First version of this rule set: no journey was on an earlier one.');
    return;
  }
  const { results } = transition;
  io.out(`Journeys in flight on ${transition.previousRuleSetId}: ${results.length}; ${transition.journeysNotified} accepted the ${transition.policy.toLowerCase()} policy (effective ${transition.effectiveAt})`);
  for (const r of results) {
    io.out(r.accepted ? `  ${r.journeyId}: accepted (${r.stage})` : `  ${r.journeyId}: not applied, ${r.code}: ${r.message}`);
  }
}

function refused(io: Io, file: string, refusal: Refusal, note?: string): number {
  if (refusal.problems) reportProblems(io, file, refusal.problems);
  else io.err(`${refusal.code ?? refusal.__typename}${refusal.path ? ` (${refusal.path})` : ''}: ${refusal.message ?? 'refused'}`);
  if (note) io.err(note);
  return ExitCode.Failed;
}

const APPROVE = `mutation Approve($draftId: ID!) { approveRuleSetPublication(draftId: $draftId) {
  __typename
  ... on MutationApproveRuleSetPublicationSuccess { data {
    ruleSet { id publishedAt publishedBy approvedBy reason reviewDueOn }
    transition { previousRuleSetId policy effectiveAt journeysNotified results { journeyId accepted stage code message } }
  } }
  ... on RuleSetRejectedError { code message problems { path message suggestion } }
  ... on CertiflowError { code message path }
} }`;

/** `certiflow rules approve <draftId>`: the second person publishes a requested draft. */
export async function approveCommand(draftId: string, options: { apiUrl?: string }, io: Io, env = process.env): Promise<number> {
  const token = env.CERTIFLOW_TOKEN;
  if (!token) {
    io.err("Set CERTIFLOW_TOKEN to a second admin's or program owner's bearer token.");
    return ExitCode.Usage;
  }
  const call = apiCaller(options.apiUrl ?? env.CERTIFLOW_API_URL, token);
  try {
    const answer = ((await call(APPROVE, { draftId })) as { approveRuleSetPublication: Refusal & { data?: Published } }).approveRuleSetPublication;
    if (!answer.data) return refused(io, draftId, answer);
    report(io, answer.data);
    return ExitCode.Ok;
  } catch (error) {
    if (error instanceof ApiError) {
      io.err(error.message);
      return ExitCode.Failed;
    }
    throw error;
  }
}
