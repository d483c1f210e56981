import { type Client, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { ErrorCode, fail, ok, type Result } from '../../domain/errors.js';
import { parseQuarter } from '../../domain/quarter.js';
import type { PrismaClient } from '../../prisma/client.js';
import type { quarterlyReportWorkflow } from '../../workflows/reports/quarterly-report.js';
import { quarterlyReportWorkflowId } from '../../domain/workflow-ids.js';

// Reports on demand: start the same workflow the schedule runs, for a named quarter, under the id
// quarterly-report:<programId>:<quarter>. While one runs, asking again joins it; once it has finished,
// asking again builds the report afresh (and emails the committee again).

export interface ReportRun {
  workflowId: string;
  quarter: string;
  /** False when a run for this program and quarter was already going. */
  started: boolean;
}

export interface ReportServiceDeps {
  prisma: PrismaClient;
  client: Client;
  taskQueue: string;
}

export function createReportService({ prisma, client, taskQueue }: ReportServiceDeps) {
  return {
    async generate(programId: string, quarterName: string, requestedBy: string): Promise<Result<ReportRun>> {
      const quarter = parseQuarter(quarterName);
      if (!quarter.ok) return quarter;
      const program = await prisma.program.findUnique({ where: { id: programId }, select: { id: true } });
      if (!program) return fail(ErrorCode.NotFound, `Program ${programId} does not exist.`, 'programId');
      const workflowId = quarterlyReportWorkflowId(programId, quarter.value.name);
      try {
        await client.workflow.start<typeof quarterlyReportWorkflow>('quarterlyReportWorkflow', {
          workflowId,
          taskQueue,
          args: [{ version: 1, programId, quarter: quarter.value.name, requestedBy }],
          workflowIdReusePolicy: 'ALLOW_DUPLICATE',
          workflowIdConflictPolicy: 'FAIL',
        });
      } catch (error) {
        if (error instanceof WorkflowExecutionAlreadyStartedError) return ok({ workflowId, quarter: quarter.value.name, started: false });
        throw error;
      }
      return ok({ workflowId, quarter: quarter.value.name, started: true });
    },
  };
}

export type ReportService = ReturnType<typeof createReportService>;
