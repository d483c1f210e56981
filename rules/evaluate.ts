// Eligibility evaluation. Convention: eligibility rules emit an event of type "eligible" when they hold,
// and a candidate is eligible when at least one "eligible" event fires; rules with other event types
// (e.g. a "fast-track" flag) may sit beside them and do not decide eligibility.
//
// Deterministic by construction: the rule set, the facts and the evaluation instant all come in, nothing
// is read from the clock, and outcomes, events and reasons follow rule order rather than the order in
// which the engine's promises happened to settle. The same input therefore gives a deep-equal result,
// which is what lets a journey store it and show "why" later.

import type { ConditionOutcome, EligibilityResult } from '../domain/eligibility.js';
import { ErrorCode } from '../domain/errors.js';
import { CompiledRuleSet, compileRuleSet, type PlanNode, type VersionedRuleSet } from './compiled.js';
import { BUILT_IN_FACTS, type FactCatalog, factSpec, isFactName, matchesFactType } from './facts.js';
import { isOperatorName, operatorSpec } from './operators.js';
import { ELIGIBLE_EVENT, type LeafCondition } from './rule-set.js';

export { CompiledRuleSet, compileRuleSet, type VersionedRuleSet } from './compiled.js';
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
 * Evaluates a validated rule set against the candidate's facts (see rules/facts.ts). Pass a CompiledRuleSet
 * (rules/compiled.ts) to evaluate one rule set many times; a plain rule set is compiled for this call only.
 * Throws RuleEvaluationError when a fact a rule uses is missing, or a fact is unknown or of the wrong type.
 */
export async function evaluateEligibility(
  ruleSet: CompiledRuleSet | VersionedRuleSet,
  facts: Record<string, unknown>,
  evaluatedAt: string,
  catalog: FactCatalog = BUILT_IN_FACTS,
): Promise<EligibilityResult> {
  const compiled = ruleSet instanceof CompiledRuleSet ? ruleSet : compileRuleSet(ruleSet);
  const { ruleSetId, version } = compiled.ruleSet;
  checkFacts(compiled, facts, catalog);
  const byName = new Map<string, { result?: unknown; conditions?: unknown }>();
  try {
    for (const result of await compiled.run(facts)) byName.set(result.name, result);
  } catch (error) {
    throw new RuleEvaluationError('ENGINE_FAILED', `rule set ${ruleSetId}: ${(error as Error).message}`);
  }
  const context: JudgeContext = { compiled, facts, rule: '', outcomes: [] };
  const judged = compiled.rules.map(({ rule, root }) => {
    context.rule = rule.name;
    return judge(root, byName.get(rule.name)?.conditions as EngineNode, context);
  });
  const events = compiled.rules.filter(({ rule }) => byName.get(rule.name)?.result === true).map(({ rule }) => copy(rule.event));
  const eligible = events.some((event) => event.type === ELIGIBLE_EVENT);
  return {
    eligible,
    ruleSetId,
    ruleSetVersion: version,
    evaluatedAt,
    conditions: context.outcomes,
    reasons: eligible ? [] : reasonsNotEligible(compiled, judged),
    facts: copy(facts),
    events,
  };
}

function checkFacts(compiled: CompiledRuleSet, facts: Record<string, unknown>, catalog: FactCatalog): void {
  for (const name of Object.keys(facts)) {
    const spec = catalog.spec(name);
    if (!spec) throw new RuleEvaluationError('INVALID_FACT', `"${name}" is not in the fact catalog`);
    const { type } = spec;
    const value = facts[name];
    if (value !== undefined && !matchesFactType(type, value)) {
      throw new RuleEvaluationError('INVALID_FACT', `fact ${name} must be of type ${type}, not ${JSON.stringify(value)}`);
    }
  }
  // Checked here, before the engine runs, so the error names the condition and why the fact can be absent.
  for (const { fact, path } of compiled.leafUses) {
    if (facts[fact] !== undefined) continue;
    const why = catalog.spec(fact)?.mayBeAbsent;
    throw new RuleEvaluationError('MISSING_FACT', `fact ${fact} used at ${path} was not provided${why ? `. ${why}` : ''}`);
  }
}

