import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CompiledRuleSetCache } from '../../rules/compiled-cache.js';
import { compileRuleSet, evaluateEligibility, type VersionedRuleSet } from '../../rules/evaluate.js';
import { BUILT_IN_FACTS, type DeclaredFact, factCatalog } from '../../rules/facts.js';
import { type RuleSetFile, validateRuleSet } from '../../rules/validate.js';
import { eligibilityV1, KEY } from './rule-set-fixtures.js';

// A published rule set is validated and compiled once, then evaluated many times, possibly by activities
// running at the same time: the compiled form must answer exactly as a fresh one does, and the cache must
// never hand out a compilation made under a catalog that has since changed.

const AT = '2026-03-01T09:00:00.000Z';
const setsDir = fileURLToPath(new URL('../../rules/sets/', import.meta.url));
const publishedSets = readdirSync(setsDir).map((file) => JSON.parse(readFileSync(`${setsDir}${file}`, 'utf8')) as RuleSetFile);

const checked = (json: unknown, catalog = BUILT_IN_FACTS): VersionedRuleSet => {
  const result = validateRuleSet(json, catalog);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return { ...result.value, ruleSetId: `${result.value.id}@${result.value.version}` };
};

const candidates = Array.from({ length: 24 }, (_, i) => ({
  tenureMonths: (i * 5) % 40,
  department: ['Engineering', 'Sales', 'Platform'][i % 3]!,
  completedCourses: [[], ['CLOUD-101'], ['FAC-101', 'SEC-110'], ['CLOUD-101', 'FAC-201']][i % 4]!,
  certifications: [[], ['AWS-SAA'], ['AZ-104', 'AZ-305'], ['GCP-PCA']][i % 4]!,
  heldCredentials: i % 5 === 0 ? ['cloud-architecture-practitioner'] : [],
}));

/** Two rules at different rule priorities: json-rules-engine evaluates the second only after the first. */
const prioritised = checked({
  ...eligibilityV1(),
  rules: [
    {
      name: 'long-serving',
      priority: 2,
      conditions: { all: [{ fact: 'tenureMonths', operator: 'greaterThan', value: 100, description: 'More than 100 months' }] },
      event: { type: 'long-service' },
    },
    {
      name: 'tenure',
      priority: 1,
      conditions: { all: [{ fact: 'tenureMonths', operator: 'greaterThanInclusive', value: 6, description: "At least 6 months' tenure" }] },
      event: { type: 'eligible' },
    },
  ],
});

const clearanceRules = (): RuleSetFile => ({
  ...eligibilityV1(),
  rules: [
    {
      name: 'cleared',
      conditions: { all: [{ fact: 'securityClearance', operator: 'equal', value: 'SC', description: 'Holds SC security clearance' }] },
      event: { type: 'eligible' },
    },
  ],
});
const clearance: DeclaredFact = { name: 'securityClearance', type: 'string', description: 'National security clearance level.' };

describe('a compiled rule set', () => {
  it('answers every candidate exactly as the rule set compiled for that one evaluation does', async () => {
    for (const file of publishedSets) {
      const ruleSet = checked(file);
      const compiled = compileRuleSet(ruleSet);
      for (const facts of candidates) {
        const once = JSON.stringify(await evaluateEligibility(compiled, facts, AT));
        expect(once).toBe(JSON.stringify(await evaluateEligibility(ruleSet, facts, AT)));
      }
    }
  });

  it('answers overlapping evaluations as it answers them one at a time', async () => {
    // One json-rules-engine Engine run concurrently skips rules: a run that ends marks the shared Engine
    // finished, and a run still going stops before its lower-priority rules.
    const compiled = compileRuleSet(prioritised);
    const facts = (i: number) => ({ ...candidates[0]!, tenureMonths: i });
    const oneAtATime = [];
    for (let i = 0; i < 20; i++) oneAtATime.push(await evaluateEligibility(compiled, facts(i), AT));
    expect(oneAtATime.filter((r) => r.eligible)).toHaveLength(14);
    // Each evaluation starts a few microtasks after the previous one, as activities do, mid-way through it.
    const later = async <T>(ticks: number, start: () => Promise<T>) => {
      for (let tick = 0; tick < ticks; tick++) await null;
      return start();
    };
    for (const ticks of [0, 1, 3, 8]) {
      const overlapping = await Promise.all(Array.from({ length: 20 }, (_, i) => later(i * ticks, () => evaluateEligibility(compiled, facts(i), AT))));
      expect(overlapping).toEqual(oneAtATime);
    }
  });

  it('keeps its own copy of the rule set', async () => {
    const ruleSet = checked(eligibilityV1());
    const compiled = compileRuleSet(ruleSet);
    const before = await evaluateEligibility(compiled, candidates[1]!, AT);
    (ruleSet.rules[0]!.conditions as { all: { value: unknown }[] }).all[0]!.value = 60;
    ruleSet.rules[0]!.event.type = 'nothing';
    expect(await evaluateEligibility(compiled, candidates[1]!, AT)).toEqual(before);
  });
});

