import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROGRAM_ID } from '../../demo/program.js';
import { seedDemoData } from '../../demo/seed.js';
import { ErrorCode } from '../../domain/errors.js';
import { mintDevToken } from '../../http/auth/tokens.js';
import { createGraphQLHandler } from '../../http/graphql.js';
import { type Database, openDatabase } from '../../prisma/client.js';
import { createServices } from '../../services/index.js';
import { CALIBRATION_CRITERIA as CRITERIA, seedCalibrationPanels } from './calibration-fixture.js';

// The calibration report through GraphQL, on the demo people and the twelve panels of
// calibration-fixture.ts (no Temporal): lars deviates by -1 from the other two panel members
// everywhere, each of priya, grace, kenji and nadia by +0.5.

const SECRET = 'calibration-test-secret';

let db: Database;

beforeAll(async () => {
  db = await openDatabase({});
  await db.migrate();
  await seedDemoData(db.prisma, '2026-11-25T09:00:00.000Z');
  await seedCalibrationPanels(db.prisma);
});

afterAll(async () => {
  await db?.close();
});

type Answer = { data?: { calibrationReport: Record<string, unknown> | null } | null; errors?: { extensions?: { code?: string } }[] };

async function ask(personId: string, args = `programId: "${PROGRAM_ID}"`): Promise<Answer> {
  const services = createServices({ prisma: db.prisma, client: undefined as never, taskQueue: 'x' });
  const yoga = createGraphQLHandler({ services, jwtSecret: SECRET, production: true, rateLimit: false });
  const query = `{ calibrationReport(${args}) {
    quarter minUnits minSubmissions resamples
    criteria { criterion suppressed units values alpha lower upper }
    overall { units alpha }
    assessors { assessorId name suppressed submissions comparisons severity agreement }
  } }`;
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${await mintDevToken(SECRET, personId)}` };
  return (await (await yoga.fetch('http://x/graphql', { method: 'POST', headers, body: JSON.stringify({ query }) })).json()) as Answer;
}

describe('calibrationReport', () => {
  it.each(['dana', 'hana'])('answers %s (committee member with a current term, HR)', async (personId) => {
    const result = await ask(personId);
    expect(result.errors).toBeUndefined();
    const report = result.data!.calibrationReport!;
    expect(report).toMatchObject({ quarter: null, minUnits: 10, minSubmissions: 5, resamples: 1000, overall: { units: 48 } });
    for (const row of report.criteria as { criterion: string; suppressed: boolean; units: number; values: number; alpha: number; lower: number; upper: number }[]) {
      expect(row).toMatchObject({ suppressed: false, units: 12, values: 36 });
      expect(row.lower).toBeLessThanOrEqual(row.alpha);
      expect(row.upper).toBeGreaterThanOrEqual(row.alpha);
    }
    expect((report.criteria as { criterion: string }[]).map((c) => c.criterion)).toEqual(CRITERIA);
    expect(report.assessors).toEqual([
      { assessorId: 'grace', name: 'Grace Okafor', suppressed: false, submissions: 6, comparisons: 24, severity: 0.5, agreement: 1 },
      { assessorId: 'kenji', name: 'Kenji Sato', suppressed: false, submissions: 6, comparisons: 24, severity: 0.5, agreement: 1 },
      { assessorId: 'lars', name: 'Lars Berg', suppressed: false, submissions: 12, comparisons: 48, severity: -1, agreement: 1 },
      { assessorId: 'nadia', name: 'Nadia Rahman', suppressed: false, submissions: 6, comparisons: 24, severity: 0.5, agreement: 1 },
      { assessorId: 'priya', name: 'Priya Nair', suppressed: false, submissions: 6, comparisons: 24, severity: 0.5, agreement: 1 },
    ]);
  });

  it('keeps to a quarter, suppressing what is too thin there, and refuses a malformed one', async () => {
    const q3 = await ask('dana', `programId: "${PROGRAM_ID}", quarter: "2026-Q3"`);
    expect(q3.data?.calibrationReport).toMatchObject({ quarter: '2026-Q3', overall: { units: 48 } });
    const q2 = await ask('dana', `programId: "${PROGRAM_ID}", quarter: "2026-Q2"`);
    expect(q2.data?.calibrationReport).toMatchObject({ quarter: '2026-Q2', overall: { units: null, alpha: null }, assessors: [] });
    expect((q2.data!.calibrationReport!.criteria as { suppressed: boolean }[]).every((c) => c.suppressed)).toBe(true);
    const bad = await ask('dana', `programId: "${PROGRAM_ID}", quarter: "2026-Q5"`);
    expect(bad.errors?.[0]?.extensions?.code).toBe(ErrorCode.InvalidInput);
  });

  // A candidate, an assessor (who would see how they compare), a manager, and omar, who keeps the
  // committee role but whose term ended.
  it.each(['alex', 'lars', 'maya', 'omar'])('refuses %s', async (personId) => {
    const result = await ask(personId);
    expect(result.data?.calibrationReport ?? null).toBeNull();
    expect(result.errors?.[0]?.extensions?.code).toBe(ErrorCode.Forbidden);
  });
});
