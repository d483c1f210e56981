import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRulesActivities } from '../../activities/rules.js';
import { seedDemoData } from '../../demo/seed.js';
import { type Database, openDatabase } from '../../prisma/client.js';
import { createPersonAttributeService } from '../../services/people/attributes.js';
import { createPeopleDirectory } from '../../services/people/directory.js';
import { createImportService } from '../../services/people/imports.js';
import { createRuleSetService } from '../../services/rule-sets.js';
import { failureOf } from '../harness/activity-fixtures.js';

// An admin-declared person attribute is a fact like the built-in ones: HR data supplies it (a CSV column
// here), the rule editor's validation accepts it, a published rule set uses it, and a person without a
// value fails evaluation as a missing fact rather than reading as empty.

const AS_OF = '2026-11-25T09:00:00.000Z';
const KEY = 'cloud-architecture-practitioner.eligibility';
let db: Database;

beforeAll(async () => {
  db = await openDatabase({});
  await db.migrate();
  await seedDemoData(db.prisma, AS_OF);
}, 60_000);

afterAll(async () => {
  await db?.close();
});

const clearanceRule = (version: number) => ({
  id: KEY,
  programId: 'cloud-architecture-practitioner',
  kind: 'eligibility',
  version,
  description: 'Security clearance needed from now on.',
  effectiveDate: '2026-12-01',
  rules: [
    {
      name: 'cleared',
      conditions: { all: [{ fact: 'securityClearance', operator: 'equal', value: 'SC', description: 'Holds SC security clearance' }] },
      event: { type: 'eligible' },
    },
  ],
});

describe('admin-defined facts', () => {
  it('are refused until declared, then validated, published, supplied by HR data and evaluated', async () => {
    const ruleSets = createRuleSetService({ prisma: db.prisma, journeys: undefined as never, now: () => new Date(AS_OF) });
    const latest = await db.prisma.ruleSet.findFirstOrThrow({ where: { key: KEY }, orderBy: { version: 'desc' } });
    const next = clearanceRule(latest.version + 1);

    const before = await ruleSets.saveDraft({ key: KEY, programId: next.programId, kind: 'eligibility', definition: next, author: 'ines' });
    expect(before.ok && before.value.errors).toEqual([expect.objectContaining({ path: '$.rules[0].conditions.all[0].fact', message: 'unknown fact "securityClearance"' })]);

    const attributes = createPersonAttributeService(db.prisma);
    expect(await attributes.declare({ name: 'tenureMonths', type: 'number', description: 'x', source: 'csv' }, 'ari')).toMatchObject({ ok: false, error: { path: 'name' } });
    expect(await attributes.declare({ name: 'securityClearance', type: 'string', description: 'National security clearance level (BPSS, SC, DV).', source: 'csv' }, 'ari')).toMatchObject({ ok: true });
    expect(await attributes.declare({ name: 'securityClearance', type: 'number', description: 'x', source: 'csv' }, 'ari')).toMatchObject({ ok: false, error: { path: 'type' } });

    const draft = await ruleSets.saveDraft({ key: KEY, programId: next.programId, kind: 'eligibility', definition: next, author: 'ines' });
    if (!draft.ok) throw new Error(draft.error.message);
    expect(draft.value.errors).toEqual([]);
    const requested = await ruleSets.requestPublication({ draftId: draft.value.draft.id, reason: 'Clearance now required', policy: 'keep', requestedBy: 'ines' });
    expect(requested.ok).toBe(true);
    const published = await ruleSets.approvePublication({ draftId: draft.value.draft.id, approver: { personId: 'ari', roles: ['admin'] } });
    if (!published.ok) throw new Error(published.error.message);

    const imports = createImportService({ prisma: db.prisma, directory: createPeopleDirectory({ prisma: db.prisma }) });
    const imported = await imports.run({
      kind: 'people',
      content: 'Email,Name,Clearance\nalex@example.com,Alex Kim,SC\njordan@example.com,Jordan Lee,BPSS\n',
      fileName: 'clearances.csv',
      mapping: JSON.stringify({ attributes: [{ column: 'Clearance', attribute: 'securityClearance' }] }),
      dryRun: false,
      actor: { id: 'hana', source: 'csv' },
    });
    expect(imported).toMatchObject({ applied: true, updated: 2, problems: [] });

    const rules = createRulesActivities({ prisma: db.prisma });
    const ruleSetId = published.value.ruleSet.id;
    const alex = await rules.evaluateEligibility({ candidateId: 'alex', ruleSetId, asOf: AS_OF });
    expect(alex).toMatchObject({ eligible: true, facts: expect.objectContaining({ securityClearance: 'SC' }) });
    const jordan = await rules.evaluateEligibility({ candidateId: 'jordan', ruleSetId, asOf: AS_OF });
    expect(jordan.eligible).toBe(false);
    expect(jordan.reasons[0]).toContain('Holds SC security clearance');
    const failure = await failureOf(rules.evaluateEligibility({ candidateId: 'sam', ruleSetId, asOf: AS_OF }));
    expect(failure.type).toBe('RULE_EVALUATION_FAILED');
    expect(failure.message).toContain('fact securityClearance used at $.rules[0].conditions.all[0] was not provided');
  });
});
