import { proxyActivities } from '@temporalio/workflow';
import type { createMailActivities } from '../../activities/mail.js';
import type { createReportActivities } from '../../activities/reports.js';

// Sends the satisfaction survey for each assessment decision not yet surveyed: one email per candidate
// per decision, keyed survey:<assessmentId> in the outbox, so overlapping or repeated sweeps never send
// twice. Run by a schedule (scripts/report-schedule.ts); each run handles at most `batch` decisions.

export type SurveyDispatchInput = { version: 1; lookbackDays?: number; batch?: number };

const surveys = proxyActivities<ReturnType<typeof createReportActivities>>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '10 seconds', maximumAttempts: 5 },
});
const mail = proxyActivities<ReturnType<typeof createMailActivities>>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '30 seconds', backoffCoefficient: 2, maximumInterval: '30 minutes', maximumAttempts: 20 },
});

export async function surveyDispatchWorkflow(input: SurveyDispatchInput): Promise<{ sent: string[] }> {
  const asOf = new Date().toISOString();
  const pending = await surveys.findUnsurveyedDecisions({ asOf, lookbackDays: input.lookbackDays ?? 30, limit: input.batch ?? 200 });
  for (const decision of pending) {
    await mail.sendEmail({
      idempotencyKey: `survey:${decision.assessmentId}`,
      to: decision.email,
      message: {
        template: 'satisfaction-survey',
        params: { candidateName: decision.candidateName, programName: decision.programName, assessmentId: decision.assessmentId },
      },
    });
  }
  return { sent: pending.map((d) => d.assessmentId) };
}
