// Every `patched()` id used by the journey workflow, with the change it guards. An id is never reused.
// Procedure: docs/workflow-versioning.md.
export const JourneyPatches = {
  /**
   * 2026-11-25: the full lifecycle (mentoring and check-ins, panel assessment with moderation, appeals,
   * resubmission, pause/withdraw/transfer, re-certification cycles, grace, lapse and revocation).
   * Journeys started before it finish on the v1 path (phases-v1.ts); histories in test/histories/journey-v1-*.
   */
  fullLifecycle: 'full-lifecycle',
} as const;