describe('CompiledRuleSetCache', () => {
  const stored = (definition: unknown, publishedAt = new Date('2026-01-01T00:00:00Z')) => ({ id: `${KEY}@1`, definition, publishedAt });

  it('validates and compiles a stored version once per catalog', () => {
    const cache = new CompiledRuleSetCache();
    const row = stored(eligibilityV1());
    const first = cache.get(row, BUILT_IN_FACTS);
    expect(first).toMatchObject({ ok: true, value: { ruleSet: { ruleSetId: `${KEY}@1`, version: 1 } } });
    // The database hands out a new object for every read of the same row.
    expect(cache.get(stored(eligibilityV1()), factCatalog([]))).toBe(first);
    expect(cache.size).toBe(1);
  });

  it('keeps no invalid outcome, so a stored version repaired in place is seen at the next evaluation', () => {
    const cache = new CompiledRuleSetCache();
    const broken = { ...eligibilityV1(), rules: [{ name: 'x', conditions: { all: [{ fact: 'tenureMonths', operator: 'isRoughly', value: 6 }] } }] };
    expect(cache.get(stored(broken), BUILT_IN_FACTS).ok).toBe(false);
    expect(cache.size).toBe(0);
    // The same id and publication instant, its definition fixed by a database repair (docs/rules.md, incidents).
    expect(cache.get(stored(eligibilityV1()), BUILT_IN_FACTS)).toMatchObject({ ok: true });
  });

  it('compiles again when a fact is declared, so the new fact is known at once', async () => {
    const cache = new CompiledRuleSetCache();
    const row = stored(clearanceRules());
    const before = cache.get(row, BUILT_IN_FACTS);
    expect(before).toEqual({
      ok: false,
      errors: [expect.objectContaining({ path: '$.rules[0].conditions.all[0].fact', message: 'unknown fact "securityClearance"' })],
    });
    // The same refusal as long as the catalog stays the same (checked afresh: no invalid outcome is kept) …
    expect(cache.get(row, factCatalog())).toEqual(before);
    // … and none as soon as an admin declares the fact.
    const declared = factCatalog([clearance]);
    const after = cache.get(row, declared);
    if (!after.ok) throw new Error(JSON.stringify(after.errors));
    const result = await evaluateEligibility(after.value, { ...candidates[0]!, securityClearance: 'SC' }, AT, declared);
    expect(result).toMatchObject({ eligible: true, facts: { securityClearance: 'SC' } });
    expect(cache.get(row, factCatalog([{ ...clearance }]))).toBe(after);
  });

  it('compiles again for any change of a declaration, and for a version published again', () => {
    const cache = new CompiledRuleSetCache();
    const row = stored(clearanceRules());
    const declared = cache.get(row, factCatalog([clearance]));
    expect(cache.get(row, factCatalog([{ ...clearance, description: 'Clearance level (BPSS, SC, DV).' }]))).not.toBe(declared);
    const again = cache.get(row, factCatalog([clearance]));
    expect(again).not.toBe(declared);
    expect(again).toEqual(declared);
    // The same id published into a database emptied meanwhile: a different instant, perhaps different rules.
    const republished = cache.get(stored(eligibilityV1(), new Date('2026-02-01T00:00:00Z')), factCatalog([clearance]));
    expect(republished).toMatchObject({ ok: true, value: { ruleSet: { rules: [{ name: 'tenure-and-cloud-foundation' }] } } });
  });

  it('keeps at most its capacity, dropping the version compiled first', () => {
    const cache = new CompiledRuleSetCache(2);
    const version = (n: number) => ({ id: `${KEY}@${n}`, definition: { ...eligibilityV1(), version: n } });
    const first = cache.get(version(1), BUILT_IN_FACTS);
    cache.get(version(2), BUILT_IN_FACTS);
    cache.get(version(3), BUILT_IN_FACTS);
    expect(cache.size).toBe(2);
    expect(cache.get(version(1), BUILT_IN_FACTS)).not.toBe(first);
  });
});

describe('the fact catalog key', () => {
  it('is equal exactly when the declarations are', () => {
    expect(factCatalog().key).toBe(BUILT_IN_FACTS.key);
    expect(factCatalog([clearance]).key).toBe(factCatalog([{ ...clearance }]).key);
    expect(factCatalog([clearance]).key).not.toBe(BUILT_IN_FACTS.key);
    expect(factCatalog([{ ...clearance, type: 'number' }]).key).not.toBe(factCatalog([clearance]).key);
  });
});
