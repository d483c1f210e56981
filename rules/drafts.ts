import type { FactCatalog } from './facts.js';
import { RULE_SET_KINDS, type RuleSetKind } from './rule-set.js';
import { type RuleSetError, type RuleSetValidation, validateRuleSet } from './validate.js';

// What stands between a draft and publication: the rule-set file must validate, and its envelope must
// fit where it is being published (its id is the key, its program and kind those of the key's earlier
// versions, its version the next one). A draft is saved whatever its state, so no work is lost, and these
// problems are shown with it; publishing checks them again and refuses while any remain.

export interface DraftEnvelope {
  key: string;
  programId: string;
  kind: string;
  /** Anything JSON: an author's work in progress. */
  definition: unknown;
}

/** The newest published version of the draft's key, if there is one. */
export interface LatestVersion {
  version: number;
  programId: string;
  kind: string;
}

/** `<key>@<version>`, the id of a published RuleSet row and of what journeys pin. */
export const ruleSetVersionId = (key: string, version: number): string => `${key}@${version}`;

export const nextVersion = (latest: LatestVersion | null): number => (latest ? latest.version + 1 : 1);

export const isRuleSetKind = (kind: string): kind is RuleSetKind => (RULE_SET_KINDS as readonly string[]).includes(kind);

export function checkDraft(draft: DraftEnvelope, latest: LatestVersion | null, catalog?: FactCatalog): RuleSetValidation {
  const validation = validateRuleSet(draft.definition, catalog);
  const errors = [...(validation.ok ? [] : validation.errors), ...envelopeErrors(draft, latest)];
  return errors.length === 0 && validation.ok ? validation : { ok: false, errors };
}

function envelopeErrors(draft: DraftEnvelope, latest: LatestVersion | null): RuleSetError[] {
  const definition = draft.definition;
  if (typeof definition !== 'object' || definition === null || Array.isArray(definition)) return [];
  const { id, programId, kind, version } = definition as Record<string, unknown>;
  const errors: RuleSetError[] = [];
  // Only values of the right type are compared: a wrong type is already reported by validateRuleSet.
  if (typeof id === 'string' && id !== draft.key) {
    errors.push({ path: '$.id', message: `must be "${draft.key}", the key this draft is saved under`, suggestion: `write "${draft.key}"` });
  }
  const program = latest?.programId ?? draft.programId;
  if (typeof programId === 'string' && programId !== program) {
    const why = latest ? `the program of ${ruleSetVersionId(draft.key, latest.version)}` : 'the program this draft is saved for';
    errors.push({ path: '$.programId', message: `must be "${program}", ${why}` });
  }
  const expectedKind = latest?.kind ?? draft.kind;
  if (typeof kind === 'string' && isRuleSetKind(kind) && kind !== expectedKind) {
    const why = latest ? `a rule set keeps its kind across versions (${ruleSetVersionId(draft.key, latest.version)} is ${latest.kind})` : 'the kind this draft is saved as';
    errors.push({ path: '$.kind', message: `must be "${expectedKind}": ${why}` });
  }
  const next = nextVersion(latest);
  if (Number.isInteger(version) && version !== next) {
    const why = latest ? `the next version after ${ruleSetVersionId(draft.key, latest.version)}, the latest published` : `the first version of ${draft.key}`;
    errors.push({ path: '$.version', message: `must be ${next}, ${why}`, suggestion: `write ${next}` });
  }
  return errors;
}
