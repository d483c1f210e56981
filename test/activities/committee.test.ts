import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createCommitteeActivities } from '../../activities/committee.js';
import { ErrorCode } from '../../domain/errors.js';
import { type Database, openDatabase } from '../../prisma/client.js';
import { failureOf, PROGRAM, resetProgram } from '../harness/activity-fixtures.js';

let db: Database;
let committee: ReturnType<typeof createCommitteeActivities>;

const JOURNEY = `journey:${PROGRAM}:alex`;
const AS_OF = '2026-03-01T12:00:00.000Z';

async function person(id: string, extra: { leftAt?: string } = {}) {
  await db.prisma.person.create({
    data: {
      id,
      email: `${id}@example.com`,
      name: id,
      department: 'Quality',
      title: 'Architect',
      roles: ['committee'],
      hiredAt: new Date('2020-01-01T00:00:00Z'),
      leftAt: extra.leftAt ? new Date(extra.leftAt) : null,
    },
  });
}

async function term(personId: string, startsOn: string, endsOn: string) {
  await db.prisma.committeeTerm.create({
    data: { id: `term-${personId}-${startsOn}`, personId, startsOn: new Date(startsOn), endsOn: new Date(endsOn) },
  });
}

/** Draws reviewers for a new appeal and records it, as the workflow does. */
async function fileAppeal(appealId: string, filedAt: string, count = 2): Promise<string[]> {
  const reviewers = await committee.selectCommitteeMembers({ selectionKey: appealId, count, exclude: ['alex', 'assessor-1'], asOf: filedAt });
  await committee.recordAppeal({
    appealId,
    journeyId: JOURNEY,
    assessmentId: 'assessment-1',
    grounds: 'The rubric was misapplied',
    filedAt,
    filedBy: 'alex',
    reviewers: reviewers.map((r) => r.id),
  });
  return reviewers.map((r) => r.id);
}

beforeAll(async () => {
  db = await openDatabase({});
  await db.migrate();
  committee = createCommitteeActivities({ prisma: db.prisma });
});

afterAll(async () => {
  await db?.close();
});

beforeEach(async () => {
  await resetProgram(db.prisma);
  await person('alex');
  const at = new Date('2026-01-05T09:00:00Z');
  await db.prisma.journey.create({
    data: { id: JOURNEY, programId: PROGRAM, pathwayId: 'portfolio', candidateId: 'alex', stage: 'under_appeal', enrolledAt: at, updatedAt: at },
  });

  for (const id of ['m1', 'm2', 'm3', 'expired', 'future', 'assessor-1', 'left']) await person(id, id === 'left' ? { leftAt: '2026-02-01T00:00:00Z' } : {});
  await term('m1', '2025-01-01T00:00:00Z', '2027-01-01T00:00:00Z');
  // Two overlapping terms still make one member.
  await term('m2', '2025-01-01T00:00:00Z', '2026-06-01T00:00:00Z');
  await term('m2', '2026-01-01T00:00:00Z', '2027-01-01T00:00:00Z');
  await term('m3', '2026-03-01T12:00:00Z', '2027-01-01T00:00:00Z'); // starts exactly at AS_OF: active
  await term('expired', '2024-01-01T00:00:00Z', '2026-03-01T12:00:00Z'); // ends exactly at AS_OF: over
  await term('future', '2026-03-02T00:00:00Z', '2027-01-01T00:00:00Z');
  await term('assessor-1', '2025-01-01T00:00:00Z', '2027-01-01T00:00:00Z');
  await term('left', '2025-01-01T00:00:00Z', '2027-01-01T00:00:00Z');
});

