import type { JourneyNote } from '../../domain/journey-events.js';
import { setHandler, uuid4 } from '@temporalio/workflow';
import { now } from './clock.js';
import { rejectIf } from './handlers.js';
import type { Journey } from './journal.js';
import {
  checkAppeal,
  checkAppealVote,
  checkDeclareConflict,
  checkCheckIn,
  checkEvidence,
  checkLearningPlan,
  checkMilestone,
  checkModeration,
  checkPanelScore,
  checkPause,
  checkResume,
  checkRevoke,
  checkTransfer,
  checkWithdraw,
  applyCandidateLeft,
  applyManagerChanged,
  applyPause,
  applyResume,
  applyProgramChange,
  applyRuleChange,
  applyTransfer,
  checkProgramChange,
  checkRuleChange,
} from './lifecycle-state.js';
import {
  adjustLearningPlanUpdate,
  applyProgramChangeUpdate,
  applyRuleChangeUpdate,
  candidateLeftUpdate,
  decideAppealUpdate,
  declareConflictUpdate,
  fileAppealUpdate,
  managerChangedUpdate,
  moderateAssessmentUpdate,
  pauseJourneyUpdate,
  recordCheckInUpdate,
  recordMilestoneUpdate,
  resumeJourneyUpdate,
  revokeCredentialUpdate,
  scoreSubmissionUpdate,
  submitEvidenceUpdate,
  transferPathwayUpdate,
  withdrawJourneyUpdate,
} from './messages.js';
import { applySubmission } from './state.js';

