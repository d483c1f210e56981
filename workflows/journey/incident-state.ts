import { type DomainError, ErrorCode } from '../../domain/errors.js';
import type { ResolveIncidentInput } from './messages.js';
import type { JourneyState } from './types.js';
import type { IncidentRecord } from '../../domain/journey-records.js';

// Pure transitions for incidents (patch rules-incidents): opening one, checking and applying a
// resolution, closing it. No Temporal, so they are unit-tested directly.

/** Longest failure message kept in state and the read model; a rule set's error list can be long. */
export const MAX_INCIDENT_MESSAGE = 2_000;

export function openIncident(state: JourneyState, incident: IncidentRecord): JourneyState {
  const message = incident.message.length > MAX_INCIDENT_MESSAGE ? `${incident.message.slice(0, MAX_INCIDENT_MESSAGE - 1)}…` : incident.message;
  return { ...state, incidents: { ...state.incidents, [incident.incidentId]: { ...incident, message } } };
}

/** Why the resolution cannot be taken, or null when it can. */
export function checkIncidentResolution(state: JourneyState, input: ResolveIncidentInput): DomainError | null {
  const incident = state.incidents?.[input.incidentId];
  if (!incident) return { code: ErrorCode.NotFound, message: `This journey has no open incident ${input.incidentId}.`, path: 'incidentId' };
  if (incident.resolution) return { code: ErrorCode.NotAllowedInStage, message: 'This incident is already resolved; the journey is trying again.' };
  if (!input.note.trim()) return { code: ErrorCode.InvalidInput, message: 'Say what was done about the incident.', path: 'note' };
  return null;
}

export function applyIncidentResolution(state: JourneyState, input: ResolveIncidentInput, at: string): JourneyState {
  const incident = state.incidents![input.incidentId]!;
  const resolution = { actorId: input.actorId, note: input.note.trim(), resolvedAt: at, ...(input.ruleSetId ? { ruleSetId: input.ruleSetId } : {}) };
  return { ...state, incidents: { ...state.incidents, [input.incidentId]: { ...incident, resolution } } };
}

export function closeIncident(state: JourneyState, incidentId: string): JourneyState {
  const { [incidentId]: _closed, ...open } = state.incidents ?? {};
  return { ...state, incidents: open };
}
