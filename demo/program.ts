// The demo program, "Cloud Architecture Practitioner", as data: timing, competencies, rubric, pathways
// and cohorts. Competencies, rubric and pathways live in ./program/ and are re-exported here, so callers
// import the whole program from one place.

export { type CompetencyKind, competencies, type DemoCompetency } from './program/competencies.js';
export { type DemoPathway, pathways } from './program/pathways.js';
export { rubric } from './program/rubric.js';

export const PROGRAM_ID = 'cloud-architecture-practitioner';
export const ELIGIBILITY_RULE_SET_KEY = `${PROGRAM_ID}.eligibility`;
export const RECERTIFICATION_RULE_SET_KEY = `${PROGRAM_ID}.recertification`;

/** Every duration is ISO 8601 so the workflow takes its timers from data, never from code. */
export const program = {
  id: PROGRAM_ID,
  name: 'Cloud Architecture Practitioner',
  description:
    'Certifies engineers who design secure, resilient and cost-aware cloud systems and can explain their trade-offs.',
  validity: 'P2Y',
  recertificationWindow: 'P60D',
  recertificationReminders: ['P60D', 'P30D', 'P7D'],
  gracePeriod: 'P14D',
  checkInCadence: 'P14D',
  checkInReminder: 'P2D',
  submissionDeadline: 'P90D',
  submissionReminders: ['P14D', 'P3D'],
  appealWindow: 'P14D',
  approvalLinkTtl: 'P7D',
  maxResubmissions: 1,
  // Three independent judgements; a criterion on which they differ by more than one level is moderated.
  panelSize: 3,
  moderationSpread: 1,
  appealReviewers: 2,
};

/** Cohorts start on fixed calendar dates; the pilot is flagged so its results can be read apart. */
export const cohorts = [
  { id: 'cap-2026-pilot', name: '2026 pilot', pilot: true, startsOn: '2026-03-02' },
  { id: 'cap-2027-q1', name: '2027 Q1', pilot: false, startsOn: '2027-01-11' },
];
