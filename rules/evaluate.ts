// Eligibility evaluation. Convention: eligibility rules emit an event of type "eligible" when they hold,
// and a candidate is eligible when at least one "eligible" event fires; rules with other event types
// (e.g. a "fast-track" flag) may sit beside them and do not decide eligibility.
//
// Deterministic by construction: the rule set, the facts and the evaluation instant all come in, nothing
// is read from the clock, and outcomes, events and reasons follow rule order rather than the order in
// which the engine's promises happened to settle. The same input therefore gives a deep-equal result,
// which is what lets a journey store it and show "why" later.

import type { RuleResult } from 'json-rules-engine';
import type { ConditionOutcome, EligibilityResult } from '../domain/eligibility.js';
import { ErrorCode } from '../domain/errors.js';
import { createEngine } from './engine.js';
import { BUILT_IN_FACTS, type FactCatalog, factSpec, isFactName, matchesFactType } from './facts.js';
import { isOperatorName, operatorSpec } from './operators.js';
import {
  type ConditionNode,
  childPath,
  ELIGIBLE_EVENT,
  forEachLeaf,
  isLeaf,
  isReference,
  type LeafCondition,
  type RuleSetFile,
} from './rule-set.js';

export { ELIGIBLE_EVENT } from './rule-set.js';

export type RuleEvaluationReason = 'MISSING_FACT' | 'INVALID_FACT' | 'ENGINE_FAILED';

/** A retry cannot help: the activity turns this into a non-retryable RULE_EVALUATION_FAILED failure. */
export class RuleEvaluationError extends Error {
  readonly code = ErrorCode.RuleEvaluationFailed;
  readonly reason: RuleEvaluationReason;
  constructor(reason: RuleEvaluationReason, message: string) {
    super(`${reason}: ${message}`);
    this.name = 'RuleEvaluationError';
    this.reason = reason;
  }
}

/**
 * Evaluates a validated rule set against the candidate's facts (see rules/facts.ts).
 * Throws RuleEvaluationError when a fact a rule uses is missing, or a fact is unknown or of the wrong type.
 */
export async function evaluateEligibility(
  ruleSet: RuleSetFile & { ruleSetId: string },
  facts: Record<string, unknown>,
  evaluatedAt: string,
  catalog: FactCatalog = BUILT_IN_FACTS,
): Promise<EligibilityResult> {
  checkFacts(ruleSet, facts, catalog);
  let results: RuleResult[];
  try {
    const run = await createEngine(ruleSet).run({ ...facts });
    results = [...run.results, ...run.failureResults];
  } catch (error) {
    throw new RuleEvaluationError('ENGINE_FAILED', `rule set ${ruleSet.ruleSetId}: ${(error as Error).message}`);
  }
  const byName = new Map(results.map((result) => [result.name, result]));
  const judged = ruleSet.rules.map((rule, i) =>
    judge(rule.conditions, byName.get(rule.name)?.conditions as EngineNode, `$.rules[${i}].conditions`, {
      ruleSet,
      facts,
      rule: rule.name,
    }),
  );
  const events = ruleSet.rules.filter((rule) => byName.get(rule.name)?.result === true).map((rule) => structuredClone(rule.event));
  const eligible = events.some((event) => event.type === ELIGIBLE_EVENT);
  return {
    eligible,
    ruleSetId: ruleSet.ruleSetId,
    ruleSetVersion: ruleSet.version,
    evaluatedAt,
    conditions: judged.flatMap(leaves),
    reasons: eligible ? [] : reasonsNotEligible(ruleSet, judged),
    facts: structuredClone(facts),
    events,
  };
}

function checkFacts(ruleSet: RuleSetFile, facts: Record<string, unknown>, catalog: FactCatalog): void {
  for (const [name, value] of Object.entries(facts)) {
    const spec = catalog.spec(name);
    if (!spec) throw new RuleEvaluationError('INVALID_FACT', `"${name}" is not in the fact catalog`);
    const { type } = spec;
    if (value !== undefined && !matchesFactType(type, value)) {
      throw new RuleEvaluationError('INVALID_FACT', `fact ${name} must be of type ${type}, not ${JSON.stringify(value)}`);
    }
  }
  // Checked here, before the engine runs, so the error names the condition and why the fact can be absent.
  forEachLeaf(ruleSet, (leaf, path) => {
    if (facts[leaf.fact] !== undefined) return;
    const why = catalog.spec(leaf.fact)?.mayBeAbsent;
    throw new RuleEvaluationError('MISSING_FACT', `fact ${leaf.fact} used at ${path} was not provided${why ? `. ${why}` : ''}`);
  });
}

// ---- Outcomes: the definition tree walked alongside the engine's result tree.

type Judged =
  | { kind: 'leaf'; passed: boolean; outcome: ConditionOutcome }
  | { kind: 'all' | 'any'; passed: boolean; children: Judged[] }
  | { kind: 'not'; passed: boolean; child: Judged };

