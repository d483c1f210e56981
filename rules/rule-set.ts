// The shape of a rule-set file once rules/validate.ts has accepted it (rules/rule-set.schema.json is the
// published contract), and the path notation every error and condition outcome uses.

/** The event an eligibility rule emits; a candidate is eligible when at least one such event fires. */
export const ELIGIBLE_EVENT = 'eligible';

export const RULE_SET_KINDS = ['eligibility', 'advancement', 'routing', 'recertification'] as const;
export type RuleSetKind = (typeof RULE_SET_KINDS)[number];

interface Grouping {
  name?: string;
  priority?: number;
}

export interface LeafCondition extends Grouping {
  fact: string;
  operator: string;
  value: unknown;
  /** Plain language for candidates: what has to be true, e.g. "At least 6 months' tenure". */
  description: string;
}

export interface ConditionReference extends Grouping {
  /** Name of a shared condition in the file's `conditions`. */
  condition: string;
}

export type GroupCondition =
  | (Grouping & { all: ConditionNode[] })
  | (Grouping & { any: ConditionNode[] })
  | (Grouping & { not: ConditionNode });

export type ConditionNode = LeafCondition | GroupCondition | ConditionReference;

/** json-rules-engine only accepts a group or a reference at the top of a rule. */
export type RootCondition = GroupCondition | ConditionReference;

export interface RuleEvent {
  type: string;
  params?: Record<string, unknown>;
}

export interface RuleDefinition {
  name: string;
  priority?: number;
  conditions: RootCondition;
  event: RuleEvent;
}

export interface RuleSetFile {
  $schema?: string;
  id: string;
  programId: string;
  kind: RuleSetKind;
  version: number;
  description: string;
  /** Calendar date, YYYY-MM-DD. */
  effectiveDate: string;
  /** Shared conditions; they may not reference one another, so there are no cycles. */
  conditions?: Record<string, RootCondition>;
  rules: RuleDefinition[];
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** Appends a key to a JSON path: `$.rules[0].conditions`, or `$.conditions["tenure-ok"]` for odd keys. */
export function childPath(base: string, key: string | number): string {
  if (typeof key === 'number') return `${base}[${key}]`;
  return IDENTIFIER.test(key) ? `${base}.${key}` : `${base}[${JSON.stringify(key)}]`;
}

export function isLeaf(node: ConditionNode): node is LeafCondition {
  return 'fact' in node;
}

export function isReference(node: ConditionNode): node is ConditionReference {
  return 'condition' in node;
}

/**
 * Calls `visit` for every leaf a rule can reach, in document order, following references into the shared
 * conditions. Paths start at `$`; a leaf inside a shared condition gets the path where it is defined.
 */
export function forEachLeaf(ruleSet: RuleSetFile, visit: (leaf: LeafCondition, path: string) => void): void {
  const walk = (node: ConditionNode, path: string): void => {
    if (isLeaf(node)) {
      visit(node, path);
    } else if (isReference(node)) {
      const shared = ruleSet.conditions?.[node.condition];
      if (shared) walk(shared, childPath('$.conditions', node.condition));
    } else if ('not' in node) {
      walk(node.not, childPath(path, 'not'));
    } else {
      const [group, children] = 'all' in node ? ['all', node.all] : ['any', node.any];
      for (const [i, child] of children.entries()) walk(child, childPath(childPath(path, group), i));
    }
  };
  for (const [i, rule] of ruleSet.rules.entries()) walk(rule.conditions, `$.rules[${i}].conditions`);
}
