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

/** One run per person and directory version: the change that caused it starts it once, however often it is sent. */
export const directoryChangeWorkflowId = (personId: string, version: number) => `directory-change:${personId}:${version}`;
