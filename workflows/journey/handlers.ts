import { ApplicationFailure, setHandler, uuid4 } from '@temporalio/workflow';
import type { DomainError } from '../../domain/errors.js';
import { now } from './clock.js';
import type { Journey } from './journal.js';
import { decideApprovalUpdate, getJourneyQuery, scoreSubmissionUpdate, submitEvidenceUpdate } from './messages.js';
import {
  applyApprovalDecision,
  applyScoring,
  applySubmission,
  checkApprovalDecision,
  checkScoring,
  checkSubmission,
} from './state.js';

/** Rejections carry the domain code as the failure type, so callers can map them to typed errors. */
export function rejectIf(error: DomainError | null): void {
  if (error) {
    throw ApplicationFailure.create({
      type: error.code,
      message: error.message,
      nonRetryable: true,
      details: error.path === undefined ? [] : [error.path],
    });
  }
}

// Handlers only move state; the main workflow body sees the change and does the I/O in order.
export function installHandlers(journey: Journey): void {
  setHandler(getJourneyQuery, () => journey.state);

  setHandler(
    decideApprovalUpdate,
    (input) => {
      journey.state = applyApprovalDecision(journey.state, input, now());
      return { stage: journey.state.stage };
    },
    { validator: (input) => rejectIf(checkApprovalDecision(journey.state, input)) },
  );

  setHandler(
    submitEvidenceUpdate,
    (input) => {
      journey.state = applySubmission(journey.state, input, now(), uuid4());
      return { stage: journey.state.stage };
    },
    { validator: (input) => rejectIf(checkSubmission(journey.state, input)) },
  );

  setHandler(
    scoreSubmissionUpdate,
    (input) => {
      journey.state = applyScoring(journey.state, input, now(), uuid4());
      return { stage: journey.state.stage };
    },
    { validator: (input) => rejectIf(checkScoring(journey.state, input)) },
  );
}
