import { type Client, ScheduleAlreadyRunning, type ScheduleOptions, type ScheduleOptionsStartWorkflowAction } from '@temporalio/client';
import type { Config } from '../config/index.js';
import type { quarterlyReportWorkflow, surveyDispatchWorkflow } from '../workflows/reports/index.js';

// Temporal Schedules for the program-level jobs. Idempotent: called at every start (dev and worker), it
// creates a missing schedule or brings an existing one up to date with this code.

export type ScheduleConfig = Pick<Config, 'TEMPORAL_TASK_QUEUE'>;

export const quarterlyReportScheduleId = (programId: string) => `quarterly-report:${programId}`;
export const SURVEY_DISPATCH_SCHEDULE_ID = 'survey-dispatch';

async function ensureSchedule(client: Client, options: ScheduleOptions): Promise<'created' | 'updated'> {
  try {
    await client.schedule.create(options);
    return 'created';
  } catch (error) {
    if (!(error instanceof ScheduleAlreadyRunning)) throw error;
    await client.schedule.getHandle(options.scheduleId).update((previous) => ({
      ...previous,
      spec: options.spec,
      action: options.action as ScheduleOptionsStartWorkflowAction<typeof quarterlyReportWorkflow>,
      policies: { ...previous.policies, ...options.policies },
    }));
    return 'updated';
  }
}

/**
 * One schedule per program: the first day of each quarter at 06:00 UTC, for the quarter just ended. A run
 * still going when the next is due is skipped rather than stacked.
 */
export async function ensureQuarterlyReportSchedule(client: Client, config: ScheduleConfig, programIds: readonly string[]): Promise<Record<string, 'created' | 'updated'>> {
  const results: Record<string, 'created' | 'updated'> = {};
  for (const programId of programIds) {
    results[programId] = await ensureSchedule(client, {
      scheduleId: quarterlyReportScheduleId(programId),
      // Calendar specs are in UTC unless a time zone is given.
      spec: { calendars: [{ comment: 'first day of each quarter', month: ['JANUARY', 'APRIL', 'JULY', 'OCTOBER'], dayOfMonth: 1, hour: 6, minute: 0 }] },
      action: {
        type: 'startWorkflow',
        workflowType: 'quarterlyReportWorkflow',
        workflowId: quarterlyReportScheduleId(programId),
        taskQueue: config.TEMPORAL_TASK_QUEUE,
        args: [{ version: 1, programId, requestedBy: 'schedule' }] satisfies Parameters<typeof quarterlyReportWorkflow>,
      },
      policies: { overlap: 'SKIP', catchupWindow: '1 day' },
    });
  }
  return results;
}

/** The satisfaction-survey sweeper, every hour at minute 15. */
export function ensureSurveyDispatchSchedule(client: Client, config: ScheduleConfig): Promise<'created' | 'updated'> {
  return ensureSchedule(client, {
    scheduleId: SURVEY_DISPATCH_SCHEDULE_ID,
    spec: { calendars: [{ comment: 'hourly', hour: '*', minute: 15 }] },
    action: {
      type: 'startWorkflow',
      workflowType: 'surveyDispatchWorkflow',
      workflowId: SURVEY_DISPATCH_SCHEDULE_ID,
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      args: [{ version: 1 }] satisfies Parameters<typeof surveyDispatchWorkflow>,
    },
    policies: { overlap: 'SKIP' },
  });
}

/** Rule-set review reminders for the committee, every day at 07:00 UTC. */
export function ensureRuleReviewReminderSchedule(client: Client, config: ScheduleConfig): Promise<'created' | 'updated'> {
  return ensureSchedule(client, {
    scheduleId: 'rule-review-reminders',
    spec: { calendars: [{ comment: 'daily', hour: 7, minute: 0 }] },
    action: {
      type: 'startWorkflow',
      workflowType: 'ruleReviewRemindersWorkflow',
      workflowId: 'rule-review-reminders',
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      args: [{ version: 1 }],
    },
    policies: { overlap: 'SKIP' },
  });
}

/** Every schedule Certiflow runs, created or updated; called when a worker starts. */
export async function ensureAllSchedules(client: Client, config: ScheduleConfig, prisma: { program: { findMany(args: { select: { id: true } }): Promise<{ id: string }[]> } }) {
  const programIds = (await prisma.program.findMany({ select: { id: true } })).map((p) => p.id);
  return {
    quarterlyReports: await ensureQuarterlyReportSchedule(client, config, programIds),
    surveyDispatch: await ensureSurveyDispatchSchedule(client, config),
    ruleReviewReminders: await ensureRuleReviewReminderSchedule(client, config),
  };
}
