import { Engine, type RuleProperties, type TopLevelCondition } from 'json-rules-engine';
import { registerOperators } from './operators.js';
import type { RuleSetFile } from './rule-set.js';

/**
 * The one place a json-rules-engine Engine is built: catalog operators, the file's shared conditions and
 * its rules. Undefined facts and conditions stay errors, so a missing fact can never read as "not met".
 * Expects a rule set that rules/validate.ts accepted.
 */
export function createEngine(ruleSet: RuleSetFile): Engine {
  const engine = new Engine([], { allowUndefinedFacts: false, allowUndefinedConditions: false });
  registerOperators(engine);
  // Copies: the engine normalises what it is given in place, and the caller's rule set stays as loaded.
  for (const [name, condition] of Object.entries(ruleSet.conditions ?? {})) {
    engine.setCondition(name, forEngine(condition) as TopLevelCondition);
  }
  for (const rule of ruleSet.rules) engine.addRule(forEngine(rule) as RuleProperties);
  return engine;
}

/**
 * A copy of a rule or condition without the conditions' descriptions, which are for people (rules/evaluate.ts
 * reads them from the rule set) and which the engine would otherwise copy into its result on every run.
 */
function forEngine<T>(node: T): T {
  if (Array.isArray(node)) return node.map(forEngine) as T;
  if (typeof node !== 'object' || node === null) return node;
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'description' && 'fact' in node) continue;
    // A condition's value and an event's params are data, copied as they are.
    copy[key] = key === 'value' || key === 'params' ? structuredClone(value) : forEngine(value);
  }
  return copy as T;
}
