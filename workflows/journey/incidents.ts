import { ActivityFailure, ApplicationFailure, condition, patched, setHandler, uuid4 } from '@temporalio/workflow';
import type { EligibilityResult } from '../../domain/eligibility.js';
import { db } from './activities.js';
import { now } from './clock.js';
import { rejectIf } from './handlers.js';
import { applyIncidentResolution, checkIncidentResolution, closeIncident, openIncident } from './incident-state.js';
import { type Journey, record } from './journal.js';
import { resolveIncidentUpdate } from './messages.js';
import { JourneyPatches } from './patches.js';
import type { IncidentStep } from '../../domain/journey-records.js';

// A rule set that cannot be evaluated (invalid, missing at the version the journey is pinned to, a
// condition whose fact fails) used to fail the whole workflow, leaving the journey stuck with nothing
// for HR to see. Now the journey opens an incident, records it in its audit trail, waits until HR or
// an admin resolves it, and evaluates again. Patch rules-incidents; see patches.ts.

export interface RulesRequest {
  step: IncidentStep;
  candidateId: string;
  ruleSetId: string;
  asOf: string;
}

/**
 * Evaluates the rules; while they cannot be evaluated, each failure is an incident the journey waits
 * on. Returns the result and the rule-set version it came from (the resolver may have chosen another).
 */
export async function evaluateRules(journey: Journey, request: RulesRequest): Promise<{ result: EligibilityResult; ruleSetId: string }> {
  let ruleSetId = request.ruleSetId;
  for (;;) {
    try {
      const result = await db.evaluateEligibility({ candidateId: request.candidateId, ruleSetId, asOf: request.asOf });
      return { result, ruleSetId };
    } catch (error) {
      const failure = ruleFailure(error);
      // Recorded journeys failed right here; replaying them must fail the same way.
      if (!failure || !patched(JourneyPatches.rulesIncidents)) throw error;
      ruleSetId = (await waitForResolution(journey, { ...failure, step: request.step, ruleSetId })) ?? ruleSetId;
    }
  }
}

/** The resolution handler; installed for every journey, it only acts on incidents the journey opened. */
export function installIncidentHandlers(journey: Journey): void {
  setHandler(
    resolveIncidentUpdate,
    (input) => {
      journey.state = applyIncidentResolution(journey.state, input, now());
      return { stage: journey.state.stage };
    },
    { validator: (input) => rejectIf(checkIncidentResolution(journey.state, input)) },
  );
}

/** Retrying cannot help a non-retryable failure of the evaluation; a person can (fix data, pick a version). */
function ruleFailure(error: unknown): { code: string; message: string } | null {
  if (!(error instanceof ActivityFailure) || !(error.cause instanceof ApplicationFailure) || !error.cause.nonRetryable) return null;
  return { code: error.cause.type ?? 'RULE_EVALUATION_FAILED', message: error.cause.message };
}

/** Opens the incident, waits for its resolution, closes it; returns the rule-set version to use next. */
async function waitForResolution(journey: Journey, failure: { code: string; message: string; step: IncidentStep; ruleSetId: string }): Promise<string | undefined> {
  const incidentId = uuid4();
  journey.state = openIncident(journey.state, { incidentId, kind: 'rules', openedAt: now(), ...failure });
  const incident = journey.state.incidents![incidentId]!;
  await db.openIncident({ ...incident, journeyId: journey.state.journeyId });
  await record(journey, 'incident_opened', { data: { incidentId, step: incident.step, code: incident.code, message: incident.message, ruleSetId: incident.ruleSetId } });

  await condition(() => !!journey.state.incidents?.[incidentId]?.resolution);
  const resolution = journey.state.incidents![incidentId]!.resolution!;
  await db.closeIncident({ incidentId, resolvedBy: resolution.actorId, resolvedAt: resolution.resolvedAt, note: resolution.note, retryRuleSetId: resolution.ruleSetId ?? null });
  journey.state = closeIncident(journey.state, incidentId);
  await record(journey, 'incident_resolved', { actorId: resolution.actorId, data: { incidentId, note: resolution.note, retryRuleSetId: resolution.ruleSetId ?? null } });
  return resolution.ruleSetId;
}
