import { type DomainError, ErrorCode } from '../../domain/errors.js';
import { JourneyStage } from '../../domain/journey.js';
import { checkScores, decide } from '../../domain/rubric.js';
import type { DecideApprovalInput, ScoreSubmissionInput, SubmitEvidenceInput } from './messages.js';
import type { JourneyInput, JourneyState } from './types.js';

// Pure transitions of a journey. Each `check*` says why a message is not acceptable now (or null);
// each `apply*` returns the next state. Update validators call the checks, so a rejected message
// never reaches history and never changes anything.

export const MAX_CONTENT_CHARS = 50_000;
export const MAX_REFLECTION_CHARS = 10_000;

export function newJourneyState(input: JourneyInput): JourneyState {
  return {
    journeyId: input.journeyId,
    programId: input.programId,
    pathwayId: input.pathwayId,
    candidateId: input.candidateId,
    enrolledAt: input.enrolledAt,
    stage: JourneyStage.Enrolled,
    cycle: input.cycle ?? 1,
    seq: 0,
    ruleSetId: null,
    context: null,
    eligibility: null,
    approval: null,
    submissionDueAt: null,
    submission: null,
    assessorId: null,
    assessment: null,
    credential: null,
    endReason: null,
    cohortId: input.cohortId ?? null,
  };
}

const reject = (code: DomainError['code'], message: string, path?: string): DomainError =>
  path === undefined ? { code, message } : { code, message, path };

function stageIs(state: JourneyState, expected: JourneyStage, action: string): DomainError | null {
  return state.stage === expected
    ? null
    : reject(ErrorCode.NotAllowedInStage, `Cannot ${action}: the journey is ${state.stage}, not ${expected}.`);
}

export function checkApprovalDecision(state: JourneyState, input: DecideApprovalInput): DomainError | null {
  const approval = state.approval;
  if (approval?.approvalId === input.approvalId && approval.approverId !== input.actorId) {
    return reject(ErrorCode.Forbidden, 'Only the approver this request was sent to can decide it.');
  }
  if (approval?.approvalId === input.approvalId && approval.decision !== undefined) {
    return reject(ErrorCode.ApprovalAlreadyDecided, `This step was already ${approval.decision}.`);
  }
  const wrongStage = stageIs(state, JourneyStage.AwaitingManagerApproval, 'decide an approval');
  if (wrongStage) return wrongStage;
  if (!approval || approval.approvalId !== input.approvalId) {
    return reject(ErrorCode.LinkMismatch, 'This approval request is no longer the open one for this journey.');
  }
  if (approval.approverId !== input.actorId) {
    return reject(ErrorCode.Forbidden, 'Only the approver this request was sent to can decide it.');
  }
  if (input.comment !== undefined && input.comment.length > 2000) {
    return reject(ErrorCode.InvalidInput, 'A comment is at most 2000 characters.', 'comment');
  }
  return null;
}

export function applyApprovalDecision(state: JourneyState, input: DecideApprovalInput, at: string): JourneyState {
  const approval = state.approval!;
  return {
    ...state,
    approval: {
      ...approval,
      decision: input.decision === 'approve' ? 'approved' : 'declined',
      decidedAt: at,
      ...(input.comment ? { comment: input.comment } : {}),
    },
  };
}

// Each check asks who is acting before anything about the stage, so that a refusal tells someone who
// may not act nothing about where the journey stands.

export function checkSubmission(state: JourneyState, input: SubmitEvidenceInput): DomainError | null {
  if (input.actorId !== state.candidateId) {
    return reject(ErrorCode.NotCandidate, 'Only the candidate can submit evidence for this journey.');
  }
  const wrongStage = stageIs(state, JourneyStage.AwaitingSubmission, 'submit evidence');
  if (wrongStage) return wrongStage;
  // The stage moves on only after the submission is recorded: until then, a second one must not replace it.
  if (state.submission) return reject(ErrorCode.NotAllowedInStage, 'Evidence has already been submitted.');
  const accepted = state.context?.pathway.evidenceFormats ?? [];
  if (!accepted.includes(input.format)) {
    return reject(ErrorCode.InvalidInput, `This pathway accepts ${accepted.join(', ')}, not ${input.format}.`, 'format');
  }
  if (input.title.trim() === '') return reject(ErrorCode.InvalidInput, 'A title is required.', 'title');
  if (input.content.trim() === '') return reject(ErrorCode.InvalidInput, 'The evidence is empty.', 'content');
  if (input.content.length > MAX_CONTENT_CHARS) {
    return reject(ErrorCode.InvalidInput, `Evidence is at most ${MAX_CONTENT_CHARS} characters.`, 'content');
  }
  if (input.reflection.trim() === '') {
    return reject(ErrorCode.InvalidInput, 'A reflective note is required with every submission.', 'reflection');
  }
  if (input.reflection.length > MAX_REFLECTION_CHARS) {
    return reject(ErrorCode.InvalidInput, `A reflection is at most ${MAX_REFLECTION_CHARS} characters.`, 'reflection');
  }
  return null;
}

export function applySubmission(
  state: JourneyState,
  input: SubmitEvidenceInput,
  at: string,
  submissionId: string,
): JourneyState {
  const { format, title, content, reflection } = input;
  return { ...state, submission: { submissionId, format, title, content, reflection, submittedAt: at } };
}

export function checkScoring(state: JourneyState, input: ScoreSubmissionInput): DomainError | null {
  if (state.assessorId !== input.actorId) {
    return reject(ErrorCode.NotAssignedAssessor, 'Only the assessor assigned to this journey can score it.');
  }
  const wrongStage = stageIs(state, JourneyStage.AwaitingAssessment, 'score a submission');
  if (wrongStage) return wrongStage;
  if (state.assessment) return reject(ErrorCode.NotAllowedInStage, 'This submission has already been scored.');
  const problem = state.context ? checkScores(state.context.pathway.rubric, input.scores) : 'no rubric';
  return problem ? reject(ErrorCode.InvalidInput, `Scores rejected: ${problem}.`, 'scores') : null;
}

export function applyScoring(
  state: JourneyState,
  input: ScoreSubmissionInput,
  at: string,
  assessmentId: string,
): JourneyState {
  const decision = decide(state.context!.pathway.rubric, input.scores);
  return {
    ...state,
    assessment: {
      assessmentId,
      assessorId: input.actorId,
      scores: input.scores,
      average: decision.average,
      outcome: decision.outcome,
      rationale: decision.rationale,
      comment: input.comment,
      decidedAt: at,
    },
  };
}
