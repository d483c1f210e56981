// Every `patched()` id used by the journey workflow, with the change it guards. An id is never reused.
// Procedure: docs/workflow-versioning.md.
export const JourneyPatches = {
  /**
   * 2026-11-25: the full lifecycle (mentoring and check-ins, panel assessment with moderation, appeals,
   * resubmission, pause/withdraw/transfer, re-certification cycles, grace, lapse and revocation).
   * Journeys started before it finish on the v1 path (phases-v1.ts); histories in test/histories/journey-v1-*.
   */
  fullLifecycle: 'full-lifecycle',
  /**
   * 2026-11-26: while holding a credential, continue as new when the server suggests it (between
   * re-certification attempts, before expiry). Earning the credential still continues as new only
   * per cycle: its phases are not yet resumable mid-way.
   */
  continueWhenSuggested: 'continue-when-suggested',
} as const;
