import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ApplicationFailure } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRulesActivities } from '../../activities/rules.js';
import { ErrorCode } from '../../domain/errors.js';
import { type Database, openDatabase, type Prisma } from '../../prisma/client.js';

const RULE_SET_ID = 'cloud-architecture-practitioner.eligibility@1';
const definition = JSON.parse(
  readFileSync(
    fileURLToPath(new URL('../../rules/sets/cloud-architecture-practitioner.eligibility.json', import.meta.url)),
    'utf8',
  ),
) as Prisma.InputJsonValue & { version: number; rules: { conditions: { all: { fact?: string }[] } }[] };

let db: Database;
let rules: ReturnType<typeof createRulesActivities>;

async function seedPerson(id: string, hiredAt: string) {
  await db.prisma.person.create({
    data: { id, email: `${id}@example.com`, name: id, department: 'Engineering', title: 'Engineer', roles: ['candidate'], hiredAt: new Date(hiredAt) },
  });
}

async function seedRuleSet(id: string, ruleSet: Prisma.InputJsonValue) {
  await db.prisma.ruleSet.create({
    data: {
      id,
      key: id.split('@')[0]!,
      programId: 'cloud-architecture-practitioner',
      kind: 'eligibility',
      version: Number(id.split('@')[1]),
      description: 'Eligibility for Cloud Architecture Practitioner',
      definition: ruleSet,
      publishedAt: new Date('2025-12-15T00:00:00Z'),
      publishedBy: 'p-owner',
      reason: 'first version',
    },
  });
}

async function failureOf(promise: Promise<unknown>): Promise<ApplicationFailure> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApplicationFailure);
  return error as ApplicationFailure;
}

beforeAll(async () => {
  db = await openDatabase({});
  await db.migrate();
  await db.prisma.program.create({
    data: {
      id: 'cloud-architecture-practitioner',
      name: 'Cloud Architecture Practitioner',
      description: 'Design and review cloud architectures.',
      validity: 'P2Y',
      recertificationWindow: 'P60D',
      submissionDeadline: 'P90D',
      approvalLinkTtl: 'P7D',
    },
  });
  await seedRuleSet(RULE_SET_ID, definition);
  rules = createRulesActivities({ prisma: db.prisma });
});

afterAll(async () => {
  await db?.close();
});

