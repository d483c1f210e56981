import { ApplicationFailure, setHandler } from '@temporalio/workflow';
import type { DomainError } from '../../domain/errors.js';
import { now } from './clock.js';
import type { Journey } from './journal.js';
import { decideApprovalUpdate, getJourneyQuery } from './messages.js';
import { journeySnapshot } from './snapshot.js';
import { applyApprovalDecision, checkApprovalDecision } from './state.js';

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

// Handlers only move state; the main workflow body sees the change and does the I/O in order. These
// two are the same on every path; the evidence and scoring handlers differ by path (legacy/v1.ts,
// lifecycle-handlers.ts) and each path installs its own, once.
export function installHandlers(journey: Journey): void {
  setHandler(getJourneyQuery, () => journeySnapshot(journey.state));

  setHandler(
    decideApprovalUpdate,
    (input) => {
      journey.state = applyApprovalDecision(journey.state, input, now());
      return { stage: journey.state.stage };
    },
    { validator: (input) => rejectIf(checkApprovalDecision(journey.state, input)) },
  );
}