/** A node of json-rules-engine's result tree; absent where the engine never reached. */
type EngineNode = { result?: unknown; factResult?: unknown; [key: string]: unknown } | undefined;

interface JudgeContext {
  ruleSet: RuleSetFile;
  facts: Record<string, unknown>;
  rule: string;
}

const engineChild = (node: EngineNode, key: string, index?: number): EngineNode => {
  const child = node?.[key];
  return (index === undefined ? child : Array.isArray(child) ? child[index] : undefined) as EngineNode;
};

function judge(node: ConditionNode, engine: EngineNode, path: string, context: JudgeContext): Judged {
  if (isReference(node)) {
    const shared = context.ruleSet.conditions?.[node.condition];
    if (!shared) throw new RuleEvaluationError('ENGINE_FAILED', `no shared condition ${node.condition} (${path})`);
    // The engine copies a shared condition into the reference when it reaches it; until then the node only
    // names it, and nothing below it was evaluated.
    const reached = engine && !('condition' in engine) ? engine : undefined;
    return judge(shared, reached, childPath('$.conditions', node.condition), context);
  }
  if (isLeaf(node)) return judgeLeaf(node, engine, path, context);
  if ('not' in node) {
    const child = judge(node.not, engineChild(engine, 'not'), childPath(path, 'not'), context);
    return { kind: 'not', passed: !child.passed, child };
  }
  const kind = 'all' in node ? 'all' : 'any';
  const nodes = 'all' in node ? node.all : node.any;
  const children = nodes.map((child, i) =>
    judge(child, engineChild(engine, kind, i), childPath(childPath(path, kind), i), context),
  );
  const passed = kind === 'all' ? children.every((c) => c.passed) : children.some((c) => c.passed);
  return { kind, passed, children };
}

function judgeLeaf(leaf: LeafCondition, engine: EngineNode, path: string, context: JudgeContext): Judged {
  const evaluated = typeof engine?.result === 'boolean';
  const actual = evaluated ? engine?.factResult : context.facts[leaf.fact];
  // A condition the engine skipped (a lower-priority sibling after the group's outcome was known) is
  // computed with the operator the engine would have used, against the same facts.
  const passed = evaluated
    ? engine?.result === true
    : isOperatorName(leaf.operator) && operatorSpec(leaf.operator).evaluate(actual, leaf.value);
  const outcome: ConditionOutcome = {
    path: path.replace(/^\$\./, ''),
    fact: leaf.fact,
    operator: leaf.operator,
    expected: structuredClone(leaf.value),
    actual: structuredClone(actual),
    passed,
    description: leaf.description,
    rule: context.rule,
    evaluated,
  };
  return { kind: 'leaf', passed, outcome };
}

function leaves(node: Judged): ConditionOutcome[] {
  if (node.kind === 'leaf') return [node.outcome];
  return node.kind === 'not' ? leaves(node.child) : node.children.flatMap(leaves);
}

// ---- Reasons: what stands between the candidate and each rule that would have made them eligible.

function reasonsNotEligible(ruleSet: RuleSetFile, judged: Judged[]): string[] {
  const lines = ruleSet.rules.flatMap((rule, i) =>
    rule.event.type === ELIGIBLE_EVENT && judged[i] ? explain(judged[i], []) : [],
  );
  if (lines.length === 0) lines.push(`No rule in ${ruleSet.id} grants eligibility`);
  // A shared condition used by several rules would otherwise be listed once per rule.
  return [...new Set(lines)];
}

/** `options` locates a line inside failed `any` groups: every alternative is listed, each with its place. */
function explain(node: Judged, options: string[]): string[] {
  if (node.passed) return [];
  const prefix = options.length > 0 ? `${capitalise(options.join(', '))}: ` : '';
  switch (node.kind) {
    case 'leaf':
      return [`${prefix}${describe(node.outcome)}`];
    case 'all':
      return node.children.flatMap((child) => explain(child, options));
    case 'any':
      return node.children.flatMap((child, i) =>
        explain(child, node.children.length > 1 ? [...options, `option ${i + 1} of ${node.children.length}`] : options),
      );
    case 'not':
      // The inner condition held, and that is what disqualifies: name the parts of it that held.
      return leaves(node.child)
        .filter((outcome) => outcome.passed)
        .map((outcome) => `${prefix}Must not apply: ${describe(outcome)}`);
  }
}

/** "At least 6 months' tenure: you have 4". */
function describe(outcome: ConditionOutcome): string {
  const youHave = isFactName(outcome.fact) ? factSpec(outcome.fact).youHave : 'you have';
  return `${outcome.description}: ${youHave} ${show(outcome.actual)}`;
}

function show(value: unknown): string {
  if (Array.isArray(value)) return value.length === 0 ? 'none' : value.map(String).join(', ');
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return value === undefined || value === null ? 'nothing recorded' : String(value);
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
