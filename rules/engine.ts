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
    engine.setCondition(name, structuredClone(condition) as TopLevelCondition);
  }
  for (const rule of ruleSet.rules) engine.addRule(structuredClone(rule) as RuleProperties);
  return engine;
}
