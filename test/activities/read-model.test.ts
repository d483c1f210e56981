import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReadModelActivities, type JourneyEventInput } from '../../activities/read-model.js';
import { type Database, openDatabase } from '../../prisma/client.js';
import { PROGRAM, resetProgram } from '../harness/activity-fixtures.js';
import { startPostgres, type TestPostgres } from '../harness/postgres.js';

// The journey row follows its newest event. Found by the demo company's year of history: a mentor's
// check-in reminder (a side task) and the main flow recorded at the same time, the older write landed
// last and moved lastEventSeq back, so the row lagged its workflow for good. The write is one SQL
// statement, so it runs on both databases: PGlite and a PostgreSQL server, where concurrent writes
// really overlap.

describe.each(['pglite', 'postgres'] as const)('recordJourneyEvent on %s', (kind) => {
  let postgres: TestPostgres | undefined;
  let db: Database;
  let readModel: ReturnType<typeof createReadModelActivities>;
  const journeyId = `journey:${PROGRAM}:casey`;

  beforeAll(async () => {
    // Sessions in a zone other than UTC, with summer time: the timestamps written must still be UTC.
    if (kind === 'postgres') {
      postgres = await startPostgres();
      const admin = new pg.Client({ connectionString: postgres.url });
      await admin.connect();
      await admin.query(`ALTER DATABASE "${new URL(postgres.url).pathname.slice(1)}" SET timezone = 'Europe/Berlin'`);
      await admin.end();
    }
    db = await openDatabase(postgres ? { url: postgres.url } : {});
    if (kind === 'pglite') await db.prisma.$executeRawUnsafe(`SET TIME ZONE 'Europe/Berlin'`);
    expect(await db.prisma.$queryRawUnsafe('SHOW timezone')).toEqual([{ TimeZone: 'Europe/Berlin' }]);
    await db.migrate();
    await resetProgram(db.prisma);
    for (const id of ['casey', 'casey-fields', 'casey-race']) {
      await db.prisma.person.create({ data: { id, email: `${id}@example.com`, name: id, department: 'Engineering', title: 'Engineer', roles: ['candidate'], hiredAt: new Date('2020-01-01T00:00:00Z') } });
    }
    readModel = createReadModelActivities({ prisma: db.prisma });
  });
  afterAll(async () => {
    await db?.close();
    await postgres?.stop();
  });

  const event = (seq: number, stage: string, cycle = 1, candidateId = 'casey'): JourneyEventInput => ({
    eventId: `${candidateId}:event-${cycle}-${seq}`,
    journeyId: `journey:${PROGRAM}:${candidateId}`,
    seq,
    type: 'enrolled',
    actorId: null,
    at: new Date(Date.UTC(2026, 0, cycle * 10 + seq)).toISOString(),
    stage: stage as JourneyEventInput['stage'],
    ruleSetId: null,
    data: {} as JourneyEventInput['data'],
    journey: { programId: PROGRAM, pathwayId: 'portfolio', candidateId, enrolledAt: '2026-01-01T00:00:00.000Z', cycle, assessorId: null, outcome: null, eligibility: null },
  });

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

  it('stores every field of the event and the journey as given, to the millisecond and in UTC', async () => {
    const candidate = 'casey-fields';
    const id = `journey:${PROGRAM}:${candidate}`;
    const first: JourneyEventInput = {
      ...event(1, 'awaiting_assessment', 1, candidate),
      type: 'evidence_submitted',
      actorId: 'casey',
      at: '2026-03-29T01:30:15.123Z',
      ruleSetId: `${PROGRAM}.eligibility@2`,
      data: { submissionId: 's1', format: 'video', title: 'It\'s "quoted" and \u00e9', contentHash: 'abc' },
      journey: {
        ...event(1, 'x', 1, candidate).journey,
        enrolledAt: '2026-03-01T23:59:59.999Z',
        assessorId: 'ash',
        outcome: null,
        eligibility: { eligible: true, reasons: [] } as unknown as JourneyEventInput['journey']['eligibility'],
        cohortId: null,
        mentorId: 'morgan',
        panel: ['ash', 'blake'],
        panelRound: 2,
        pausedAt: '2026-03-15T12:00:00.500Z',
        endReason: null,
      },
    };
    expect(await readModel.recordJourneyEvent(first)).toEqual({ recorded: true });
    expect(await db.prisma.journeyEvent.findUniqueOrThrow({ where: { id: first.eventId } })).toEqual({
      id: first.eventId,
      journeyId: id,
      seq: 1,
      type: 'evidence_submitted',
      actorId: 'casey',
      at: new Date('2026-03-29T01:30:15.123Z'),
      stage: 'awaiting_assessment',
      ruleSetId: `${PROGRAM}.eligibility@2`,
      data: { submissionId: 's1', format: 'video', title: 'It\'s "quoted" and \u00e9', contentHash: 'abc' },
    });
    expect(await db.prisma.journey.findUniqueOrThrow({ where: { id } })).toMatchObject({
      programId: PROGRAM,
      pathwayId: 'portfolio',
      candidateId: candidate,
      stage: 'awaiting_assessment',
      cycle: 1,
      ruleSetId: `${PROGRAM}.eligibility@2`,
      eligibility: { eligible: true, reasons: [] },
      assessorId: 'ash',
      panel: ['ash', 'blake'],
      panelRound: 2,
      mentorId: 'morgan',
      cohortId: null,
      pausedAt: new Date('2026-03-15T12:00:00.500Z'),
      endReason: null,
      outcome: null,
      enrolledAt: new Date('2026-03-01T23:59:59.999Z'),
      updatedAt: new Date('2026-03-29T01:30:15.123Z'),
      lastEventSeq: 1,
    });

    // An event from an older journey version carries no optional fields, and no eligibility result:
    // the row keeps what it holds for those, and takes the rest.
    const older: JourneyEventInput = { ...event(2, 'certified', 1, candidate), at: '2026-04-01T00:00:00.000Z', journey: { ...event(2, 'x', 1, candidate).journey, outcome: 'passed' } };
    await readModel.recordJourneyEvent(older);
    expect(await db.prisma.journey.findUniqueOrThrow({ where: { id } })).toMatchObject({
      stage: 'certified',
      outcome: 'passed',
      assessorId: null,
      eligibility: { eligible: true, reasons: [] },
      mentorId: 'morgan',
      panel: ['ash', 'blake'],
      panelRound: 2,
      pausedAt: new Date('2026-03-15T12:00:00.500Z'),
      enrolledAt: new Date('2026-01-01T00:00:00.000Z'),
      updatedAt: new Date('2026-04-01T00:00:00.000Z'),
      lastEventSeq: 2,
    });
  });

  it('records an event once when the same write arrives several times at once (a retry racing its first attempt)', async () => {
    const candidate = 'casey-race';
    const id = `journey:${PROGRAM}:${candidate}`;
    const results = await Promise.all(Array.from({ length: 6 }, () => readModel.recordJourneyEvent(event(1, 'enrolled', 1, candidate))));
    expect(results.filter((r) => r.recorded)).toHaveLength(1);
    expect(await db.prisma.journeyEvent.count({ where: { journeyId: id } })).toBe(1);
    // And out-of-order writes racing each other still leave the newest on the row.
    await Promise.all([5, 2, 4, 3].map((seq) => readModel.recordJourneyEvent(event(seq, `stage-${seq}`, 1, candidate))));
    expect(await db.prisma.journey.findUniqueOrThrow({ where: { id } })).toMatchObject({ stage: 'stage-5', lastEventSeq: 5 });
    expect(await db.prisma.journeyEvent.count({ where: { journeyId: id } })).toBe(5);
  });

  it('refuses an event whose journey cannot exist (an unknown program), writing nothing', async () => {
    const id = `journey:nowhere:casey`;
    const orphan: JourneyEventInput = { ...event(1, 'enrolled'), eventId: 'orphan', journeyId: id, journey: { ...event(1, 'x').journey, programId: 'nowhere' } };
    await expect(readModel.recordJourneyEvent(orphan)).rejects.toThrow();
    expect(await db.prisma.journeyEvent.count({ where: { journeyId: id } })).toBe(0);
  });
});
