import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReadModelActivities, type JourneyEventInput } from '../../activities/read-model.js';
import { type Database, openDatabase } from '../../prisma/client.js';
import { PROGRAM, resetProgram } from '../harness/activity-fixtures.js';

// The journey row follows its newest event. Found by the demo company's year of history: a mentor's
// check-in reminder (a side task) and the main flow recorded at the same time, the older write landed
// last and moved lastEventSeq back, so the row lagged its workflow for good.

let db: Database;
let readModel: ReturnType<typeof createReadModelActivities>;
const journeyId = `journey:${PROGRAM}:casey`;

beforeAll(async () => {
  db = await openDatabase({});
  await db.migrate();
  await resetProgram(db.prisma);
  await db.prisma.person.create({ data: { id: 'casey', email: 'casey@example.com', name: 'Casey', department: 'Engineering', title: 'Engineer', roles: ['candidate'], hiredAt: new Date('2020-01-01T00:00:00Z') } });
  readModel = createReadModelActivities({ prisma: db.prisma });
});
afterAll(() => db.close());

const event = (seq: number, stage: string, cycle = 1): JourneyEventInput => ({
  eventId: `event-${cycle}-${seq}`,
  journeyId,
  seq,
  type: 'enrolled',
  actorId: null,
  at: new Date(Date.UTC(2026, 0, cycle * 10 + seq)).toISOString(),
  stage: stage as JourneyEventInput['stage'],
  ruleSetId: null,
  data: {} as JourneyEventInput['data'],
  journey: { programId: PROGRAM, pathwayId: 'portfolio', candidateId: 'casey', enrolledAt: '2026-01-01T00:00:00.000Z', cycle, assessorId: null, outcome: null, eligibility: null },
});

describe('recordJourneyEvent', () => {
  it('keeps the newest event when two writes land out of order, and stores both events', async () => {
    await readModel.recordJourneyEvent(event(1, 'enrolled'));
    await readModel.recordJourneyEvent(event(3, 'awaiting_assessment'));
    await readModel.recordJourneyEvent(event(2, 'awaiting_submission'));
    const row = await db.prisma.journey.findUniqueOrThrow({ where: { id: journeyId } });
    expect(row).toMatchObject({ stage: 'awaiting_assessment', lastEventSeq: 3 });
    expect((await db.prisma.journeyEvent.findMany({ where: { journeyId }, orderBy: { seq: 'asc' } })).map((e) => e.seq)).toEqual([1, 2, 3]);
    // A retried write is still recognised and changes nothing.
    expect(await readModel.recordJourneyEvent(event(2, 'awaiting_submission'))).toEqual({ recorded: false });
  });

  it('follows a re-entry, whose new cycle numbers its events from 1 again', async () => {
    await readModel.recordJourneyEvent(event(1, 'enrolled', 2));
    expect(await db.prisma.journey.findUniqueOrThrow({ where: { id: journeyId } })).toMatchObject({ stage: 'enrolled', cycle: 2, lastEventSeq: 1 });
    await readModel.recordJourneyEvent(event(3, 'awaiting_assessment'));
    expect(await db.prisma.journey.findUniqueOrThrow({ where: { id: journeyId } })).toMatchObject({ stage: 'enrolled', cycle: 2, lastEventSeq: 1 });
  });

  it('does not move the last activity for a revocation proposed and not yet confirmed (the holder cannot see it)', async () => {
    const before = await db.prisma.journey.findUniqueOrThrow({ where: { id: journeyId } });
    const proposed = { ...event(2, 'certified', 2), type: 'revocation_proposed', data: { reason: 'Under review.' } } as JourneyEventInput;
    await readModel.recordJourneyEvent(proposed);
    const after = await db.prisma.journey.findUniqueOrThrow({ where: { id: journeyId } });
    expect(after).toMatchObject({ lastEventSeq: 2, stage: 'certified' });
    expect(after.updatedAt).toEqual(before.updatedAt);
    await readModel.recordJourneyEvent({ ...event(3, 'revoked', 2), type: 'credential_revoked', data: { credentialNumber: 'X', reason: 'Under review.' } } as JourneyEventInput);
    expect((await db.prisma.journey.findUniqueOrThrow({ where: { id: journeyId } })).updatedAt).toEqual(new Date(event(3, 'revoked', 2).at));
  });
});
