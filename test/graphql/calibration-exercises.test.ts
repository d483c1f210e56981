import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROGRAM_ID } from '../../demo/program.js';
import { seedDemoData } from '../../demo/seed.js';
import { mintDevToken } from '../../http/auth/tokens.js';
import { createGraphQLHandler } from '../../http/graphql.js';
import { type Database, openDatabase } from '../../prisma/client.js';
import { createServices } from '../../services/index.js';
import { seedCalibrationPanels } from './calibration-fixture.js';

// Calibration exercises through GraphQL, on the demo people (no Temporal): dana (committee, current term)
// sets a benchmark with a reference, lars, grace and kenji score it, and each sees how they compare only
// after scoring; nothing of it reaches a journey or the calibration report of real panels.
//
//   criterion             reference  lars  grace  kenji
//   architecture-design   4          2     3      4
//   security              3          2     3      3
//   cost-optimisation     3          2     3      3
//   communication         3          2     3      3
//
// lars against the other two: -1.5, -1, -1, -1, severity -1.125; none of his levels is the reference.
// Means over the three sheets: 9/3 = 3 on architecture-design, 8/3 = 2.667 on the others.
// Pairs of assessors agreeing: none of three on architecture-design, one of three (grace, kenji) elsewhere.
// Alpha (ordinal) over the four criteria as units, worked by hand from the coincidence matrix:
//   o(2,3) = o(3,2) = 3.5, o(3,3) = 3, o(2,4) = o(4,2) = o(3,4) = o(4,3) = 0.5; n2 = 4, n3 = 7, n4 = 1, n = 12
//   δ²(2,3) = 5.5² = 30.25, δ²(3,4) = 4² = 16, δ²(2,4) = 9.5² = 90.25
//   observed Σ o·δ² = 318, expected Σ n·n·δ² = 2640, alpha = 1 - 11 · 318 / 2640 = -0.325

const SECRET = 'calibration-exercises-test-secret';
const CRITERIA = ['architecture-design', 'security', 'cost-optimisation', 'communication'];
const levels = (values: number[]) => CRITERIA.map((criterion, i) => ({ criterion, level: values[i]! }));
let db: Database;
let yoga: ReturnType<typeof createGraphQLHandler>;
let exerciseId: string;

type Answer = { data?: Record<string, Record<string, unknown> | null> | null; errors?: { message: string; extensions?: { code?: string } }[] };

