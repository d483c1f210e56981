import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createPanelActivities } from '../../activities/panel.js';
import { ErrorCode } from '../../domain/errors.js';
import { JourneyStage } from '../../domain/journey.js';
import { type Database, openDatabase } from '../../prisma/client.js';
import { failureOf, PROGRAM, resetProgram } from '../harness/activity-fixtures.js';

let db: Database;
let panels: ReturnType<typeof createPanelActivities>;


async function person(id: string, department: string, roles: string[], extra: { managerId?: string; leftAt?: string } = {}) {
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
      leftAt: extra.leftAt ? new Date(extra.leftAt) : null,
    },
  });
}

const assessor = (id: string, department: string, extra: { leftAt?: string } = {}) => person(id, department, ['assessor'], { managerId: 'omar', ...extra });

/** A candidate reporting to maya, with a journey awaiting assessment; returns the journey id. */
async function candidate(id: string, stage: string = JourneyStage.AwaitingAssessment): Promise<string> {
  await person(id, 'Engineering', ['candidate'], { managerId: 'maya' });
  const journeyId = `journey:${PROGRAM}:${id}`;
  const at = new Date('2026-01-05T09:00:00Z');
  await db.prisma.journey.create({
    data: { id: journeyId, programId: PROGRAM, pathwayId: 'portfolio', candidateId: id, stage, enrolledAt: at, updatedAt: at },
  });
  return journeyId;
}

const ids = (people: { id: string }[]) => people.map((p) => p.id);

async function departmentsOf(people: { id: string }[]): Promise<string[]> {
  const rows = await db.prisma.person.findMany({ where: { id: { in: ids(people) } } });
  return rows.map((row) => row.department).sort();
}

beforeAll(async () => {
  db = await openDatabase({});
  await db.migrate();
  panels = createPanelActivities({ prisma: db.prisma });
});

afterAll(async () => {
  await db?.close();
});

beforeEach(async () => {
  await resetProgram(db.prisma);
  // The candidates' management chain assesses too, which is exactly why it must be skipped.
  await person('omar', 'Engineering', ['manager', 'assessor']);
  await person('maya', 'Engineering', ['manager', 'assessor'], { managerId: 'omar' });
});

