import type { EvidenceFormat } from './journey.js';
import type { Rubric } from './rubric.js';

// Who and what a journey is about, as the workflow carries it and activities build it: plain,
// serialisable data only (queried, carried through continue-as-new, recorded in histories).

export interface PersonRef {
  id: string;
  name: string;
  email: string;
}

export interface PathwayTerms {
  id: string;
  name: string;
  evidenceFormats: EvidenceFormat[];
  rubric: Rubric;
  eligibilityRuleSetId: string;
}

/** A snapshot of the program taken at enrolment: a journey keeps the terms it enrolled under. */
export interface JourneyContext {
  program: {
    id: string;
    name: string;
    /** The program version the terms come from; absent in journeys enrolled before programs had versions. */
    version?: number | null;
    validity: string;
    recertificationWindow: string;
    submissionDeadline: string;
    approvalLinkTtl: string;
    // The fields below came with the full lifecycle; v1 snapshots lack them (see state defaults).
    recertificationReminders?: string[];
    gracePeriod?: string;
    checkInCadence?: string;
    checkInReminder?: string;
    submissionReminders?: string[];
    appealWindow?: string;
    maxResubmissions?: number;
    panelSize?: number;
    moderationSpread?: number;
    /** Program option panel.anonymised: the panel is asked by pseudonym (absent: false). */
    anonymisedAssessment?: boolean;
    appealReviewers?: number;
    recertificationRuleSetId?: string | null;
    /** The re-certification pathway (program versions): formats accepted besides a reflective write-up, and its assessors. */
    recertificationEvidenceFormats?: EvidenceFormat[] | null;
    recertificationAssessors?: number | null;
    /** The program keeps the candidate's teammates (same manager) off panels and committees too. */
    excludeTeammates?: boolean;
    /** Time to answer for panel members, moderators and reviewers (patch response-deadlines); defaults when absent. */
    responseTimes?: { scoring?: string; moderation?: string; appealVote?: string; reminder?: string };
  };
  pathway: PathwayTerms;
  /** Every pathway of the program, so a transfer needs no lookup inside the workflow. */
  pathways?: PathwayTerms[];
  candidate: PersonRef;
  manager: PersonRef | null;
}
