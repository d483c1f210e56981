import { ApplicationFailure } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJourneyContextActivities } from '../../activities/journey-context.js';
import { DEMO_PROGRAM_FILES, readDemoProgram, rubric } from '../../demo/program.js';
import { writeProgramVersion } from '../../services/programs/materialise.js';
import { seedDemoData } from '../../demo/seed.js';
import { ErrorCode } from '../../domain/errors.js';
import { type Database, openDatabase } from '../../prisma/client.js';

// The snapshot a journey keeps for its whole cycle, loaded from the seeded demo program.

const PROGRAM_ID = 'cloud-architecture-practitioner';

let db: Database;
let activities: ReturnType<typeof createJourneyContextActivities>;

beforeAll(async () => {
  db = await openDatabase({});
  await db.migrate();
  await seedDemoData(db.prisma, '2026-11-25T09:00:00.000Z');
  activities = createJourneyContextActivities({ prisma: db.prisma });
});

afterAll(async () => {
  await db?.close();
});

async function failureOf(promise: Promise<unknown>): Promise<ApplicationFailure> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApplicationFailure);
  return error as ApplicationFailure;
}

describe('loadJourneyContext', () => {
  it("snapshots the program's timing and panel rules, the chosen pathway, every pathway, the candidate and manager", async () => {
    const context = await activities.loadJourneyContext({ programId: PROGRAM_ID, pathwayId: 'cap-portfolio', candidateId: 'alex' });
    expect(context.program).toEqual({
      id: PROGRAM_ID,
      name: 'Cloud Architecture Practitioner',
      // The published program version the terms come from.
      version: 1,
      validity: 'P2Y',
      recertificationWindow: 'P60D',
      submissionDeadline: 'P90D',
      approvalLinkTtl: 'P7D',
      recertificationReminders: ['P60D', 'P30D', 'P7D'],
      gracePeriod: 'P14D',
      checkInCadence: 'P14D',
      checkInReminder: 'P2D',
      submissionReminders: ['P14D', 'P3D'],
      appealWindow: 'P14D',
      maxResubmissions: 1,
      panelSize: 3,
      moderationSpread: 1,
      appealReviewers: 2,
      recertificationRuleSetId: `${PROGRAM_ID}.recertification@1`,
      // The re-certification pathway: the holder's pathway's formats, one assessor.
      recertificationEvidenceFormats: null,
      recertificationAssessors: 1,
    });
    const portfolio = {
      id: 'cap-portfolio',
      name: 'Portfolio',
      evidenceFormats: ['written_report', 'video'],
      rubric,
      eligibilityRuleSetId: `${PROGRAM_ID}.eligibility@1`,
    };
    expect(context.pathway).toEqual(portfolio);
    expect(context.pathways?.map((p) => [p.id, p.evidenceFormats])).toEqual([
      ['cap-coursework', ['written_report']],
      ['cap-live-demo', ['live_demonstration']],
      ['cap-portfolio', ['written_report', 'video']],
    ]);
    expect(context.pathways?.find((p) => p.id === 'cap-portfolio')).toEqual(portfolio);
    expect(context.pathways?.every((p) => p.rubric.criteria.every((c) => c.competency === c.key))).toBe(true);
    expect(context.candidate).toEqual({ id: 'alex', name: 'Alex Kim', email: 'alex@example.com' });
    expect(context.manager).toEqual({ id: 'maya', name: 'Maya Chen', email: 'maya@example.com' });
  });

  it("carries the program's panel options and response times from the version published, and drops them when a later version does", async () => {
    const document = readDemoProgram(DEMO_PROGRAM_FILES[0]!);
    const ruleSetId = (key: string) => `${key}@1`;
    const responseTimes = { scoring: 'P10D', reminder: 'P2D' };
    await db.prisma.$transaction((tx) =>
      writeProgramVersion(tx, { ...document, version: 2, panel: { ...document.panel, anonymised: true, excludeTeammates: true }, responseTimes }, ruleSetId, new Date()),
    );
    const withOptions = await activities.loadJourneyContext({ programId: PROGRAM_ID, pathwayId: 'cap-portfolio', candidateId: 'alex' });
    expect(withOptions.program).toMatchObject({ version: 2, anonymisedAssessment: true, excludeTeammates: true, responseTimes });

    await db.prisma.$transaction((tx) => writeProgramVersion(tx, { ...document, version: 3 }, ruleSetId, new Date()));
    const without = await activities.loadJourneyContext({ programId: PROGRAM_ID, pathwayId: 'cap-portfolio', candidateId: 'alex' });
    expect(without.program.version).toBe(3);
    expect(without.program).not.toHaveProperty('anonymisedAssessment');
    expect(without.program).not.toHaveProperty('excludeTeammates');
    expect(without.program).not.toHaveProperty('responseTimes');
  });

  it('is plain JSON, so it survives the trip through workflow history unchanged', async () => {
    const context = await activities.loadJourneyContext({ programId: PROGRAM_ID, pathwayId: 'cap-live-demo', candidateId: 'jordan' });
    expect(JSON.parse(JSON.stringify(context))).toEqual(context);
    expect(context.pathway.evidenceFormats).toEqual(['live_demonstration']);
  });

  it('has no manager for a candidate who reports to nobody', async () => {
    await db.prisma.person.create({ data: { id: 'top-of-tree', email: 'top@example.com', name: 'Top Of Tree', department: 'Board', title: 'Chair', roles: ['candidate'], managerId: null } });
    const context = await activities.loadJourneyContext({ programId: PROGRAM_ID, pathwayId: 'cap-portfolio', candidateId: 'top-of-tree' });
    expect(context.candidate).toEqual({ id: 'top-of-tree', name: 'Top Of Tree', email: 'top@example.com' });
    expect(context.manager).toBeNull();
  });

  it('fails without retrying for a pathway of another program or an unknown person', async () => {
    const wrongProgram = await failureOf(
      activities.loadJourneyContext({ programId: 'other-program', pathwayId: 'cap-portfolio', candidateId: 'alex' }),
    );
    expect(wrongProgram).toMatchObject({ type: ErrorCode.NotFound, nonRetryable: true });
    const nobody = await failureOf(
      activities.loadJourneyContext({ programId: PROGRAM_ID, pathwayId: 'cap-portfolio', candidateId: 'nobody' }),
    );
    expect(nobody).toMatchObject({ type: ErrorCode.NotFound, nonRetryable: true });
  });
});
