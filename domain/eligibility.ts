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
  /** Name of the rule the condition belongs to (a shared condition's path does not say). */
  rule?: string;
  /**
   * False when the engine skipped the condition because its group's outcome was already known; `actual`
   * and `passed` are then computed with the same operator, so every condition can still be explained.
   */
  evaluated?: boolean;
}

export interface EligibilityResult {
  eligible: boolean;
  ruleSetId: string;
  ruleSetVersion: number;
  evaluatedAt: string;
  /** Every leaf condition of every rule, in rule order, including those the engine skipped (see `evaluated`). */
  conditions: ConditionOutcome[];
  /** Plain-language reasons, one per failed condition, empty when eligible. */
  reasons: string[];
  facts: Record<string, unknown>;
  /** Events of the rules that held, in rule order; eligibility is an "eligible" event among them. */
  events?: { type: string; params?: Record<string, unknown> }[];
}
