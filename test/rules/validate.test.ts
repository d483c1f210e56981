import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../domain/errors.js';
import { InvalidRuleSetError, loadRuleSetFile, type RuleSetError, validateRuleSet } from '../../rules/validate.js';

// Each test/rules/invalid/<case>.json is paired with <case>.expected.json: the exact errors, in order.
const corpus = fileURLToPath(new URL('./invalid/', import.meta.url));
const cases = readdirSync(corpus)
  .filter((file) => file.endsWith('.json') && !file.endsWith('.expected.json'))
  .map((file) => file.replace(/\.json$/, ''))
  .sort();
const readJson = (file: string): unknown => JSON.parse(readFileSync(`${corpus}${file}`, 'utf8'));
const realRuleSet = fileURLToPath(
  new URL('../../rules/sets/cloud-architecture-practitioner.eligibility.json', import.meta.url),
);

describe('validateRuleSet on the invalid corpus', () => {
  it('covers every required kind of mistake', () => {
    expect(cases).toEqual(
      expect.arrayContaining([
        'unknown-fact',
        'unknown-operator',
        'wrong-value-type',
        'missing-event',
        'empty-all',
        'bad-kind',
        'missing-description',
        'version-not-integer',
      ]),
    );
  });

  it.each(cases)('%s gives exactly the expected errors', (name) => {
    const expected = readJson(`${name}.expected.json`) as RuleSetError[];
    const result = validateRuleSet(readJson(`${name}.json`));
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.errors).toEqual(expected);
  });
});

describe('validateRuleSet', () => {
  it('accepts the published Cloud Architecture Practitioner rule set', () => {
    const result = validateRuleSet(JSON.parse(readFileSync(realRuleSet, 'utf8')));
    expect(result).toMatchObject({ ok: true, value: { id: 'cloud-architecture-practitioner.eligibility', version: 1 } });
  });

  it('suggests the nearest fact for a misspelling', () => {
    const result = validateRuleSet(readJson('unknown-fact.json'));
    expect(result.ok ? [] : result.errors).toEqual([
      {
        path: '$.rules[0].conditions.all[0].fact',
        message: 'unknown fact "tenureMonth"',
        suggestion: 'did you mean tenureMonths?',
      },
    ]);
  });

  it('rejects something that is not an object at the root', () => {
    expect(validateRuleSet([])).toEqual({ ok: false, errors: [{ path: '$', message: 'must be an object' }] });
  });

  it('returns a copy, so the caller cannot change what was validated', () => {
    const json = JSON.parse(readFileSync(realRuleSet, 'utf8')) as { version: number };
    const result = validateRuleSet(json);
    json.version = 99;
    expect(result.ok && result.value.version).toBe(1);
  });
});

describe('loadRuleSetFile', () => {
  it('loads and validates a rule-set file', async () => {
    const ruleSet = await loadRuleSetFile(realRuleSet);
    expect(ruleSet.rules).toHaveLength(1);
  });

  it('throws an INVALID_RULE_SET error listing every problem with its path', async () => {
    const error = await loadRuleSetFile(`${corpus}several-errors.json`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidRuleSetError);
    const invalid = error as InvalidRuleSetError;
    expect(invalid.code).toBe(ErrorCode.InvalidRuleSet);
    expect(invalid.errors).toHaveLength(4);
    for (const { path } of invalid.errors) expect(invalid.message).toContain(`${path}: `);
  });
});

describe('validateRuleSet against hostile nesting', () => {
  const nested = (levels: number) => {
    let condition: unknown = { fact: 'tenureMonths', operator: 'greaterThanInclusive', value: 6, description: 'Six months in the company' };
    for (let i = 0; i < levels; i++) condition = { all: [condition] };
    return { id: 'deep', programId: 'p', kind: 'eligibility', version: 1, description: 'x', effectiveDate: '2026-01-01', rules: [{ name: 'r', conditions: condition, event: { type: 'eligible' } }] };
  };

  it('a rule set nested 1,000 levels deep is refused with the path where it goes too deep, not a stack overflow', () => {
    const result = validateRuleSet(nested(1000));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]!.path).toMatch(/^\$\.rules\[0\]\.conditions(\.all(\[0\])?)+$/);
    expect(result.errors[0]!.message).toContain('nests deeper than 32 levels');
  });

  it('nesting a person would write is still checked for meaning as usual', () => {
    const result = validateRuleSet(nested(8));
    expect(result.ok ? [] : result.errors.map((e) => e.message).join('\n')).not.toContain('nests deeper');
  });
});
