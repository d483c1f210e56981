import { describe, expect, it } from 'vitest';
import { diffRuleSets, formatRuleSetDiff } from '../../rules/diff.js';
import type { RuleSetFile } from '../../rules/rule-set.js';
import { eligibilityV1, withoutCourseRequirement, withTenure } from './rule-set-fixtures.js';

const TENURE = "At least 6 months' tenure";
const AWS = 'Holds the AWS Certified Solutions Architect – Associate certification (AWS-SAA)';
const RULE = 'Rule "tenure-and-cloud-foundation"';

const anyOf = (file: RuleSetFile) => (file.rules[0]!.conditions as { all: [unknown, { any: Record<string, unknown>[] }] }).all[1].any;

describe('diffRuleSets', () => {
  it('finds nothing between a version and itself', () => {
    expect(diffRuleSets(eligibilityV1(), eligibilityV1())).toEqual({
      from: 'cloud-architecture-practitioner.eligibility@1',
      to: 'cloud-architecture-practitioner.eligibility@1',
      changes: [],
    });
  });

  it('reports a raised tenure threshold as one changed condition, in words, at its path', () => {
    const diff = diffRuleSets(eligibilityV1(), withTenure(12));
    expect(diff.to).toBe('cloud-architecture-practitioner.eligibility@2');
    expect(diff.changes).toEqual([
      { kind: 'changed', path: '$.version', summary: 'version changed: 1 → 2', before: 1, after: 2 },
      {
        kind: 'changed',
        path: '$.rules[0].conditions.all[0]',
        summary: `${RULE}: condition "${TENURE}" changed: value 6 → 12, description "${TENURE}" → "At least 12 months' tenure"`,
        before: expect.objectContaining({ value: 6 }),
        after: expect.objectContaining({ value: 12 }),
      },
    ]);
  });

  it('reports a dropped requirement as a removed group at its old path', () => {
    const diff = diffRuleSets(eligibilityV1(), withoutCourseRequirement());
    expect(diff.changes.slice(1).map(({ kind, path, summary }) => ({ kind, path, summary }))).toEqual([
      {
        kind: 'removed',
        path: '$.rules[0].conditions.all[1]',
        summary:
          `${RULE}: condition removed: any of ["Completed the prerequisite course CLOUD-101 (Cloud Foundations)" (completedCourses contains "CLOUD-101"); ` +
          `"${AWS}" (certifications holdsCertification "AWS-SAA"); ` +
          '"Holds the Microsoft Azure Solutions Architect Expert certification (AZ-305)" (certifications holdsCertification "AZ-305")]',
      },
    ]);
  });

  it('tells a different certification apart from a changed one, and ignores a mere reordering', () => {
    const after = { ...eligibilityV1(), version: 2 };
    const options = anyOf(after);
    options.reverse(); // AZ-305, AWS-SAA, CLOUD-101: same conditions, new order
    options[1] = { fact: 'certifications', operator: 'holdsCertification', value: 'GCP-PCA', description: 'Holds GCP-PCA' };
    const changes = diffRuleSets(eligibilityV1(), after).changes.slice(1);
    expect(changes.map(({ kind, path, summary }) => ({ kind, path, summary }))).toEqual([
      { kind: 'added', path: '$.rules[0].conditions.all[1].any[1]', summary: `${RULE}: condition added: "Holds GCP-PCA" (certifications holdsCertification "GCP-PCA")` },
      { kind: 'removed', path: '$.rules[0].conditions.all[1].any[1]', summary: `${RULE}: condition removed: "${AWS}" (certifications holdsCertification "AWS-SAA")` },
    ]);
  });

  it('reports rules added, removed and with a new event, matched by name wherever they sit', () => {
    const before = eligibilityV1();
    const fastTrack = { name: 'fast-track', conditions: { all: [{ fact: 'tenureMonths', operator: 'greaterThan', value: 60, description: 'More than 5 years' }] }, event: { type: 'fast-track' } };
    const after = { ...eligibilityV1(), version: 2, rules: [fastTrack, { ...before.rules[0]!, event: { type: 'eligible', params: { track: 'standard' } } }] };
    const changes = diffRuleSets(before, after).changes.slice(1);
    expect(changes).toEqual([
      { kind: 'added', path: '$.rules[0]', summary: 'Rule "fast-track" added: emits "fast-track" when all of ["More than 5 years" (tenureMonths greaterThan 60)]', after: fastTrack },
      {
        kind: 'changed',
        path: '$.rules[1].event',
        previousPath: '$.rules[0].event',
        summary: `${RULE}: event {"type":"eligible"} → {"type":"eligible","params":{"track":"standard"}}`,
        before: { type: 'eligible' },
        after: { type: 'eligible', params: { track: 'standard' } },
      },
    ]);
    expect(diffRuleSets(after, before).changes.at(-1)).toMatchObject({ kind: 'removed', path: '$.rules[0]', summary: 'Rule "fast-track" removed' });
  });

  it('follows shared conditions by name', () => {
    const shared = (months: number): RuleSetFile => ({
      ...eligibilityV1(),
      conditions: { tenure: { all: [{ fact: 'tenureMonths', operator: 'greaterThanInclusive', value: months, description: 'Tenure' }] } },
      rules: [{ name: 'r', conditions: { condition: 'tenure' }, event: { type: 'eligible' } }],
    });
    const changes = diffRuleSets(shared(6), shared(9)).changes;
    expect(changes).toEqual([
      expect.objectContaining({ kind: 'changed', path: '$.conditions.tenure.all[0]', summary: 'Shared condition "tenure": condition "Tenure" changed: value 6 → 9' }),
    ]);
  });

  it('formats one line per change for the CLI', () => {
    expect(formatRuleSetDiff(diffRuleSets(eligibilityV1(), withTenure(12)))).toBe(
      [
        'cloud-architecture-practitioner.eligibility@1 → cloud-architecture-practitioner.eligibility@2: 2 changes',
        '~ $.version: version changed: 1 → 2',
        `~ $.rules[0].conditions.all[0]: ${RULE}: condition "${TENURE}" changed: value 6 → 12, description "${TENURE}" → "At least 12 months' tenure"`,
      ].join('\n'),
    );
    expect(formatRuleSetDiff(diffRuleSets(eligibilityV1(), eligibilityV1()))).toMatch(/: no changes$/);
  });
});
