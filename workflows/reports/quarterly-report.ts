import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { createMailActivities } from '../../activities/mail.js';
import type { createReportActivities } from '../../activities/reports.js';
import { previousQuarter } from '../../domain/quarter.js';

// The quarterly program-health report: build and store it, then email the committee. Started by the
// per-program schedule on the first day of each quarter (for the quarter just ended) or on demand by HR
// for a named quarter. Emails are keyed by this run and the recipient, so a retry never sends twice.

export type QuarterlyReportInput = {
  version: 1;
  programId: string;
  /** "2026-Q3"; absent when the schedule starts the run: the last complete quarter. */
  quarter?: string;
  /** "schedule" or the HR person who asked. */
  requestedBy: string;
};

export interface QuarterlyReportResult {
  reportId: string;
  quarter: string;
  emailed: string[];
}


const reports = proxyActivities<ReturnType<typeof createReportActivities>>({
  startToCloseTimeout: '5 minutes',
  retry: { initialInterval: '10 seconds', maximumAttempts: 5, nonRetryableErrorTypes: ['INVALID_INPUT', 'NOT_FOUND'] },
});
const mail = proxyActivities<ReturnType<typeof createMailActivities>>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '30 seconds', backoffCoefficient: 2, maximumInterval: '30 minutes', maximumAttempts: 20 },
});

export async function quarterlyReportWorkflow(input: QuarterlyReportInput): Promise<QuarterlyReportResult> {
  // Workflow time is recorded in history, so a replay computes the same quarter and timestamp.
  const now = new Date().toISOString();
  const quarter = input.quarter ?? previousQuarter(now).name;
  const { workflowId, runId } = workflowInfo();
  const report = await reports.buildProgramReport({ programId: input.programId, quarter, generatedAt: now, generatedBy: workflowId });
  const recipients = await reports.listReportRecipients({ asOf: now });
  for (const recipient of recipients) {
    await mail.sendEmail({
      idempotencyKey: `${workflowId}:${runId}:report-email:${recipient.personId}`,
      to: recipient.email,
      message: {
        template: 'quarterly-report',
        params: { recipientName: recipient.name, programName: report.programName, quarter, reportId: report.reportId, highlights: report.highlights },
      },
    });
  }
  return { reportId: report.reportId, quarter, emailed: recipients.map((r) => r.personId) };
}
