// What an eligibility evaluation returns and what the journey keeps, so "why not" can be shown later.

export interface ConditionOutcome {
  /** Where the condition sits in the rule set, e.g. "rules[0].conditions.all[1].any[0]". */
  path: string;
  fact: string;
  /** Optional json-rules-engine `path` into the fact value. */
  factPath?: string;
  operator: string;
  expected: unknown;
  actual: unknown;
  passed: boolean;
  /** Plain-language description for candidates, e.g. "At least 6 months' tenure". */
  description: string;
}

export interface EligibilityResult {
  eligible: boolean;
  ruleSetId: string;
  ruleSetVersion: number;
  evaluatedAt: string;
  /** Every leaf condition the engine looked at, in rule order. */
  conditions: ConditionOutcome[];
  /** Plain-language reasons, one per failed condition, empty when eligible. */
  reasons: string[];
  facts: Record<string, unknown>;
}
