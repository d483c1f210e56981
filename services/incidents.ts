import { ErrorCode, fail, ok, type Result } from '../domain/errors.js';
import type { PrismaClient } from '../prisma/client.js';
import { resolveIncidentUpdate, type StageAnswer } from '../workflows/journey/messages.js';
import type { JourneyService } from './journeys.js';

// Resolving an incident: HR or an admin has dealt with what stopped a journey (fixed the data, or
// chosen another rule-set version) and lets it try again. The journey's workflow takes the resolution
// (its validator is the final judge) and records it; the Incident row is closed by the journey.

export interface ResolveIncidentRequest {
  incidentId: string;
  actorId: string;
  note: string;
  /** Evaluate with this rule-set version instead of the one that failed. */
  ruleSetId?: string | undefined;
}

export function createIncidentService({ prisma, journeys }: { prisma: PrismaClient; journeys: Pick<JourneyService, 'act'> }) {
  return {
    async resolve(request: ResolveIncidentRequest): Promise<Result<StageAnswer & { journeyId: string }>> {
      const incident = await prisma.incident.findUnique({ where: { id: request.incidentId }, include: { journey: { select: { programId: true } } } });
      if (!incident) return fail(ErrorCode.NotFound, `There is no incident ${request.incidentId}.`, 'incidentId');
      if (incident.resolvedAt) return fail(ErrorCode.NotAllowedInStage, `This incident was already resolved on ${incident.resolvedAt.toISOString().slice(0, 10)}.`);
      if (!request.note.trim()) return fail(ErrorCode.InvalidInput, 'Say what was done about the incident.', 'note');
      if (request.ruleSetId) {
        const chosen = await prisma.ruleSet.findUnique({ where: { id: request.ruleSetId } });
        if (!chosen) return fail(ErrorCode.NotFound, `Rule set ${request.ruleSetId} does not exist.`, 'ruleSetId');
        const failed = incident.ruleSetId ? await prisma.ruleSet.findUnique({ where: { id: incident.ruleSetId } }) : null;
        if (chosen.programId !== incident.journey.programId || (failed && failed.kind !== chosen.kind)) {
          return fail(ErrorCode.InvalidInput, `Rule set ${request.ruleSetId} is not a ${failed?.kind ?? 'rule set'} of this journey's program.`, 'ruleSetId');
        }
      }
      const input = { incidentId: request.incidentId, actorId: request.actorId, note: request.note, ...(request.ruleSetId ? { ruleSetId: request.ruleSetId } : {}) };
      const answer = await journeys.act(incident.journeyId, resolveIncidentUpdate, input);
      return answer.ok ? ok({ ...answer.value, journeyId: incident.journeyId }) : answer;
    },
  };
}

export type IncidentService = ReturnType<typeof createIncidentService>;