describe('evaluateEligibility activity', () => {
  it('gathers the facts as they stood at asOf and evaluates the stored rule set', async () => {
    await seedPerson('p-ada', '2025-01-15T00:00:00Z');
    await db.prisma.courseCompletion.create({
      data: { id: 'cc-ada-101', personId: 'p-ada', courseCode: 'CLOUD-101', completedAt: new Date('2025-06-01T12:00:00Z') },
    });

    const before = await rules.evaluateEligibility({ candidateId: 'p-ada', ruleSetId: RULE_SET_ID, asOf: '2025-05-20T00:00:00Z' });
    expect(before.facts).toEqual({ tenureMonths: 4, department: 'Engineering', completedCourses: [], certifications: [], heldCredentials: [] });
    expect(before.eligible).toBe(false);
    expect(before.reasons[0]).toBe("At least 6 months' tenure: you have 4");

    const after = await rules.evaluateEligibility({ candidateId: 'p-ada', ruleSetId: RULE_SET_ID, asOf: '2025-09-01T00:00:00Z' });
    expect(after).toMatchObject({
      eligible: true,
      ruleSetId: RULE_SET_ID,
      ruleSetVersion: 1,
      evaluatedAt: '2025-09-01T00:00:00Z',
      reasons: [],
      facts: { tenureMonths: 7, completedCourses: ['CLOUD-101'], certifications: [] },
    });
  });

  it('counts a held certification only while it is valid', async () => {
    await seedPerson('p-bo', '2024-01-10T00:00:00Z');
    await db.prisma.heldCertification.create({
      data: {
        id: 'hc-bo-saa',
        personId: 'p-bo',
        code: 'AWS-SAA',
        issuedAt: new Date('2023-01-01T00:00:00Z'),
        expiresAt: new Date('2026-01-01T00:00:00Z'),
      },
    });

    const valid = await rules.evaluateEligibility({ candidateId: 'p-bo', ruleSetId: RULE_SET_ID, asOf: '2025-12-31T23:59:59Z' });
    expect(valid).toMatchObject({ eligible: true, facts: { certifications: ['AWS-SAA'] } });

    const expired = await rules.evaluateEligibility({ candidateId: 'p-bo', ruleSetId: RULE_SET_ID, asOf: '2026-01-01T00:00:00Z' });
    expect(expired).toMatchObject({ eligible: false, facts: { certifications: [] } });
    expect(expired.reasons).toContain(
      'Option 2 of 3: Holds the AWS Certified Solutions Architect – Associate certification (AWS-SAA): you hold none',
    );
  });

  it('fails non-retryably with INVALID_RULE_SET when the stored rule set is invalid', async () => {
    const broken = structuredClone(definition);
    broken.version = 2;
    broken.rules[0]!.conditions.all[0]!.fact = 'tenureMonth';
    await seedRuleSet('cloud-architecture-practitioner.eligibility@2', broken);

    const failure = await failureOf(
      rules.evaluateEligibility({ candidateId: 'p-ada', ruleSetId: 'cloud-architecture-practitioner.eligibility@2', asOf: '2025-09-01T00:00:00Z' }),
    );
    expect(failure.type).toBe(ErrorCode.InvalidRuleSet);
    expect(failure.nonRetryable).toBe(true);
    expect(failure.message).toContain('$.rules[0].conditions.all[0].fact: unknown fact "tenureMonth"');
  });

  it('fails non-retryably with NOT_FOUND for an unknown candidate or rule set', async () => {
    const person = await failureOf(rules.evaluateEligibility({ candidateId: 'p-nobody', ruleSetId: RULE_SET_ID, asOf: '2025-09-01T00:00:00Z' }));
    expect([person.type, person.nonRetryable]).toEqual([ErrorCode.NotFound, true]);
    const ruleSet = await failureOf(rules.evaluateEligibility({ candidateId: 'p-ada', ruleSetId: 'nope@1', asOf: '2025-09-01T00:00:00Z' }));
    expect([ruleSet.type, ruleSet.nonRetryable]).toEqual([ErrorCode.NotFound, true]);
  });

  it('fails non-retryably with RULE_EVALUATION_FAILED when a rule needs a fact Certiflow does not record', async () => {
    const levelled = structuredClone(definition);
    levelled.version = 3;
    levelled.rules[0]!.conditions.all.push({
      fact: 'roleLevel',
      operator: 'greaterThanInclusive',
      value: 3,
      description: 'Level 3 or above',
    } as { fact: string });
    await seedRuleSet('cloud-architecture-practitioner.eligibility@3', levelled);

    const failure = await failureOf(
      rules.evaluateEligibility({ candidateId: 'p-ada', ruleSetId: 'cloud-architecture-practitioner.eligibility@3', asOf: '2025-09-01T00:00:00Z' }),
    );
    expect([failure.type, failure.nonRetryable]).toEqual([ErrorCode.RuleEvaluationFailed, true]);
    expect(failure.message).toMatch(/^MISSING_FACT: fact roleLevel/);
  });

  it('knows a fact as soon as an admin declares it, though each version is validated and compiled once', async () => {
    const cleared = structuredClone(definition);
    cleared.version = 4;
    cleared.rules[0]!.conditions.all = [
      { fact: 'securityClearance', operator: 'equal', value: 'SC', description: 'Holds SC security clearance' } as { fact: string },
    ];
    await seedRuleSet('cloud-architecture-practitioner.eligibility@4', cleared);
    const clearanceInput = { candidateId: 'p-ada', ruleSetId: 'cloud-architecture-practitioner.eligibility@4', asOf: '2025-09-01T00:00:00Z' };
    const refused = await failureOf(rules.evaluateEligibility(clearanceInput));
    expect([refused.type, refused.nonRetryable]).toEqual([ErrorCode.InvalidRuleSet, true]);
    expect(refused.message).toContain('$.rules[0].conditions.all[0].fact: unknown fact "securityClearance"');
    const tenureInput = { candidateId: 'p-ada', ruleSetId: RULE_SET_ID, asOf: '2025-09-01T00:00:00Z' };
    const before = await rules.evaluateEligibility(tenureInput);

    await db.prisma.personAttribute.create({
      data: { name: 'securityClearance', type: 'string', description: 'National security clearance level.', source: 'csv', createdBy: 'p-owner' },
    });
    await db.prisma.person.update({ where: { id: 'p-ada' }, data: { attributes: { securityClearance: 'SC' } } });

    expect(await rules.evaluateEligibility(clearanceInput)).toMatchObject({ eligible: true, reasons: [], facts: { securityClearance: 'SC' } });
    // A version compiled before the declaration is handed the new fact too, and accepts it.
    expect(await rules.evaluateEligibility(tenureInput)).toEqual({ ...before, facts: { ...before.facts, securityClearance: 'SC' } });
  });
});