describe('selectPanel', () => {
  it('leaves out the candidate, the management chain, the excluded mentor and leavers', async () => {
    const journeyId = await candidate('alex');
    await db.prisma.person.update({ where: { id: 'alex' }, data: { roles: ['candidate', 'assessor'] } });
    await assessor('priya', 'Platform');
    await assessor('lars', 'Security');
    await assessor('gone', 'Data', { leftAt: '2025-11-30T00:00:00Z' });
    await assessor('grace', 'Data');

    const panel = await panels.selectPanel({ journeyId, candidateId: 'alex', size: 2, round: 1, exclude: ['priya'] });
    expect(ids(panel).sort()).toEqual(['grace', 'lars']);
    expect(panel[0]).toEqual({ id: 'grace', name: 'grace', email: 'grace@example.com' });

    const failure = await failureOf(panels.selectPanel({ journeyId: await candidate('sam'), candidateId: 'sam', size: 3, round: 1, exclude: ['priya', 'alex'] }));
    expect(failure.type).toBe(ErrorCode.NotFound);
    expect(failure.nonRetryable).toBe(true);
    expect(failure.message).toContain('Found 2 eligible assessor(s)');
  });

  it('never draws a candidate\'s direct or indirect reports, whatever their department, nor their past mentors', async () => {
    // Maya manages assessors in other departments: a lead in Platform, whose report in Security assesses too.
    const journeyId = `journey:${PROGRAM}:maya`;
    const at = new Date('2026-01-05T09:00:00Z');
    await db.prisma.journey.create({ data: { id: journeyId, programId: PROGRAM, pathwayId: 'portfolio', candidateId: 'maya', stage: JourneyStage.AwaitingAssessment, enrolledAt: at, updatedAt: at } });
    await person('lead', 'Platform', ['assessor'], { managerId: 'maya' });
    await person('sec-report', 'Security', ['assessor'], { managerId: 'lead' });
    await person('data-report', 'Data', ['assessor'], { managerId: 'maya' });
    await assessor('plat-1', 'Platform');
    await assessor('sec-1', 'Security');
    await assessor('data-1', 'Data');
    await assessor('ops-1', 'Operations');
    await assessor('mentor-1', 'Quality');
    // mentor-1 mentored maya on an earlier journey of another program.
    await db.prisma.program.create({ data: { id: 'other', name: 'Other', description: '-', validity: 'P2Y', recertificationWindow: 'P60D', submissionDeadline: 'P90D', approvalLinkTtl: 'P7D' } });
    await db.prisma.pathway.create({ data: { id: 'other-path', programId: 'other', name: 'Other', kind: 'portfolio', description: '-', evidenceFormats: ['written_report'], rubric: {}, eligibilityRuleSetId: 'x@1' } });
    await db.prisma.journey.create({ data: { id: 'journey:other:maya', programId: 'other', pathwayId: 'other-path', candidateId: 'maya', stage: JourneyStage.Certified, mentorId: 'mentor-1', enrolledAt: at, updatedAt: at } });

    const panel = await panels.selectPanel({ journeyId, candidateId: 'maya', size: 4, round: 1, exclude: [] });
    expect(ids(panel).sort()).toEqual(['data-1', 'ops-1', 'plat-1', 'sec-1']);
    const failure = await failureOf(panels.selectPanel({ journeyId, candidateId: 'maya', size: 5, round: 2, exclude: [] }));
    expect(failure.message).toContain('Found 4 eligible assessor(s)');
  });

  it('keeps the candidate\'s teammates (the same manager) off the panel when the program asks, and the replacement draw too', async () => {
    // jordan and kai report to maya, as alex does; with the option, neither may judge alex.
    const journeyId = await candidate('alex');
    await person('jordan', 'Platform', ['assessor'], { managerId: 'maya' });
    await person('kai', 'Security', ['assessor'], { managerId: 'maya' });
    await assessor('plat-1', 'Platform');
    await assessor('sec-1', 'Security');
    await assessor('data-1', 'Data');

    const open = await panels.selectPanel({ journeyId, candidateId: 'alex', size: 2, round: 1, exclude: [] });
    expect(ids(open).some((id) => ['jordan', 'kai'].includes(id))).toBe(true);
    const strict = await panels.selectPanel({ journeyId, candidateId: 'alex', size: 3, round: 2, exclude: [], excludeTeammates: true });
    expect(ids(strict).sort()).toEqual(['data-1', 'plat-1', 'sec-1']);
    // Nobody left without a conflict: the replacement draw says so instead of drawing a teammate.
    expect(await panels.replacePanelMembers({ journeyId, candidateId: 'alex', round: 2, leaving: ['sec-1'], exclude: [], excludeTeammates: true })).toBeNull();
    // Without the option a teammate may step in; the department left empty (Security) is filled first, in the same seat.
    const replaced = await panels.replacePanelMembers({ journeyId, candidateId: 'alex', round: 2, leaving: ['sec-1'], exclude: [] });
    expect(ids(replaced!)).toEqual(ids(strict).map((id) => (id === 'sec-1' ? 'kai' : id)));
    expect((await db.prisma.journey.findUniqueOrThrow({ where: { id: journeyId } })).panel).toEqual(ids(replaced!));
  });

  it('draws one member per department, the candidate\'s own department last', async () => {
    const journeyId = await candidate('alex');
    await assessor('eng-1', 'Engineering');
    await assessor('plat-1', 'Platform');
    await assessor('plat-2', 'Platform');
    await assessor('sec-1', 'Security');
    await assessor('data-1', 'Data');

    const panel = await panels.selectPanel({ journeyId, candidateId: 'alex', size: 3, round: 1, exclude: [] });
    expect(ids(panel)).toEqual(['data-1', 'plat-1', 'sec-1']);

    const everyone = await panels.selectPanel({ journeyId: await candidate('sam'), candidateId: 'sam', size: 4, round: 1, exclude: [] });
    expect(await departmentsOf(everyone)).toEqual(['Data', 'Engineering', 'Platform', 'Security']);
  });

  it('takes a second member from a department only when there are fewer departments than seats', async () => {
    await assessor('data-1', 'Data');
    await assessor('plat-1', 'Platform');
    await assessor('plat-2', 'Platform');
    await assessor('sec-1', 'Security');
    await assessor('sec-2', 'Security');
    // plat-2 sits on another open panel, so the second Security member is lighter.
    await panels.selectPanel({ journeyId: await candidate('busy'), candidateId: 'busy', size: 1, round: 1, exclude: ['data-1', 'plat-1', 'sec-1', 'sec-2'] });

    const panel = await panels.selectPanel({ journeyId: await candidate('alex'), candidateId: 'alex', size: 4, round: 1, exclude: [] });
    expect(ids(panel)).toEqual(['data-1', 'plat-1', 'sec-1', 'sec-2']);
    expect(await departmentsOf(panel)).toEqual(['Data', 'Platform', 'Security', 'Security']);
  });

  it('balances open panels across several journeys and stops counting a journey once it is decided', async () => {
    for (const [id, department] of [['a', 'Data'], ['b', 'Platform'], ['c', 'Security'], ['d', 'Quality']] as const) {
      await assessor(id, department);
    }
    const journeys = [await candidate('c1'), await candidate('c2'), await candidate('c3'), await candidate('c4', JourneyStage.InModeration)];
    const drawn: string[][] = [];
    for (const [i, journeyId] of journeys.entries()) {
      drawn.push(ids(await panels.selectPanel({ journeyId, candidateId: `c${i + 1}`, size: 2, round: 1, exclude: [] })));
    }
    expect(drawn).toEqual([['a', 'b'], ['c', 'd'], ['a', 'b'], ['c', 'd']]);

    const load = async (id: string) =>
      db.prisma.journey.count({ where: { stage: { in: [JourneyStage.AwaitingAssessment, JourneyStage.InModeration] }, panel: { has: id } } });
    expect(await Promise.all(['a', 'b', 'c', 'd'].map(load))).toEqual([2, 2, 2, 2]);

    // c1's assessment is decided: a and b each have one open panel left, c and d two.
    await db.prisma.journey.update({ where: { id: journeys[0]! }, data: { stage: JourneyStage.Certified } });
    const next = await panels.selectPanel({ journeyId: await candidate('c5'), candidateId: 'c5', size: 2, round: 1, exclude: [] });
    expect(ids(next)).toEqual(['a', 'b']);
  });

  it('draws a new panel for a reassessment without the earlier members, and refuses a stale round', async () => {
    const journeyId = await candidate('alex');
    for (const [id, department] of [['a', 'Data'], ['b', 'Platform'], ['c', 'Security'], ['d', 'Quality']] as const) {
      await assessor(id, department);
    }
    const first = ids(await panels.selectPanel({ journeyId, candidateId: 'alex', size: 2, round: 1, exclude: [] }));
    const second = ids(await panels.selectPanel({ journeyId, candidateId: 'alex', size: 2, round: 2, exclude: first }));
    expect(first).toEqual(['a', 'b']);
    expect(second).toEqual(['c', 'd']);
    expect(await db.prisma.journey.findUniqueOrThrow({ where: { id: journeyId } })).toMatchObject({ panel: ['c', 'd'], panelRound: 2 });

    const stale = await failureOf(panels.selectPanel({ journeyId, candidateId: 'alex', size: 2, round: 1, exclude: [] }));
    expect(stale.type).toBe(ErrorCode.NotAllowedInStage);
  });

  it('is retry-safe: the same round returns the stored panel, unchanged, even if the best choice moved', async () => {
    const journeyId = await candidate('alex');
    await assessor('a', 'Data');
    await assessor('b', 'Platform');
    await assessor('c', 'Security');
    const first = await panels.selectPanel({ journeyId, candidateId: 'alex', size: 2, round: 1, exclude: [] });
    const before = await db.prisma.journey.findMany({ orderBy: { id: 'asc' } });

    await assessor('aa', 'Audit'); // would now be drawn first
    const again = await panels.selectPanel({ journeyId, candidateId: 'alex', size: 2, round: 1, exclude: [] });
    expect(again).toEqual(first);
    expect(await db.prisma.journey.findMany({ orderBy: { id: 'asc' } })).toEqual(before);
  });
});

describe('recordPanelScore', () => {
  it('keeps one score sheet per submission, round and assessor; the first one stands', async () => {
    const journeyId = await candidate('alex');
    await assessor('a', 'Data');
    const sheet = {
      panelScoreId: 'ps-1',
      journeyId,
      submissionId: 'sub-1',
      round: 1,
      assessorId: 'a',
      scores: { design: 3, security: 4 },
      comment: 'Solid',
      submittedAt: '2026-02-01T10:00:00Z',
    };
    await panels.recordPanelScore(sheet);
    // A retry with a fresh id (e.g. regenerated by mistake) still hits the same unique key.
    await panels.recordPanelScore({ ...sheet, panelScoreId: 'ps-1-again', scores: { design: 1, security: 1 } });
    await panels.recordPanelScore({ ...sheet, panelScoreId: 'ps-2', round: 2 });

    const rows = await db.prisma.panelScore.findMany({ orderBy: { round: 'asc' } });
    expect(rows.map((row) => [row.id, row.round, row.scores])).toEqual([
      ['ps-1', 1, { design: 3, security: 4 }],
      ['ps-2', 2, { design: 3, security: 4 }],
    ]);
  });
});
