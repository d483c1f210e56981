import { randomUUID } from 'node:crypto';
import { type Client, WorkflowNotFoundError } from '@temporalio/client';
import { FINAL_STAGES } from '../domain/journey.js';
import type { PrismaClient } from '../prisma/client.js';
import { getJourneyQuery } from '../workflows/journey/messages.js';
import type { JourneySnapshot } from '../workflows/journey/snapshot.js';

// The read model is written by activities after each step, so it can only lag the workflow, never
// lead it; drift means a write was lost (e.g. a database restored from backup). This compares every
// open journey with its workflow and, when asked, makes the read model agree, leaving an audit event.

export interface Drift {
  journeyId: string;
  field: string;
  readModel: unknown;
  workflow: unknown;
}

export interface ReconcileReport {
  checked: number;
  drifts: Drift[];
  /** Journeys whose workflow could not be queried (closed or missing). */
  unreachable: { journeyId: string; reason: string }[];
  repaired: number;
}

function compare(row: Record<string, unknown>, state: JourneySnapshot): Drift[] {
  const expected: Record<string, unknown> = {
    stage: state.stage,
    cycle: state.cycle,
    ruleSetId: state.ruleSetId,
    mentorId: state.mentor?.id ?? null,
    pausedAt: state.pausedAt ? new Date(state.pausedAt).toISOString() : null,
  };
  return Object.entries(expected).flatMap(([field, workflow]) => {
    const value = row[field] instanceof Date ? (row[field] as Date).toISOString() : (row[field] ?? null);
    return value === workflow ? [] : [{ journeyId: String(row.id), field, readModel: value, workflow }];
  });
}

export async function reconcileJourneys({ prisma, client, repair }: { prisma: PrismaClient; client: Client; repair: boolean }): Promise<ReconcileReport> {
  const open = await prisma.journey.findMany({ where: { stage: { notIn: [...FINAL_STAGES] } }, orderBy: { id: 'asc' } });
  const report: ReconcileReport = { checked: open.length, drifts: [], unreachable: [], repaired: 0 };
  for (const row of open) {
    let state: JourneySnapshot;
    try {
      state = await client.workflow.getHandle(row.id).query(getJourneyQuery);
    } catch (error) {
      const reason = error instanceof WorkflowNotFoundError ? 'no workflow with this id' : (error as Error).message;
      report.unreachable.push({ journeyId: row.id, reason });
      continue;
    }
    const drifts = compare(row as unknown as Record<string, unknown>, state);
    report.drifts.push(...drifts);
    if (!repair || drifts.length === 0) continue;
    const fields = Object.fromEntries(drifts.map((d) => [d.field, d.field === 'pausedAt' && d.workflow ? new Date(String(d.workflow)) : d.workflow]));
    await prisma.$transaction([
      prisma.journey.update({ where: { id: row.id }, data: fields }),
      prisma.journeyEvent.create({
        data: {
          id: `reconcile:${randomUUID()}`,
          journeyId: row.id,
          seq: row.lastEventSeq,
          type: 'read_model_reconciled',
          actorId: null,
          at: new Date(),
          stage: state.stage,
          ruleSetId: state.ruleSetId,
          data: { drifts: drifts.map(({ field, readModel, workflow }) => ({ field, readModel, workflow })) } as never,
        },
      }),
    ]);
    report.repaired += 1;
  }
  return report;
}