describe('selectCommitteeMembers', () => {
  it('draws only from terms active at asOf, never the excluded assessor or candidate, nor leavers', async () => {
    const all = await committee.selectCommitteeMembers({ selectionKey: 'appeal-1', count: 3, exclude: ['alex', 'assessor-1'], asOf: AS_OF });
    expect(all.map((m) => m.id)).toEqual(['m1', 'm2', 'm3']);
    expect(all[0]).toEqual({ id: 'm1', name: 'm1', email: 'm1@example.com' });

    const failure = await failureOf(committee.selectCommitteeMembers({ selectionKey: 'appeal-1', count: 4, exclude: ['alex', 'assessor-1'], asOf: AS_OF }));
    expect(failure.type).toBe(ErrorCode.NotFound);
    expect(failure.nonRetryable).toBe(true);
    expect(failure.message).toContain('Found 3');

    // A day later the future term has begun.
    const later = await committee.selectCommitteeMembers({ selectionKey: 'appeal-1', count: 4, exclude: ['alex', 'assessor-1'], asOf: '2026-03-02T00:00:00Z' });
    expect(later.map((m) => m.id)).toEqual(['future', 'm1', 'm2', 'm3']);
  });

  it('with the candidate named, leaves out their management chain, their reports and their mentors', async () => {
    // m1 manages alex, m2 reports to alex, m3 mentored alex on this journey: each has a stake in the outcome.
    await db.prisma.person.update({ where: { id: 'alex' }, data: { managerId: 'm1' } });
    await db.prisma.person.update({ where: { id: 'm2' }, data: { managerId: 'alex' } });
    await db.prisma.journey.update({ where: { id: JOURNEY }, data: { mentorId: 'm3' } });
    const withCandidate = await failureOf(committee.selectCommitteeMembers({ selectionKey: 'appeal-1', count: 1, exclude: ['alex', 'assessor-1'], asOf: AS_OF, candidateId: 'alex' }));
    expect(withCandidate.message).toContain('Found 0');
    // Journeys from before the patch do not name the candidate and draw as they always did.
    const before = await committee.selectCommitteeMembers({ selectionKey: 'appeal-1', count: 3, exclude: ['alex', 'assessor-1'], asOf: AS_OF });
    expect(before.map((m) => m.id)).toEqual(['m1', 'm2', 'm3']);
  });

  it('rotates across successive appeals: fewest reviews first, then the longest since the last one', async () => {
    expect(await fileAppeal('appeal-1', '2026-03-01T12:00:00Z')).toEqual(['m1', 'm2']);
    // m3 has reviewed none; m1 and m2 one each, both last at 12:00: the id decides.
    expect(await fileAppeal('appeal-2', '2026-03-01T13:00:00Z')).toEqual(['m3', 'm1']);
    // m2 and m3 have one review each; m2's was earlier, so m2 goes first.
    expect(await fileAppeal('appeal-3', '2026-03-01T14:00:00Z')).toEqual(['m2', 'm3']);
    const counts = Object.fromEntries(
      await Promise.all(['m1', 'm2', 'm3'].map(async (id) => [id, await db.prisma.appeal.count({ where: { reviewers: { has: id } } })])),
    );
    expect(counts).toEqual({ m1: 2, m2: 2, m3: 2 });
  });

  it('is retry-safe: once the appeal is recorded the same reviewers come back and nothing is written', async () => {
    const chosen = await fileAppeal('appeal-1', AS_OF);
    await fileAppeal('appeal-2', '2026-03-01T13:00:00Z');
    const before = await db.prisma.appeal.findMany({ orderBy: { id: 'asc' } });

    // The rotation has moved on, but appeal-1 keeps the reviewers it was given.
    const again = await committee.selectCommitteeMembers({ selectionKey: 'appeal-1', count: 2, exclude: ['alex', 'assessor-1'], asOf: AS_OF });
    expect(again.map((m) => m.id)).toEqual(chosen);
    await committee.recordAppeal({
      appealId: 'appeal-1',
      journeyId: JOURNEY,
      assessmentId: 'assessment-1',
      grounds: 'a retry with other data',
      filedAt: AS_OF,
      filedBy: 'alex',
      reviewers: ['m3'],
    });
    expect(await db.prisma.appeal.findMany({ orderBy: { id: 'asc' } })).toEqual(before);
  });
});

describe('recordAppealDecision', () => {
  it('records the first decision and returns it to any later call', async () => {
    await fileAppeal('appeal-1', AS_OF);
    const decision = { appealId: 'appeal-1', outcome: 'reassess' as const, rationale: 'Criterion 3 was scored against the wrong level', decidedBy: 'm1', decidedAt: '2026-03-10T09:00:00.000Z' };
    expect(await committee.recordAppealDecision(decision)).toEqual({
      outcome: 'reassess',
      rationale: decision.rationale,
      decidedBy: 'm1',
      decidedAt: '2026-03-10T09:00:00.000Z',
    });
    const late = await committee.recordAppealDecision({ ...decision, outcome: 'upheld', decidedBy: 'm2', decidedAt: '2026-03-11T09:00:00.000Z' });
    expect(late).toMatchObject({ outcome: 'reassess', decidedBy: 'm1' });
    expect(await db.prisma.appeal.findUniqueOrThrow({ where: { id: 'appeal-1' } })).toMatchObject({ outcome: 'reassess', decidedBy: 'm1' });

    const failure = await failureOf(committee.recordAppealDecision({ ...decision, appealId: 'appeal-unknown' }));
    expect(failure.type).toBe(ErrorCode.NotFound);
  });
});
