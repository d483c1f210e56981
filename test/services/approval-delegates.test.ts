import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaffingActivities } from '../../activities/staffing.js';
import { seedDemoData } from '../../demo/seed.js';
import { type Database, openDatabase } from '../../prisma/client.js';
import { setApprovalDelegate } from '../../services/people/delegation.js';

// Approval delegates: what a person may name (services/people/delegation.ts), and whom a journey asks
// (activities/staffing.ts approvalDelegateOf): the delegate only while the delegation runs, while they
// are employed, and never for their own enrolment.

const NOW = new Date('2026-11-25T09:00:00.000Z');
const DAY = 86_400_000;
const actor = { id: 'maya', source: 'portal' as const };
let db: Database;
let staffing: ReturnType<typeof createStaffingActivities>;

beforeAll(async () => {
  db = await openDatabase({});
  await db.migrate();
  await seedDemoData(db.prisma, NOW.toISOString());
  staffing = createStaffingActivities({ prisma: db.prisma });
}, 120_000);

afterAll(async () => {
  await db?.close();
});

const name = (personId: string, delegateId: string | null, until: Date | null = null) => setApprovalDelegate(db.prisma, { personId, delegateId, until, actor, now: NOW });

describe('naming an approval delegate', () => {
  it('refuses oneself, someone not in the directory and an end in the past, naming the field; nothing is stored', async () => {
    expect(await name('maya', 'maya')).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', path: 'delegateId' } });
    expect(await name('maya', 'nobody')).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', path: 'delegateId' } });
    expect(await name('maya', 'omar', new Date(NOW.getTime() - DAY))).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', path: 'until' } });
    expect(await db.prisma.person.findUniqueOrThrow({ where: { id: 'maya' }, select: { approvalDelegateId: true } })).toEqual({ approvalDelegateId: null });
    expect(await db.prisma.personAudit.count({ where: { personId: 'maya', action: 'approval_delegate' } })).toBe(0);
  });

  it('stores, versions and audits a delegate and its clearing', async () => {
    const before = (await db.prisma.person.findUniqueOrThrow({ where: { id: 'maya' } })).version;
    expect(await name('maya', 'omar', new Date(NOW.getTime() + 10 * DAY))).toMatchObject({ ok: true, value: { delegateId: 'omar' } });
    expect(await name('maya', null)).toEqual({ ok: true, value: { delegateId: null, until: null } });
    const rows = await db.prisma.personAudit.findMany({ where: { personId: 'maya', action: 'approval_delegate' }, orderBy: { version: 'asc' } });
    expect(rows.map((r) => [r.version, (r.changes as { approvalDelegateId: { to: string | null } }).approvalDelegateId.to])).toEqual([
      [before + 1, 'omar'],
      [before + 2, null],
    ]);
  });
});

describe('whom a journey asks', () => {
  const asked = (at: Date, candidateId = 'alex') => staffing.approvalDelegateOf({ managerId: 'maya', candidateId, at: at.toISOString() });

  it('the delegate while the delegation runs, then the manager again', async () => {
    await name('maya', 'priya', new Date(NOW.getTime() + 10 * DAY));
    expect(await asked(new Date(NOW.getTime() + 9 * DAY))).toMatchObject({ id: 'priya', email: 'priya@example.com' });
    expect(await asked(new Date(NOW.getTime() + 10 * DAY))).toBeNull();
  });

  it('never the candidate for their own enrolment, and nobody who has left', async () => {
    await name('maya', 'priya');
    expect(await asked(NOW, 'priya')).toBeNull();
    await db.prisma.person.update({ where: { id: 'priya' }, data: { leftAt: NOW } });
    expect(await asked(NOW)).toBeNull();
  });
});
