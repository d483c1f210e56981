import type { PrismaClient } from '../prisma/client.js';

// Incidents in the read model, where HR and admins find them (GraphQL `incidents`). The id comes from
// the workflow, so a retried open inserts nothing new and a retried close changes nothing.

export interface OpenIncidentInput {
  incidentId: string;
  journeyId: string;
  kind: string;
  step: string;
  code: string;
  message: string;
  ruleSetId: string;
  openedAt: string;
}

export interface CloseIncidentInput {
  incidentId: string;
  resolvedBy: string;
  resolvedAt: string;
  note: string;
  retryRuleSetId: string | null;
}

export function createIncidentActivities({ prisma }: { prisma: PrismaClient }) {
  return {
    async openIncident(input: OpenIncidentInput): Promise<void> {
      const { incidentId, openedAt, ...incident } = input;
      await prisma.incident.createMany({ data: [{ id: incidentId, openedAt: new Date(openedAt), ...incident }], skipDuplicates: true });
    },

    async closeIncident(input: CloseIncidentInput): Promise<void> {
      await prisma.incident.updateMany({
        where: { id: input.incidentId, resolvedAt: null },
        data: { resolvedAt: new Date(input.resolvedAt), resolvedBy: input.resolvedBy, resolution: input.note, retryRuleSetId: input.retryRuleSetId },
      });
    },
  };
}
