// Every `patched()` id used by the journey workflow, with the change it guards. An id is never reused.
// Procedure: docs/workflow-versioning.md.
export const JourneyPatches = {
  /**
   * 2026-11-25: the full lifecycle (mentoring and check-ins, panel assessment with moderation, appeals,
   * resubmission, pause/withdraw/transfer, re-certification cycles, grace, lapse and revocation).
   * Journeys started before it finish on the v1 path (legacy/v1.ts); histories in test/histories/journey-v1-*.
   */
  fullLifecycle: 'full-lifecycle',
  /**
   * 2026-11-26: while holding a credential, continue as new when the server suggests it (between
   * re-certification attempts, before expiry). Earning the credential still continues as new only
   * per cycle: its phases are not yet resumable mid-way.
   */
  continueWhenSuggested: 'continue-when-suggested',
  /**
   * 2026-11-26: a rule set that cannot be evaluated (invalid, missing at the pinned version, a condition
   * that fails) no longer fails the journey: it opens an incident, waits for HR or an admin to resolve it,
   * and evaluates again (workflows/journey/incidents.ts). Only taken when the evaluation fails, so
   * histories without such a failure are unchanged; recorded ones failed there and still do on replay.
   */
  rulesIncidents: 'rules-incidents',
  /**
   * 2026-12-04: mentoring and rule-change following are stopped by cancelling their scope instead of a
   * flag they poll (lifecycle/beside.ts); their effects run in non-cancellable scopes. Histories
   * recorded before it (journey-v2-*, journey-v3-*) stop them by the flag; journey-v4-* take this path.
   */
  cancellableCoroutines: 'cancellable-coroutines',
  /**
   * 2026-12-04: programs have versions. A journey in flight takes a new version's rubric, evidence formats
   * and timing at their effective dates (lifecycle/program-changes.ts); a holder takes its re-certification
   * terms and rubric, and the program's current re-certification rule set, when the next window opens.
   * Histories journey-v5-* take this path.
   */
  programVersions: 'program-versions',
  /**
   * 2026-12-04: the people directory tells journeys of leavers and new managers (updates candidateLeft,
   * managerChanged). A holder who leaves ends without reminders, the credential per the program's policy;
   * a pending approval moves to the new manager. Histories journey-v6-* take these paths.
   */
  directoryChanges: 'directory-changes',
  /**
   * 2026-12-04: after an appeal sends the submission to a new panel ("reassess"), the decided appeal is
   * cleared, so a fail by the new panel opens a fresh appeal window. Before, the old appeal and its votes
   * were taken as filed again at once: reassess, a new panel, and so on without end (found by the demo
   * company's year of history). Histories journey-v7-* take this path.
   */
  reassessmentClearsAppeal: 'reassessment-clears-appeal',
  /**
   * 2026-12-04: moderators and appeal reviewers are drawn with the candidate named, so nobody with a
   * conflict of interest sits on them (the candidate's management chain, reports and mentors;
   * activities/people.ts conflictsOfInterest). Panels exclude the same people in the activity alone.
   * Histories journey-v8-* take this path.
   */
  conflictsOfInterest: 'conflicts-of-interest',
  /**
   * 2026-12-04: everyone the journey waits on has a time to answer (lifecycle/responders.ts): panel members
   * to score, the moderator to moderate, appeal reviewers to vote. A reminder before it is up, then the
   * task passes to someone drawn by the same rules; anyone asked may declare a conflict and is replaced at
   * once. A panel or committee draw that finds too few people waits a day and tries again, HR alerted,
   * instead of failing the workflow. Histories journey-v9-* take this path.
   */
  responseDeadlines: 'response-deadlines',
  /**
   * 2026-12-04: an approval the manager leaves unanswered through every request goes to the next manager
   * up (the manager's own manager), who gets as many requests; only then does the journey end.
   */
  approvalEscalation: 'approval-escalation',
  /**
   * 2026-12-04: when no mentor has capacity, HR is alerted and the journey tries again each week until
   * one is free (it went on unmentored for good before).
   */
  mentorRetry: 'mentor-retry',
  /**
   * 2026-12-04: decisions besides an assessment can be appealed (lifecycle/decision-appeals.ts): an
   * ineligibility verdict, a manager's decline, a failed re-certification and a revocation, each in the
   * program's appeal window, heard by committee members who took no part. Revocation needs two committee
   * members (a proposal, then a second). Histories journey-v10-* take these paths.
   */
  decisionAppeals: 'decision-appeals',
  /**
   * 2026-12-04: in an anonymised assessment, the moderator's request and the reminders and release notices
   * to panel members and moderators leave the candidate unnamed, as the panel's request always did
   * (lifecycle/judges.ts). Histories journey-v11-* take this path.
   */
  anonymisedJudgesMail: 'anonymised-judges-mail',
  /**
   * 2026-12-04: each approval request goes to the delegate the manager named, while the delegation runs
   * (activities/staffing.ts approverFor), recorded as approval_delegated; escalation still goes to the
   * manager's own manager. Histories journey-v11-approval-delegated take this path.
   */
  approvalDelegates: 'approval-delegates',
} as const;