/**
 * A deep copy of a fact value, a condition value or an event, which are JSON data: arrays and plain
 * objects are copied here, as structuredClone would copy them but many times faster; anything else
 * goes to structuredClone.
 */
function copy<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(copy) as T;
  if (Object.getPrototypeOf(value) !== Object.prototype) return structuredClone(value);
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const item = copy((value as Record<string, unknown>)[key]);
    // A "__proto__" key (JSON.parse makes it an own property) must stay a property, not become the prototype.
    if (key === '__proto__') Object.defineProperty(out, key, { value: item, enumerable: true, writable: true, configurable: true });
    else out[key] = item;
  }
  return out as T;
}

// ---- Outcomes: the planned definition tree walked alongside the engine's result tree.

type Judged =
  | { kind: 'leaf'; passed: boolean; outcome: ConditionOutcome }
  | { kind: 'all' | 'any'; passed: boolean; children: Judged[] }
  | { kind: 'not'; passed: boolean; child: Judged };

/** A node of json-rules-engine's result tree; absent where the engine never reached. */
type EngineNode = { result?: unknown; factResult?: unknown; [key: string]: unknown } | undefined;

interface JudgeContext {
  compiled: CompiledRuleSet;
  facts: Record<string, unknown>;
  rule: string;
  /** Every leaf's outcome, in the order judged: rule order, then document order within each rule. */
  outcomes: ConditionOutcome[];
}

const engineChild = (node: EngineNode, key: string, index?: number): EngineNode => {
  const child = node?.[key];
  return (index === undefined ? child : Array.isArray(child) ? child[index] : undefined) as EngineNode;
};

function judge(node: PlanNode, engine: EngineNode, context: JudgeContext): Judged {
  switch (node.kind) {
    case 'reference': {
      const shared = context.compiled.shared.get(node.name);
      if (!shared) throw new RuleEvaluationError('ENGINE_FAILED', `no shared condition ${node.name} (${node.path})`);
      // The engine copies a shared condition into the reference when it reaches it; until then the node only
      // names it, and nothing below it was evaluated.
      const reached = engine && !('condition' in engine) ? engine : undefined;
      return judge(shared, reached, context);
    }
    case 'leaf':
      return judgeLeaf(node.leaf, node.path, engine, context);
    case 'not': {
      const child = judge(node.child, engineChild(engine, 'not'), context);
      return { kind: 'not', passed: !child.passed, child };
    }
    default: {
      const { kind } = node;
      const children = node.children.map((child, i) => judge(child, engineChild(engine, kind, i), context));
      const passed = kind === 'all' ? children.every((c) => c.passed) : children.some((c) => c.passed);
      return { kind, passed, children };
    }
  }
}

function judgeLeaf(leaf: LeafCondition, path: string, engine: EngineNode, context: JudgeContext): Judged {
  const evaluated = typeof engine?.result === 'boolean';
  const actual = evaluated ? engine?.factResult : context.facts[leaf.fact];
  // A condition the engine skipped (a lower-priority sibling after the group's outcome was known) is
  // computed with the operator the engine would have used, against the same facts.
  const passed = evaluated
    ? engine?.result === true
    : isOperatorName(leaf.operator) && operatorSpec(leaf.operator).evaluate(actual, leaf.value);
  const outcome: ConditionOutcome = {
    path,
    fact: leaf.fact,
    operator: leaf.operator,
    expected: copy(leaf.value),
    actual: copy(actual),
    passed,
    description: leaf.description,
    rule: context.rule,
    evaluated,
  };
  context.outcomes.push(outcome);
  return { kind: 'leaf', passed, outcome };
}

function leaves(node: Judged): ConditionOutcome[] {
  if (node.kind === 'leaf') return [node.outcome];
  return node.kind === 'not' ? leaves(node.child) : node.children.flatMap(leaves);
}

// ---- Reasons: what stands between the candidate and each rule that would have made them eligible.

function reasonsNotEligible(compiled: CompiledRuleSet, judged: Judged[]): string[] {
  const lines = compiled.rules.flatMap(({ grantsEligibility }, i) => (grantsEligibility && judged[i] ? explain(judged[i], []) : []));
  if (lines.length === 0) lines.push(`No rule in ${compiled.ruleSet.id} grants eligibility`);
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
