import { CompiledRuleSet } from './compiled.js';
import type { FactCatalog } from './facts.js';
import { type RuleSetError, validateRuleSet } from './validate.js';

// Published rule sets never change (docs/rules.md, "Drafts, versions and who decided what"), so the
// evaluateEligibility activity validates and compiles each version once and keeps the outcome, instead
// of checking the JSON Schema and the catalog and building an engine on every evaluation.
//
// What the outcome depends on, and therefore the key: the stored definition and its id, which a database
// never changes under one id (one cache serves one database: the activities of one worker keep their own),
// plus the instant it was published, which tells a version apart from one published again under the same
// id into a database that was emptied meanwhile; and the fact catalog, which admins extend at any time. A
// catalog change compiles afresh, so a fact declared since is neither refused as unknown nor left out.

export type RuleSetCompilation = { ok: true; value: CompiledRuleSet } | { ok: false; errors: RuleSetError[] };

/** What the RuleSet table holds for a published version. */
export interface StoredRuleSet {
  id: string;
  definition: unknown;
  publishedAt?: Date;
}

/** Validates a stored definition against the catalog and, when valid, compiles it under `ruleSetId`. */
export function compileStoredRuleSet(definition: unknown, ruleSetId: string, catalog: FactCatalog): RuleSetCompilation {
  const checked = validateRuleSet(definition, catalog);
  return checked.ok ? { ok: true, value: new CompiledRuleSet({ ...checked.value, ruleSetId }) } : checked;
}

export class CompiledRuleSetCache {
  readonly #entries = new Map<string, { stamp: string; compilation: RuleSetCompilation }>();
  readonly #capacity: number;

  /** `capacity`: rule-set versions kept; beyond it the one compiled first is dropped (and compiled again if needed). */
  constructor(capacity = 256) {
    this.#capacity = capacity;
  }

  /** The compilation of `row` under `catalog`, from the cache when the same version was compiled under the same catalog. */
  get(row: StoredRuleSet, catalog: FactCatalog): RuleSetCompilation {
    const stamp = `${row.publishedAt?.getTime() ?? ''} ${catalog.key}`;
    const entry = this.#entries.get(row.id);
    if (entry?.stamp === stamp) return entry.compilation;
    const compilation = compileStoredRuleSet(row.definition, row.id, catalog);
    this.#entries.delete(row.id);
    // Invalid outcomes are not kept: an invalid stored version is an incident, and the way out of it may
    // be a repair of the row itself (docs/rules.md), which must be seen at the retry. Such a version is
    // evaluated rarely, so validating it each time costs nothing that matters.
    if (!compilation.ok) return compilation;
    this.#entries.set(row.id, { stamp, compilation });
    if (this.#entries.size > this.#capacity) this.#entries.delete(this.#entries.keys().next().value!);
    return compilation;
  }

  get size(): number {
    return this.#entries.size;
  }
}
