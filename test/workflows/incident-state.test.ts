import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../domain/errors.js';
import { applyIncidentResolution, checkIncidentResolution, closeIncident, MAX_INCIDENT_MESSAGE, openIncident } from '../../workflows/journey/incident-state.js';
import { newJourneyState } from '../../workflows/journey/state.js';
import type { IncidentRecord } from '../../domain/journey-records.js';

// Incidents in the journey's state (patch rules-incidents): opened with the failure, resolved once by a
// person with a note, closed when the journey has recorded it.

const state = newJourneyState({
  version: 1,
  journeyId: 'journey:cloud-architecture-practitioner:ada',
  programId: 'cloud-architecture-practitioner',
  pathwayId: 'cap-portfolio',
  candidateId: 'ada',
  enrolledAt: '2026-03-02T09:00:00.000Z',
  enrolledBy: 'ada',
});
const incident: IncidentRecord = {
  incidentId: 'inc-1',
  kind: 'rules',
  step: 'eligibility',
  code: ErrorCode.RuleEvaluationFailed,
  message: 'MISSING_FACT: fact roleLevel used at $.rules[0].conditions.all[0] was not provided',
  ruleSetId: 'cloud-architecture-practitioner.eligibility@2',
  openedAt: '2026-03-02T09:00:01.000Z',
};
const resolve = { incidentId: 'inc-1', actorId: 'ari', note: ' Back to version 1. ', ruleSetId: 'cloud-architecture-practitioner.eligibility@1' };

describe('incident state', () => {
  it('opens an incident beside any other, keeping a long message short', () => {
    const long = openIncident(openIncident(state, incident), { ...incident, incidentId: 'inc-2', message: 'x'.repeat(5_000) });
    expect(Object.keys(long.incidents!)).toEqual(['inc-1', 'inc-2']);
    expect(long.incidents!['inc-2']!.message).toHaveLength(MAX_INCIDENT_MESSAGE);
  });

  it('takes one resolution with a note, by id, and refuses everything else', () => {
    const open = openIncident(state, incident);
    expect(checkIncidentResolution(state, resolve)?.code).toBe(ErrorCode.NotFound);
    expect(checkIncidentResolution(open, { ...resolve, incidentId: 'inc-9' })).toMatchObject({ code: ErrorCode.NotFound, path: 'incidentId' });
    expect(checkIncidentResolution(open, { ...resolve, note: '   ' })).toMatchObject({ code: ErrorCode.InvalidInput, path: 'note' });
    expect(checkIncidentResolution(open, resolve)).toBeNull();
    const resolved = applyIncidentResolution(open, resolve, '2026-03-03T10:00:00.000Z');
    expect(resolved.incidents!['inc-1']!.resolution).toEqual({ actorId: 'ari', note: 'Back to version 1.', resolvedAt: '2026-03-03T10:00:00.000Z', ruleSetId: resolve.ruleSetId });
    expect(checkIncidentResolution(resolved, resolve)?.code).toBe(ErrorCode.NotAllowedInStage);
    expect(closeIncident(resolved, 'inc-1').incidents).toEqual({});
  });
});
