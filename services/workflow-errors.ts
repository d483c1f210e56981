import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { type DomainError, ErrorCode } from '../domain/errors.js';

const KNOWN_CODES = new Set<string>(Object.values(ErrorCode));

/** Turns a rejected update into the domain error its validator raised; anything else is unexpected. */
export function toDomainError(error: unknown): DomainError | null {
  if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
    const { type, message, details } = error.cause;
    if (type && KNOWN_CODES.has(type)) {
      const path = typeof details?.[0] === 'string' ? details[0] : undefined;
      return { code: type as DomainError['code'], message, ...(path ? { path } : {}) };
    }
  }
  if (error instanceof WorkflowNotFoundError) {
    return { code: ErrorCode.NotAllowedInStage, message: 'This journey has ended; it no longer accepts actions.' };
  }
  if (error instanceof Error && /workflow execution already completed/i.test(error.message)) {
    return { code: ErrorCode.NotAllowedInStage, message: 'This journey has ended; it no longer accepts actions.' };
  }
  // Under heavy load a workflow task can time out; until the retried task completes, the server
  // refuses updates with FAILED_PRECONDITION. Nothing was applied, and trying again shortly works.
  if (error instanceof Error && /workflow task in failed state/i.test(error.message)) {
    return { code: ErrorCode.WorkflowUnavailable, message: 'The journey is busy catching up; nothing was changed. Please try again in a few seconds.' };
  }
  return null;
}
