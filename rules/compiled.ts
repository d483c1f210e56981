import { type Engine, Fact, type RuleResult } from 'json-rules-engine';
import { createEngine } from './engine.js';
import {
  type ConditionNode,
  childPath,
  ELIGIBLE_EVENT,
  forEachLeaf,
  isLeaf,
  isReference,
  type LeafCondition,
  type RuleDefinition,
  type RuleSetFile,
} from './rule-set.js';

// A rule set made ready to evaluate many times. Everything that depends on the rule set alone is worked
// out once here: the engine (built on first use, then reused), the condition tree with the JSON path of
// every node, the leaves in the order missing facts are reported, and the facts the rules read. What
// depends on the candidate (the facts, the engine's verdicts) is left to rules/evaluate.ts.

/** A validated rule set with the id it is published under, e.g. `cloud-architecture-practitioner.eligibility@1`. */
export type VersionedRuleSet = RuleSetFile & { ruleSetId: string };

/** The definition tree with paths worked out; `path` is as outcomes show it, without the leading "$.". */
export type PlanNode =
  | { kind: 'leaf'; leaf: LeafCondition; path: string }
  | { kind: 'all' | 'any'; children: PlanNode[] }
  | { kind: 'not'; child: PlanNode }
  /** A shared condition by name (its plan is in CompiledRuleSet.shared); `path` is where the reference sits. */
  | { kind: 'reference'; name: string; path: string };

export interface PlannedRule {
  rule: RuleDefinition;
  root: PlanNode;
  grantsEligibility: boolean;
}

/** Facts handed to the engine are not cached by it: constants need no cache, and its cache key is a hash per fact. */
const CONSTANT = { cache: false } as const;

/** Engines kept for reuse; more are built only while that many evaluations of one rule set overlap. */
const IDLE_ENGINES = 8;

export class CompiledRuleSet {
  /** A copy taken at compilation: later changes to the caller's object cannot reach it. */
  readonly ruleSet: VersionedRuleSet;
  readonly rules: readonly PlannedRule[];
  /** The plans of the shared conditions, by name; their leaves have the paths where they are defined. */
  readonly shared: ReadonlyMap<string, PlanNode>;
  /** Every leaf a rule reaches, shared conditions followed, in document order; paths start at "$". */
  readonly leafUses: readonly { fact: string; path: string }[];
  /** The distinct facts the rules read: the only ones the engine is given. */
  readonly factsRead: readonly string[];
  // json-rules-engine keeps one status per Engine: a run that finishes marks it finished, and a run still
  // going on the same Engine then skips its remaining priority levels. Overlapping evaluations (concurrent
  // activities) therefore never share an Engine; each takes an idle one or builds its own.
  readonly #idle: Engine[] = [];

  constructor(ruleSet: VersionedRuleSet) {
    this.ruleSet = structuredClone(ruleSet);
    this.shared = new Map(
      Object.entries(this.ruleSet.conditions ?? {}).map(([name, condition]) => [name, plan(condition, childPath('$.conditions', name))]),
    );
    this.rules = this.ruleSet.rules.map((rule, i) => ({
      rule,
      root: plan(rule.conditions, `$.rules[${i}].conditions`),
      grantsEligibility: rule.event.type === ELIGIBLE_EVENT,
    }));
    const leafUses: { fact: string; path: string }[] = [];
    forEachLeaf(this.ruleSet, (leaf, path) => leafUses.push({ fact: leaf.fact, path }));
    this.leafUses = leafUses;
    this.factsRead = [...new Set(leafUses.map((use) => use.fact))];
  }

  /** Runs the engine on the facts the rules read (rules/evaluate.ts checks them first); the results of every rule. */
  async run(facts: Record<string, unknown>): Promise<RuleResult[]> {
    const engine = this.#idle.pop() ?? createEngine(this.ruleSet);
    const runtimeFacts: Record<string, Fact> = {};
    for (const name of this.factsRead) {
      // Left out when undefined, so the engine refuses it as an undefined fact rather than reading undefined.
      if (facts[name] !== undefined) runtimeFacts[name] = new Fact(name, facts[name], CONSTANT);
    }
    const run = await engine.run(runtimeFacts);
    // Only an engine whose run completed goes back: a failed run may have left it mid-way.
    if (this.#idle.length < IDLE_ENGINES) this.#idle.push(engine);
    return [...run.results, ...run.failureResults];
  }
}

/** Compiles a rule set that rules/validate.ts accepted. */
export function compileRuleSet(ruleSet: VersionedRuleSet): CompiledRuleSet {
  return new CompiledRuleSet(ruleSet);
}

function plan(node: ConditionNode, path: string): PlanNode {
  if (isReference(node)) return { kind: 'reference', name: node.condition, path };
  if (isLeaf(node)) return { kind: 'leaf', leaf: node, path: path.replace(/^\$\./, '') };
  if ('not' in node) return { kind: 'not', child: plan(node.not, childPath(path, 'not')) };
  const kind = 'all' in node ? 'all' : 'any';
  const nodes = 'all' in node ? node.all : node.any;
  return { kind, children: nodes.map((child, i) => plan(child, childPath(childPath(path, kind), i))) };
}
