import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureQuarterlyReportSchedule, ensureSurveyDispatchSchedule } from '../../scripts/report-schedule.js';
import { createDevServerEnv } from '../harness/temporal.js';

// The schedules against a real Temporal dev server (the time-skipping test server has no schedules):
// created once, brought up to date on every later start, with the specified calendar and overlap policy.

let env: TestWorkflowEnvironment;

beforeAll(async () => {
  env = await createDevServerEnv();
});

afterAll(async () => {
  await env?.teardown();
});

describe('report schedules', () => {
  it('creates one quarterly schedule per program, first day of each quarter at 06:00 UTC, overlap skip', async () => {
    const config = { TEMPORAL_TASK_QUEUE: 'reports-test' };
    expect(await ensureQuarterlyReportSchedule(env.client, config, ['prog-a'])).toEqual({ 'prog-a': 'created' });
    expect(await ensureQuarterlyReportSchedule(env.client, config, ['prog-a'])).toEqual({ 'prog-a': 'updated' });

    const schedule = await env.client.schedule.getHandle('quarterly-report:prog-a').describe();
    expect(schedule.policies.overlap).toBe('SKIP');
    expect(schedule.action).toMatchObject({ type: 'startWorkflow', workflowType: 'quarterlyReportWorkflow', taskQueue: 'reports-test', args: [{ version: 1, programId: 'prog-a', requestedBy: 'schedule' }] });
    const calendar = schedule.spec.calendars?.[0];
    expect(calendar).toMatchObject({ dayOfMonth: [{ start: 1, end: 1, step: 1 }], hour: [{ start: 6, end: 6, step: 1 }], minute: [{ start: 0, end: 0, step: 1 }] });
    expect(calendar?.month).toEqual(['JANUARY', 'APRIL', 'JULY', 'OCTOBER'].map((m) => ({ start: m, end: m, step: 1 })));
    const next = schedule.info.nextActionTimes.map((d) => d.toISOString());
    for (const at of next) expect(at).toMatch(/^\d{4}-(01|04|07|10)-01T06:00:00\.000Z$/);

    expect(await ensureSurveyDispatchSchedule(env.client, config)).toBe('created');
    expect((await env.client.schedule.getHandle('survey-dispatch').describe()).policies.overlap).toBe('SKIP');
  });
});
