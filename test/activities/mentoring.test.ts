import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createMentoringActivities } from '../../activities/mentoring.js';
import { ErrorCode } from '../../domain/errors.js';
import { JourneyStage } from '../../domain/journey.js';
import { type Database, openDatabase } from '../../prisma/client.js';
import { failureOf, PROGRAM, resetProgram } from '../harness/activity-fixtures.js';

let db: Database;
let mentoring: ReturnType<typeof createMentoringActivities>;


async function person(
  id: string,
  department: string,
  roles: string[],
  extra: { managerId?: string; mentorCapacity?: number; leftAt?: string } = {},
) {
  await db.prisma.person.create({
    data: {
      id,
      email: `${id}@example.com`,
      name: id,
      department,
      title: 'Engineer',
      roles,
      hiredAt: new Date('2020-01-01T00:00:00Z'),
      managerId: extra.managerId ?? null,
      mentorCapacity: extra.mentorCapacity ?? 0,
      leftAt: extra.leftAt ? new Date(extra.leftAt) : null,
    },
  });
}

/** A candidate in Engineering with a journey in the given stage; returns the journey id. */
async function journeyFor(candidateId: string, stage: string = JourneyStage.AwaitingSubmission, mentorId: string | null = null): Promise<string> {
  const id = `journey:${PROGRAM}:${candidateId}`;
  const at = new Date('2026-01-05T09:00:00Z');
  await db.prisma.journey.create({
    data: { id, programId: PROGRAM, pathwayId: 'portfolio', candidateId, stage, mentorId, enrolledAt: at, updatedAt: at },
  });
  return id;
}

async function candidate(id: string, managerId = 'maya'): Promise<string> {
  await person(id, 'Engineering', ['candidate'], { managerId });
  return journeyFor(id);
}

beforeAll(async () => {
  db = await openDatabase({});
  await db.migrate();
  mentoring = createMentoringActivities({ prisma: db.prisma });
});

afterAll(async () => {
  await db?.close();
});

beforeEach(async () => {
  await resetProgram(db.prisma);
  // Engineering: omar > maya > the candidates. Every one of them could mentor, on paper.
  await person('omar', 'Engineering', ['manager', 'mentor'], { mentorCapacity: 5 });
  await person('maya', 'Engineering', ['manager', 'mentor'], { managerId: 'omar', mentorCapacity: 5 });
});

describe('assignMentor', () => {
  it('never picks the candidate, anyone above them, their direct reports, leavers or people without capacity', async () => {
    await person('alex', 'Engineering', ['candidate', 'mentor'], { managerId: 'maya', mentorCapacity: 5 });
    const journeyId = await journeyFor('alex');
    await person('junior', 'Platform', ['mentor'], { managerId: 'alex', mentorCapacity: 5 });
    await person('gone', 'Security', ['mentor'], { managerId: 'omar', mentorCapacity: 5, leftAt: '2025-12-01T00:00:00Z' });
    await person('zero', 'Data', ['mentor'], { managerId: 'omar', mentorCapacity: 0 });
    await person('not-a-mentor', 'Data', ['assessor'], { managerId: 'omar', mentorCapacity: 5 });

    expect(await mentoring.assignMentor({ journeyId, candidateId: 'alex' })).toBeNull();
    expect((await db.prisma.journey.findUniqueOrThrow({ where: { id: journeyId } })).mentorId).toBeNull();

    await person('zoe', 'Quality', ['mentor'], { managerId: 'omar', mentorCapacity: 1 });
    expect(await mentoring.assignMentor({ journeyId, candidateId: 'alex' })).toEqual({ id: 'zoe', name: 'zoe', email: 'zoe@example.com' });
  });

  it('prefers another department, then the fewest active mentees, then the id', async () => {
    await person('eng-peer', 'Engineering', ['mentor'], { managerId: 'omar', mentorCapacity: 3 });
    await person('plat-b', 'Platform', ['mentor'], { managerId: 'omar', mentorCapacity: 3 });
    await person('data-a', 'Data', ['mentor'], { managerId: 'omar', mentorCapacity: 3 });

    // Both outside Engineering and idle: the id decides.
    const first = await candidate('c1');
    expect((await mentoring.assignMentor({ journeyId: first, candidateId: 'c1' }))?.id).toBe('data-a');
    // data-a now has a mentee, plat-b none.
    const second = await candidate('c2');
    expect((await mentoring.assignMentor({ journeyId: second, candidateId: 'c2' }))?.id).toBe('plat-b');
    // Level again: back to the id order; the idle Engineering peer still comes last.
    const third = await candidate('c3');
    expect((await mentoring.assignMentor({ journeyId: third, candidateId: 'c3' }))?.id).toBe('data-a');
  });

  it('respects capacity, frees it when a mentee certifies or ends, and returns null when everyone is full', async () => {
    await person('plat', 'Platform', ['mentor'], { managerId: 'omar', mentorCapacity: 2 });
    // Already mentoring one live journey and two finished ones, which no longer count.
    await person('busy', 'Sales', ['candidate'], { managerId: 'omar' });
    await journeyFor('busy', JourneyStage.InModeration, 'plat');
    await person('done', 'Sales', ['candidate'], { managerId: 'omar' });
    await journeyFor('done', JourneyStage.Certified, 'plat');
    await person('quit', 'Sales', ['candidate'], { managerId: 'omar' });
    await journeyFor('quit', JourneyStage.Withdrawn, 'plat');

    const j1 = await candidate('c1');
    expect((await mentoring.assignMentor({ journeyId: j1, candidateId: 'c1' }))?.id).toBe('plat');
    // plat is at 2 of 2; nobody else outside the reporting line mentors.
    const j2 = await candidate('c2');
    expect(await mentoring.assignMentor({ journeyId: j2, candidateId: 'c2' })).toBeNull();

    await db.prisma.journey.update({ where: { id: j1 }, data: { stage: JourneyStage.Certified } });
    expect((await mentoring.assignMentor({ journeyId: j2, candidateId: 'c2' }))?.id).toBe('plat');
    expect(await db.prisma.journey.count({ where: { mentorId: 'plat', stage: { notIn: ['certified', 'withdrawn'] } } })).toBe(2);
  });

  it('is retry-safe: a second call returns the mentor already chosen and changes nothing', async () => {
    await person('plat', 'Platform', ['mentor'], { managerId: 'omar', mentorCapacity: 1 });
    await person('data', 'Data', ['mentor'], { managerId: 'omar', mentorCapacity: 1 });
    const journeyId = await candidate('c1');

    const first = await mentoring.assignMentor({ journeyId, candidateId: 'c1' });
    const before = await db.prisma.journey.findMany({ orderBy: { id: 'asc' } });
    // `data` is now full and `plat` idle, yet the retry keeps the first choice.
    const again = await mentoring.assignMentor({ journeyId, candidateId: 'c1' });
    expect(again).toEqual(first);
    expect(first?.id).toBe('data');
    expect(await db.prisma.journey.findMany({ orderBy: { id: 'asc' } })).toEqual(before);
  });

  it('fails non-retryably with NOT_FOUND for an unknown journey', async () => {
    const failure = await failureOf(mentoring.assignMentor({ journeyId: 'journey:nope', candidateId: 'maya' }));
    expect(failure.type).toBe(ErrorCode.NotFound);
    expect(failure.nonRetryable).toBe(true);
  });
});

