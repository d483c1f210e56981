import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../domain/errors.js';
import { evaluateEligibility, RuleEvaluationError } from '../../rules/evaluate.js';
import { loadRuleSetFile, type RuleSetFile, validateRuleSet } from '../../rules/validate.js';

const AT = '2026-03-01T09:00:00.000Z';
let ruleSet: RuleSetFile & { ruleSetId: string };

beforeAll(async () => {
  const path = fileURLToPath(new URL('../../rules/sets/cloud-architecture-practitioner.eligibility.json', import.meta.url));
  ruleSet = { ...(await loadRuleSetFile(path)), ruleSetId: 'cloud-architecture-practitioner.eligibility@1' };
});

const candidate = (overrides: Record<string, unknown> = {}) => ({
  tenureMonths: 8,
  department: 'Engineering',
  completedCourses: [] as string[],
  certifications: [] as string[],
  ...overrides,
});

const COURSE = 'rules[0].conditions.all[1].any[0]';

describe('evaluateEligibility with the Cloud Architecture Practitioner rules', () => {
  it('is eligible with the tenure and the CLOUD-101 course', async () => {
    const result = await evaluateEligibility(ruleSet, candidate({ completedCourses: ['CLOUD-101'] }), AT);
    expect(result).toMatchObject({
      eligible: true,
      ruleSetId: 'cloud-architecture-practitioner.eligibility@1',
      ruleSetVersion: 1,
      evaluatedAt: AT,
      reasons: [],
      events: [{ type: 'eligible' }],
    });
    expect(result.conditions.find((c) => c.path === COURSE)).toMatchObject({ passed: true, actual: ['CLOUD-101'] });
  });

  it('is eligible with the tenure and an AZ-305 certification instead of the course', async () => {
    const result = await evaluateEligibility(ruleSet, candidate({ certifications: ['AZ-104', 'AZ-305'] }), AT);
    expect(result.eligible).toBe(true);
    expect(result.conditions.map((c) => c.passed)).toEqual([true, false, false, true]);
  });

  it('is not eligible with 4 months of tenure, and says so with the actual value', async () => {
    const result = await evaluateEligibility(ruleSet, candidate({ tenureMonths: 4, completedCourses: ['CLOUD-101'] }), AT);
    expect(result.eligible).toBe(false);
    expect(result.events).toEqual([]);
    expect(result.reasons).toEqual(["At least 6 months' tenure: you have 4"]);
    expect(result.conditions[0]).toMatchObject({
      path: 'rules[0].conditions.all[0]',
      fact: 'tenureMonths',
      operator: 'greaterThanInclusive',
      expected: 6,
      actual: 4,
      passed: false,
      description: "At least 6 months' tenure",
    });
  });

  it('lists every alternative, with what the candidate has, when neither course nor certification is there', async () => {
    const result = await evaluateEligibility(ruleSet, candidate({ completedCourses: ['SEC-110'], certifications: ['AZ-104'] }), AT);
    expect(result.eligible).toBe(false);
    expect(result.reasons).toEqual([
      'Option 1 of 3: Completed the prerequisite course CLOUD-101 (Cloud Foundations): you have completed SEC-110',
      'Option 2 of 3: Holds the AWS Certified Solutions Architect – Associate certification (AWS-SAA): you hold AZ-104',
      'Option 3 of 3: Holds the Microsoft Azure Solutions Architect Expert certification (AZ-305): you hold AZ-104',
    ]);
  });

  it('gives the same result for the same input', async () => {
    const facts = candidate({ tenureMonths: 5, certifications: ['AWS-SAA'] });
    const first = await evaluateEligibility(ruleSet, facts, AT);
    const second = await evaluateEligibility(structuredClone(ruleSet), structuredClone(facts), AT);
    expect(second).toEqual(first);
    expect(JSON.parse(JSON.stringify(first))).toEqual(first);
  });

  it('reports the conditions the engine skipped, with their actual values and outcomes', async () => {
    // Tenure has the higher priority: once it fails the engine never looks at the course/certification branch.
    const result = await evaluateEligibility(ruleSet, candidate({ tenureMonths: 2, certifications: ['AWS-SAA'] }), AT);
    expect(result.conditions.map(({ path, evaluated, passed, actual }) => ({ path, evaluated, passed, actual }))).toEqual([
      { path: 'rules[0].conditions.all[0]', evaluated: true, passed: false, actual: 2 },
      { path: COURSE, evaluated: false, passed: false, actual: [] },
      { path: 'rules[0].conditions.all[1].any[1]', evaluated: false, passed: true, actual: ['AWS-SAA'] },
      { path: 'rules[0].conditions.all[1].any[2]', evaluated: false, passed: false, actual: ['AWS-SAA'] },
    ]);
    expect(result.reasons).toEqual(["At least 6 months' tenure: you have 2"]);
  });
});

describe('evaluateEligibility failures and shared conditions', () => {
  const withRules = (rules: unknown[], conditions?: unknown) => {
    const { ruleSetId: _, ...file } = structuredClone(ruleSet);
    const checked = validateRuleSet({ ...file, ...(conditions ? { conditions } : {}), rules });
    if (!checked.ok) throw new Error(JSON.stringify(checked.errors));
    return { ...checked.value, ruleSetId: 'test@1' };
  };

  it('throws MISSING_FACT, coded RULE_EVALUATION_FAILED, when a rule uses a fact that was not provided', async () => {
    const levelled = withRules([
      {
        name: 'senior',
        conditions: { all: [{ fact: 'roleLevel', operator: 'greaterThanInclusive', value: 5, description: 'Level 5 or above' }] },
        event: { type: 'eligible' },
      },
    ]);
    const error = await evaluateEligibility(levelled, candidate(), AT).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RuleEvaluationError);
    expect(error).toMatchObject({ code: ErrorCode.RuleEvaluationFailed, reason: 'MISSING_FACT' });
    expect((error as Error).message).toMatch(/^MISSING_FACT: fact roleLevel used at \$\.rules\[0\]\.conditions\.all\[0\]/);
  });

  it('throws INVALID_FACT for a fact of the wrong type or outside the catalog', async () => {
    await expect(evaluateEligibility(ruleSet, candidate({ tenureMonths: '8' }), AT)).rejects.toMatchObject({ reason: 'INVALID_FACT' });
    await expect(evaluateEligibility(ruleSet, candidate({ managerId: 'p-1' }), AT)).rejects.toMatchObject({ reason: 'INVALID_FACT' });
  });

  it('follows shared conditions, reporting their leaves at the shared path and their rule', async () => {
    const shared = withRules(
      [
        { name: 'engineers', conditions: { condition: 'in-engineering' }, event: { type: 'eligible' } },
        {
          name: 'well-trained',
          conditions: { all: [{ fact: 'completedCourses', operator: 'countAtLeast', value: 2, description: 'At least 2 courses' }] },
          event: { type: 'fast-track', params: { reason: 'courses' } },
        },
      ],
      {
        'in-engineering': {
          all: [{ fact: 'department', operator: 'in', value: ['Engineering', 'Platform'], description: 'Works in Engineering or Platform' }],
        },
      },
    );
    const result = await evaluateEligibility(shared, candidate({ department: 'Sales', completedCourses: ['A', 'B'] }), AT);
    expect(result.eligible).toBe(false);
    expect(result.events).toEqual([{ type: 'fast-track', params: { reason: 'courses' } }]);
    expect(result.conditions[0]).toMatchObject({ path: 'conditions["in-engineering"].all[0]', rule: 'engineers', passed: false });
    expect(result.reasons).toEqual(['Works in Engineering or Platform: your department is Sales']);
  });
});
