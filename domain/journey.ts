// The stages a certification journey moves through. Stored in the read model and shown to HR,
// so values are stable identifiers; labels live in the API.
export const JourneyStage = {
  Enrolled: 'enrolled',
  Ineligible: 'ineligible',
  AwaitingManagerApproval: 'awaiting_manager_approval',
  Declined: 'declined',
  AwaitingSubmission: 'awaiting_submission',
  AwaitingAssessment: 'awaiting_assessment',
  NotPassed: 'not_passed',
  Certified: 'certified',
  RecertificationDue: 'recertification_due',
  Expired: 'expired',
  Withdrawn: 'withdrawn',
  // Added with the full lifecycle (patch full-lifecycle).
  InModeration: 'in_moderation',
  AppealWindow: 'appeal_window',
  UnderAppeal: 'under_appeal',
  Paused: 'paused',
  RecertificationReview: 'recertification_review',
  Lapsed: 'lapsed',
  Revoked: 'revoked',
} as const;

export type JourneyStage = (typeof JourneyStage)[keyof typeof JourneyStage];

export const JOURNEY_STAGES = Object.values(JourneyStage);

/** Journeys in these stages have ended; the workflow has completed. */
export const FINAL_STAGES: readonly JourneyStage[] = [
  JourneyStage.Ineligible,
  JourneyStage.Declined,
  JourneyStage.NotPassed,
  JourneyStage.Expired,
  JourneyStage.Withdrawn,
  JourneyStage.Lapsed,
  JourneyStage.Revoked,
];

/** A credential is held in these stages: between certification and expiry or lapse. */
export const HOLDING_STAGES: readonly JourneyStage[] = [JourneyStage.Certified, JourneyStage.RecertificationDue, JourneyStage.RecertificationReview];

export const EvidenceFormat = {
  WrittenReport: 'written_report',
  Video: 'video',
  LiveDemonstration: 'live_demonstration',
  ReflectiveWriteUp: 'reflective_write_up',
} as const;
export type EvidenceFormat = (typeof EvidenceFormat)[keyof typeof EvidenceFormat];