// Handlers of the full lifecycle. As in v1 they only move state; the phases notice and do the I/O.
// They replace the v1 handlers of the same names for journeys that took the full-lifecycle patch.
export function installLifecycleHandlers(journey: Journey): void {
  const answer = () => ({ stage: journey.state.stage });
  const update = (next: typeof journey.state) => {
    journey.state = next;
    return answer();
  };

  setHandler(
    submitEvidenceUpdate,
    (input) => {
      const { url, file, scheduledAt } = input;
      const next = applySubmission(journey.state, input, now(), uuid4());
      const submission = { ...next.submission!, attempt: journey.state.attempt ?? 1, ...(url ? { url } : {}), ...(file ? { file } : {}), ...(scheduledAt ? { scheduledAt } : {}) };
      const recertifying = journey.state.stage === 'recertification_due';
      return update({ ...next, submission, ...(recertifying ? { recertification: { submittedAt: submission.submittedAt } } : {}) });
    },
    { validator: (input) => rejectIf(checkEvidence(journey.state, input)) },
  );

  setHandler(
    scoreSubmissionUpdate,
    (input) => {
      const score = { assessorId: input.actorId, scores: input.scores, comment: input.comment, submittedAt: now() };
      return update({ ...journey.state, panelScores: { ...journey.state.panelScores, [input.actorId]: score } });
    },
    { validator: (input) => rejectIf(checkPanelScore(journey.state, input, now())) },
  );

  setHandler(
    moderateAssessmentUpdate,
    (input) => update({ ...journey.state, moderation: { scores: input.scores, rationale: input.rationale, moderatorId: input.actorId, decidedAt: now() } }),
    { validator: (input) => rejectIf(checkModeration(journey.state, input)) },
  );

  setHandler(
    recordCheckInUpdate,
    (input) => {
      const checkIns = [...(journey.state.checkIns ?? [])];
      const open = checkIns.pop()!;
      const { progress, blockers, nextSteps } = input;
      const recorded = { ...open, recordedAt: now(), progress, blockers, nextSteps };
      return update({ ...journey.state, checkIns: [...checkIns, recorded] });
    },
    { validator: (input) => rejectIf(checkCheckIn(journey.state, input)) },
  );

  setHandler(
    adjustLearningPlanUpdate,
    (input) => {
      const learningPlan = { goals: input.goals, note: input.note, updatedAt: now(), updatedBy: input.actorId };
      const note: JourneyNote = { type: 'learning_plan_adjusted', actorId: input.actorId, data: { ...learningPlan } };
      return update({ ...journey.state, learningPlan, pendingNotes: [...(journey.state.pendingNotes ?? []), note] });
    },
    { validator: (input) => rejectIf(checkLearningPlan(journey.state, input)) },
  );

  setHandler(
    recordMilestoneUpdate,
    (input) => {
      const milestone = { key: input.key, title: input.title, awardedAt: now(), awardedBy: input.actorId, ...(input.badge ? { badge: input.badge } : {}) };
      const note: JourneyNote = { type: 'milestone_recorded', actorId: input.actorId, data: { ...milestone, milestoneId: uuid4() } };
      return update({
        ...journey.state,
        milestones: [...(journey.state.milestones ?? []), milestone],
        pendingNotes: [...(journey.state.pendingNotes ?? []), note],
      });
    },
    { validator: (input) => rejectIf(checkMilestone(journey.state, input)) },
  );

  setHandler(
    fileAppealUpdate,
    (input) => {
      // A decision appeal (patch decision-appeals) names the decision; an assessment appeal, the assessment.
      const appealable = journey.state.appealable;
      const assessmentId = appealable ? `${appealable.kind}:${appealable.reference}` : (journey.state.assessment?.assessmentId ?? '');
      const appeal = { appealId: uuid4(), assessmentId, grounds: input.grounds, filedAt: now(), reviewers: [] };
      return update({ ...journey.state, appeal });
    },
    { validator: (input) => rejectIf(checkAppeal(journey.state, input)) },
  );

  setHandler(
    declareConflictUpdate,
    (input) => {
      const task = journey.state.awaiting!.task;
      const declaration = { personId: input.actorId, task, explanation: input.explanation, at: now() };
      return update({ ...journey.state, stepAside: [...(journey.state.stepAside ?? []), declaration] });
    },
    { validator: (input) => rejectIf(checkDeclareConflict(journey.state, input)) },
  );

  setHandler(
    decideAppealUpdate,
    (input) => {
      const appeal = journey.state.appeal!;
      const outcome = ({ uphold: 'upheld', overturn: 'overturned', reassess: 'reassess' } as const)[input.outcome];
      const votes = { ...appeal.votes, [input.actorId]: { outcome, rationale: input.rationale, at: now() } };
      return update({ ...journey.state, appeal: { ...appeal, votes } });
    },
    { validator: (input) => rejectIf(checkAppealVote(journey.state, input)) },
  );

  setHandler(pauseJourneyUpdate, (input) => {
    const note: JourneyNote = { type: 'journey_paused', actorId: input.actorId, data: { reason: input.reason } };
    const paused = applyPause(journey.state, now());
    return update({ ...paused, pendingNotes: [...(paused.pendingNotes ?? []), note] });
  }, { validator: (input) => rejectIf(checkPause(journey.state, input)) });

  setHandler(resumeJourneyUpdate, (input) => update(applyResume(journey.state, now(), input.actorId)), {
    validator: (input) => rejectIf(checkResume(journey.state, input)),
  });

  setHandler(
    withdrawJourneyUpdate,
    (input) => update({ ...journey.state, withdrawal: { actorId: input.actorId, reason: input.reason, at: now() } }),
    { validator: (input) => rejectIf(checkWithdraw(journey.state, input)) },
  );

  setHandler(transferPathwayUpdate, (input) => update(applyTransfer(journey.state, input)), {
    validator: (input) => rejectIf(checkTransfer(journey.state, input)),
  });

  setHandler(
    revokeCredentialUpdate,
    (input) => {
      if (!journey.state.revocationNeedsTwo) return update({ ...journey.state, revocation: { actorId: input.actorId, reason: input.reason, at: now() } });
      // Two committee members (patch decision-appeals): the first proposes, recorded at once; a second confirms.
      const proposal = journey.state.revocationProposal;
      if (!proposal) {
        const note: JourneyNote = { type: 'revocation_proposed', actorId: input.actorId, data: { reason: input.reason } };
        return update({ ...journey.state, revocationProposal: { actorId: input.actorId, reason: input.reason, at: now() }, pendingNotes: [...(journey.state.pendingNotes ?? []), note] });
      }
      return update({ ...journey.state, revocation: { actorId: proposal.actorId, reason: proposal.reason, at: now(), secondedBy: input.actorId } });
    },
    { validator: (input) => rejectIf(checkRevoke(journey.state, input)) },
  );

  setHandler(candidateLeftUpdate, (input) => update(applyCandidateLeft(journey.state, input, now())));
  setHandler(managerChangedUpdate, (input) => update(applyManagerChanged(journey.state, input)));

  setHandler(applyRuleChangeUpdate, (input) => update(applyRuleChange(journey.state, input)), {
    validator: (input) => rejectIf(checkRuleChange(journey.state, input)),
  });

  setHandler(applyProgramChangeUpdate, (input) => update(applyProgramChange(journey.state, input)), {
    validator: (input) => rejectIf(checkProgramChange(journey.state, input)),
  });
}