async function ask(personId: string, query: string, variables: Record<string, unknown> = {}): Promise<Answer> {
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${await mintDevToken(SECRET, personId)}` };
  return (await (await yoga.fetch('http://x/graphql', { method: 'POST', headers, body: JSON.stringify({ query, variables }) })).json()) as Answer;
}

const CREATE = `mutation($input: CreateCalibrationExerciseInput!) { createCalibrationExercise(input: $input) {
  __typename ... on CertiflowError { code path } ... on MutationCreateCalibrationExerciseSuccess { data { id open programVersion rubric { criteria { key } } } } } }`;
const SUBMIT = `mutation($input: SubmitCalibrationScoresInput!) { submitCalibrationScores(input: $input) {
  __typename ... on CertiflowError { code path message } ... on MutationSubmitCalibrationScoresSuccess { data { id } } } }`;
const MINE = `query($id: ID!) { calibrationExercise(id: $id) { title content scoredByMe summary { sheets }
  myComparison { sheets heldBack severity matchesReference criteria { criterion mine reference mean othersMean deviation distribution { level count } } } } }`;
const REPORT = `{ calibrationReport(programId: "${PROGRAM_ID}") { overall { units alpha } assessors { assessorId severity } } }`;

const submit = (personId: string, values: number[], id = exerciseId) => ask(personId, SUBMIT, { input: { exerciseId: id, scores: levels(values), comment: 'Scored against the published descriptors.' } });
const payload = (answer: Answer, field: string) => answer.data?.[field] as { __typename: string; code?: string; path?: string; data?: { id: string } };

beforeAll(async () => {
  db = await openDatabase({});
  await db.migrate();
  await seedDemoData(db.prisma, '2026-11-25T09:00:00.000Z');
  await seedCalibrationPanels(db.prisma);
  const services = createServices({ prisma: db.prisma, client: undefined as never, taskQueue: 'x' });
  yoga = createGraphQLHandler({ services, jwtSecret: SECRET, production: true, rateLimit: false });
});

afterAll(async () => {
  await db?.close();
});

describe('calibration exercises', () => {
  const input = {
    programId: PROGRAM_ID,
    pathwayId: 'cap-portfolio',
    title: 'Landing zone for a payments team',
    format: 'written_report',
    content: 'A landing-zone design for a payments team: accounts, network segmentation, guardrails and a cost model.',
    reference: levels([4, 3, 3, 3]),
  };

  it('are set by the committee or HR only, with the rubric checked', async () => {
    for (const personId of ['alex', 'lars']) expect(payload(await ask(personId, CREATE, { input }), 'createCalibrationExercise')).toMatchObject({ code: 'FORBIDDEN' });
    expect(payload(await ask('dana', CREATE, { input: { ...input, reference: levels([9, 3, 3, 3]) } }), 'createCalibrationExercise')).toMatchObject({ code: 'INVALID_INPUT', path: 'reference.architecture-design' });
    expect(payload(await ask('dana', CREATE, { input: { ...input, format: 'interpretive_dance' } }), 'createCalibrationExercise')).toMatchObject({ code: 'INVALID_INPUT', path: 'format' });
    expect(payload(await ask('dana', CREATE, { input: { ...input, pathwayId: 'fac-practice' } }), 'createCalibrationExercise')).toMatchObject({ code: 'INVALID_INPUT', path: 'pathwayId' });
    const created = payload(await ask('dana', CREATE, { input }), 'createCalibrationExercise');
    expect(created).toMatchObject({ __typename: 'MutationCreateCalibrationExerciseSuccess', data: { open: true, rubric: { criteria: CRITERIA.map((key) => ({ key })) } } });
    exerciseId = created.data!.id;
    // The rubric comes from the version the program is on, and says so.
    const program = await db.prisma.program.findUniqueOrThrow({ where: { id: PROGRAM_ID }, select: { currentVersion: true } });
    expect((created.data as unknown as { programVersion: number | null }).programVersion).toBe(program.currentVersion);
  });

  it('show an assessor nothing of the others until they have scored, then how they compare; a sheet is given once', async () => {
    const report = await ask('dana', REPORT);
    const journeyRows = await Promise.all([db.prisma.journey.count(), db.prisma.assessment.count(), db.prisma.panelScore.count()]);

    const before = (await ask('lars', MINE, { id: exerciseId })).data!.calibrationExercise!;
    expect(before).toMatchObject({ title: input.title, content: input.content, scoredByMe: false, myComparison: null, summary: null });
    expect(payload(await submit('lars', [2, 2, 2, 2]), 'submitCalibrationScores').__typename).toBe('MutationSubmitCalibrationScoresSuccess');
    // One sheet in: his own levels and the reference, nothing of anyone else.
    const alone = (await ask('lars', MINE, { id: exerciseId })).data!.calibrationExercise!.myComparison as { sheets: number; severity: null; criteria: Record<string, unknown>[] };
    expect(alone).toMatchObject({ sheets: 1, heldBack: true, severity: null, matchesReference: 0 });
    expect(alone.criteria[0]).toEqual({ criterion: 'architecture-design', mine: 2, reference: 4, mean: null, othersMean: null, deviation: null, distribution: null });
    expect(payload(await submit('lars', [3, 3, 3, 3]), 'submitCalibrationScores')).toMatchObject({ code: 'CONFLICT' });

    expect(payload(await submit('grace', [3, 3, 3, 3]), 'submitCalibrationScores').__typename).toBe('MutationSubmitCalibrationScoresSuccess');
    // Two sheets: the distribution would be grace's sheet, so it is still held back.
    expect(((await ask('lars', MINE, { id: exerciseId })).data!.calibrationExercise!.myComparison as { criteria: { distribution: unknown }[] }).criteria[0]!.distribution).toBeNull();
    expect(payload(await submit('kenji', [4, 3, 3, 3]), 'submitCalibrationScores').__typename).toBe('MutationSubmitCalibrationScoresSuccess');
    // Three sheets are in, but priya has not scored: she still sees nothing of them.
    expect((await ask('priya', MINE, { id: exerciseId })).data!.calibrationExercise).toMatchObject({ scoredByMe: false, myComparison: null, summary: null });

    const compared = (await ask('lars', MINE, { id: exerciseId })).data!.calibrationExercise!;
    expect(compared.summary).toBeNull();
    expect(compared.myComparison).toEqual({
      sheets: 3,
      heldBack: false,
      severity: -1.125,
      matchesReference: 0,
      criteria: [
        { criterion: 'architecture-design', mine: 2, reference: 4, mean: 3, othersMean: 3.5, deviation: -1.5, distribution: [{ level: 1, count: 0 }, { level: 2, count: 1 }, { level: 3, count: 1 }, { level: 4, count: 1 }] },
        { criterion: 'security', mine: 2, reference: 3, mean: 2.667, othersMean: 3, deviation: -1, distribution: [{ level: 1, count: 0 }, { level: 2, count: 1 }, { level: 3, count: 2 }, { level: 4, count: 0 }] },
        { criterion: 'cost-optimisation', mine: 2, reference: 3, mean: 2.667, othersMean: 3, deviation: -1, distribution: [{ level: 1, count: 0 }, { level: 2, count: 1 }, { level: 3, count: 2 }, { level: 4, count: 0 }] },
        { criterion: 'communication', mine: 2, reference: 3, mean: 2.667, othersMean: 3, deviation: -1, distribution: [{ level: 1, count: 0 }, { level: 2, count: 1 }, { level: 3, count: 2 }, { level: 4, count: 0 }] },
      ],
    });
    // Nobody else is named to an assessor: no field of theirs carries another assessor's id or comment.
    expect(JSON.stringify(compared)).not.toMatch(/grace|kenji/);

    // No candidate is touched: no journey, assessment or panel score, and the real panels' report is as it was.
    expect(await Promise.all([db.prisma.journey.count(), db.prisma.assessment.count(), db.prisma.panelScore.count()])).toEqual(journeyRows);
    expect(await ask('dana', REPORT)).toEqual(report);
  });

  it('refuses a sheet from anyone but an assessor, and one off the scale, naming the field', async () => {
    expect(payload(await submit('alex', [3, 3, 3, 3]), 'submitCalibrationScores')).toMatchObject({ code: 'FORBIDDEN' });
    expect(payload(await submit('priya', [3, 3, 3, 7]), 'submitCalibrationScores')).toMatchObject({ code: 'INVALID_INPUT', path: 'scores.communication' });
    expect(payload(await ask('priya', SUBMIT, { input: { exerciseId, scores: levels([3, 3, 3, 3]).slice(1) } }), 'submitCalibrationScores')).toMatchObject({ code: 'INVALID_INPUT', path: 'scores.architecture-design' });
    // A criterion given twice is refused by name, never kept at one of its two levels.
    const twice = [...levels([3, 3, 3, 3]), { criterion: 'security', level: 1 }];
    expect(payload(await ask('priya', SUBMIT, { input: { exerciseId, scores: twice } }), 'submitCalibrationScores')).toMatchObject({ code: 'INVALID_INPUT', path: 'scores.security' });
    expect(await db.prisma.calibrationSheet.count({ where: { exerciseId, assessorId: { in: ['alex', 'priya'] } } })).toBe(0);
    // Someone who is neither assessor nor committee reads no exercise at all.
    expect((await ask('alex', MINE, { id: exerciseId })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('give the committee every sheet by name, and take no sheet once closed', async () => {
    const summary = (await ask('dana', `query($id: ID!) { calibrationExercise(id: $id) { summary { sheets alpha
      criteria { criterion mean min max reference agreement distribution { level count } }
      assessors { assessor { id } severity matchesReference comment deviations { criterion level deviation } } } } }`, { id: exerciseId })).data!.calibrationExercise!.summary as {
      sheets: number;
      alpha: number;
      criteria: { criterion: string; mean: number }[];
      assessors: { assessor: { id: string }; severity: number; matchesReference: number; comment: string; deviations: { deviation: number }[] }[];
    };
    expect(summary.sheets).toBe(3);
    expect(summary.alpha).toBe(-0.325);
    expect(summary.criteria[0]).toEqual({
      criterion: 'architecture-design', mean: 3, min: 2, max: 4, reference: 4, agreement: 0,
      distribution: [{ level: 1, count: 0 }, { level: 2, count: 1 }, { level: 3, count: 1 }, { level: 4, count: 1 }],
    });
    expect(summary.criteria[1]).toMatchObject({ criterion: 'security', mean: 2.667, agreement: 0.333 });
    expect(summary.assessors.map((a) => [a.assessor.id, a.severity, a.matchesReference, a.deviations.map((d) => d.deviation)])).toEqual([
      ['lars', -1.125, 0, [-1.5, -1, -1, -1]],
      ['grace', 0.375, 3, [0, 0.5, 0.5, 0.5]],
      ['kenji', 0.75, 4, [1.5, 0.5, 0.5, 0.5]],
    ]);
    expect(summary.assessors[0]!.comment).toBe('Scored against the published descriptors.');

    // A later change to the pathway's rubric does not reach the exercise: it scored the snapshot.
    const pathway = await db.prisma.pathway.findUniqueOrThrow({ where: { id: 'cap-portfolio' }, select: { rubric: true } });
    const fewer = { ...(pathway.rubric as { criteria: unknown[] }), criteria: (pathway.rubric as { criteria: unknown[] }).criteria.slice(0, 2) };
    await db.prisma.pathway.update({ where: { id: 'cap-portfolio' }, data: { rubric: fewer as object } });
    const rubric = `query($id: ID!) { calibrationExercise(id: $id) { rubric { criteria { key } } } }`;
    expect((await ask('dana', rubric, { id: exerciseId })).data!.calibrationExercise).toEqual({ rubric: { criteria: CRITERIA.map((key) => ({ key })) } });
    await db.prisma.pathway.update({ where: { id: 'cap-portfolio' }, data: { rubric: pathway.rubric as object } });

    const close = `mutation($id: ID!) { closeCalibrationExercise(exerciseId: $id) { __typename ... on CertiflowError { code } ... on MutationCloseCalibrationExerciseSuccess { data { open } } } }`;
    expect(payload(await ask('lars', close, { id: exerciseId }), 'closeCalibrationExercise')).toMatchObject({ code: 'FORBIDDEN' });
    expect(payload(await ask('dana', close, { id: exerciseId }), 'closeCalibrationExercise')).toMatchObject({ data: { open: false } });
    expect(payload(await ask('dana', close, { id: exerciseId }), 'closeCalibrationExercise')).toMatchObject({ code: 'NOT_ALLOWED_IN_STAGE' });
    expect(payload(await submit('nadia', [3, 3, 3, 3]), 'submitCalibrationScores')).toMatchObject({ code: 'NOT_ALLOWED_IN_STAGE' });
  });
});
