// Workflow ids are the keys that make starts idempotent: whoever starts a workflow (a service, a
// schedule, a test) builds its id here, so the same business key always finds the same workflow.

/** One journey per candidate and program: enrolling twice finds the same workflow. */
export function journeyWorkflowId(programId: string, personId: string): string {
  return `journey:${programId}:${personId}`;
}

/** One quarterly report per program and quarter: asking twice finds the run in progress or done. */
export const quarterlyReportWorkflowId = (programId: string, quarter: string) => `quarterly-report:${programId}:${quarter}`;

/** One timer per program version that takes effect on a future date: approving twice finds it. */
export const programVersionWorkflowId = (versionId: string) => `program-version:${versionId}`;

/**
 * One run per directory change. Started inside the change's transaction, so a change that rolls back
 * leaves a run behind; the attempt id keeps it from taking the id of the change that commits instead
 * (its steps find the change missing and do nothing).
 */
export const directoryChangeWorkflowId = (personId: string, version: number, attemptId: string) => `directory-change:${personId}:${version}:${attemptId}`;
