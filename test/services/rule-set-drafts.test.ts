import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData } from '../../demo/seed.js';
import { ErrorCode } from '../../domain/errors.js';
import { type Database, openDatabase } from '../../prisma/client.js';
import { createRuleSetService } from '../../services/rule-sets.js';

// Drafts keep work in progress even when invalid, but never a document that cannot be read back: a
// draft nested a thousand levels deep, once stored, made every later check of it overflow the stack.

let db: Database;

beforeAll(async () => {
  db = await openDatabase({});
  await db.migrate();
  await seedDemoData(db.prisma, '2026-11-25T09:00:00.000Z');
});

afterAll(async () => {
  await db?.close();
});

describe('saving a rule-set draft', () => {
  it('a definition nested 1,000 levels deep is refused before it is stored', async () => {
    const service = createRuleSetService({ prisma: db.prisma, journeys: undefined as never });
    let conditions: unknown = { fact: 'tenureMonths', operator: 'greaterThanInclusive', value: 6, description: 'x' };
    for (let i = 0; i < 1000; i++) conditions = { any: [conditions] };
    const before = await db.prisma.ruleSetDraft.count();
    const result = await service.saveDraft({
      key: 'cloud-architecture-practitioner.eligibility',
      programId: 'cloud-architecture-practitioner',
      kind: 'eligibility',
      definition: { rules: [{ conditions }] },
      author: 'ari',
    });
    expect(result).toMatchObject({ ok: false, error: { code: ErrorCode.InvalidInput, path: 'definition' } });
    expect(result.ok ? '' : result.error.message).toMatch(/nests deeper than 32 levels.*\(at \$\.rules\[0\]\.conditions\.any/);
    expect(await db.prisma.ruleSetDraft.count()).toBe(before);
  });

  it('an invalid but readable draft is still kept, with what blocks publication', async () => {
    const service = createRuleSetService({ prisma: db.prisma, journeys: undefined as never });
    const result = await service.saveDraft({
      key: 'cloud-architecture-practitioner.eligibility',
      programId: 'cloud-architecture-practitioner',
      kind: 'eligibility',
      definition: { rules: [] },
      author: 'ari',
    });
    expect(result.ok).toBe(true);
    expect(result.ok && result.value.errors.length).toBeGreaterThan(0);
  });
});