describe('check-ins, milestones and learning plans', () => {
  it('upserts a check-in by id: a repeat changes nothing, a later write completes it', async () => {
    await person('plat', 'Platform', ['mentor'], { managerId: 'omar', mentorCapacity: 1 });
    const journeyId = await candidate('c1');
    const scheduled = { checkInId: 'ci-1', journeyId, mentorId: 'plat', dueAt: '2026-01-19T09:00:00Z', missed: false };

    await mentoring.recordCheckIn(scheduled);
    await mentoring.recordCheckIn(scheduled);
    const done = { ...scheduled, recordedAt: '2026-01-18T15:00:00Z', progress: 'Drafted the design', blockers: 'none', nextSteps: 'Review' };
    await mentoring.recordCheckIn(done);
    await mentoring.recordCheckIn(done);

    const rows = await db.prisma.checkIn.findMany();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id: 'ci-1', mentorId: 'plat', progress: 'Drafted the design', missed: false });
    expect(rows[0]!.recordedAt?.toISOString()).toBe('2026-01-18T15:00:00.000Z');
  });

  it('keeps the first write of a milestone', async () => {
    const journeyId = await candidate('c1');
    const milestone = { milestoneId: 'm-1', journeyId, key: 'design-review', title: 'Design review passed', awardedAt: '2026-02-01T10:00:00Z', awardedBy: 'maya' };
    await mentoring.recordMilestone({ ...milestone, badge: 'architect' });
    await mentoring.recordMilestone({ ...milestone, title: 'changed on retry?' });
    const rows = await db.prisma.milestone.findMany();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ title: 'Design review passed', badge: 'architect', awardedBy: 'maya' });
  });

  it('stores the learning plan on the journey, and refuses an unknown journey', async () => {
    const journeyId = await candidate('c1');
    const plan = { goals: ['Well-Architected review', 'Cost model'], note: 'Focus on trade-offs', updatedAt: '2026-01-10T00:00:00Z', updatedBy: 'maya' };
    await mentoring.saveLearningPlan({ journeyId, plan });
    await mentoring.saveLearningPlan({ journeyId, plan });
    expect((await db.prisma.journey.findUniqueOrThrow({ where: { id: journeyId } })).learningPlan).toEqual(plan);

    const failure = await failureOf(mentoring.saveLearningPlan({ journeyId: 'journey:nope', plan }));
    expect(failure.type).toBe(ErrorCode.NotFound);
  });
});
