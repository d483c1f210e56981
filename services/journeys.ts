import {
  type Client,
  QueryNotRegisteredError,
  QueryRejectedError,
  ServiceError,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
} from '@temporalio/client';
import { ErrorCode, fail, ok, type Result } from '../domain/errors.js';
import { journeyWorkflowId } from '../domain/workflow-ids.js';
import type { PrismaClient } from '../prisma/client.js';
import type { UpdateDefinition } from '@temporalio/client';
import {
  getJourneyQuery,
  type ScoreSubmissionInput,
  type StageAnswer,
  type SubmitEvidenceInput,
  scoreSubmissionUpdate,
  submitEvidenceUpdate,
} from '../workflows/journey/messages.js';
import type { JourneyInput } from '../workflows/journey/types.js';
import type { journeyWorkflow } from '../workflows/journey/workflow.js';
import { claimUpload } from './uploads.js';
import { toDomainError } from './workflow-errors.js';

export interface JourneyServiceDeps {
  prisma: PrismaClient;
  client: Client;
  taskQueue: string;
  /** The enrolment instant; the demo history's simulated clock replaces it (demo/company/history.ts). */
  now?: () => Date;
}

export interface EnrollRequest {
  candidateId: string;
  programId: string;
  pathwayId: string;
  actorId: string;
  cohortId?: string;
}

/** The journey's people, as the read model knows them: what a caller's gate decides on. */
export interface JourneyParties {
  id: string;
  candidateId: string;
  assessorId: string | null;
  mentorId: string | null;
  panel: string[];
}

/**
 * Whether the person acting may see the journey at all (services/access.ts decides). Asked before the
 * workflow is, so that a journey they may not see answers exactly as a missing one: nothing about its
 * stage, or that it exists, reaches someone who may not see it.
 */
export interface JourneyGate {
  allows(journey: JourneyParties): Promise<boolean>;
  /** The journey's parties as the caller's request reads them: once per request, however many checks ask. */
  parties(journeyId: string): Promise<JourneyParties | null>;
}

const PARTIES = { id: true, candidateId: true, assessorId: true, mentorId: true, panel: true } as const;

/** How long a page waits for a workflow to say its deadlines before showing the journey without them. */
const DEADLINE_QUERY_MS = 3000;

export function createJourneyService({ prisma, client, taskQueue, now = () => new Date() }: JourneyServiceDeps) {
  /** `gate` absent: Certiflow itself acts (a publication, an incident's resolution), not a person. */
  async function update<T>(journeyId: string, run: () => Promise<T>, gate?: JourneyGate): Promise<Result<T>> {
    const journey = gate ? await gate.parties(journeyId) : await prisma.journey.findUnique({ where: { id: journeyId }, select: PARTIES });
    // One answer, same code and words, for a missing journey and for one the caller may not see.
    if (!journey || (gate && !(await gate.allows(journey)))) return fail(ErrorCode.NotFound, `Journey ${journeyId} does not exist.`, 'journeyId');
    try {
      return ok(await run());
    } catch (error) {
      const domainError = toDomainError(error);
      if (domainError) return { ok: false, error: domainError };
      throw error;
    }
  }

  return {
    /** Starts the candidate's journey; enrolling again while it runs returns the same journey. */
    async enroll(request: EnrollRequest): Promise<Result<{ journeyId: string; created: boolean }>> {
      const pathway = await prisma.pathway.findUnique({ where: { id: request.pathwayId } });
      if (!pathway || pathway.programId !== request.programId) {
        return fail(ErrorCode.NotFound, `Program ${request.programId} has no pathway ${request.pathwayId}.`, 'pathwayId');
      }
      if (pathway.retiredAt) {
        return fail(ErrorCode.InvalidInput, `The pathway ${request.pathwayId} was retired on ${pathway.retiredAt.toISOString().slice(0, 10)}; choose another pathway of the program.`, 'pathwayId');
      }
      const candidate = await prisma.person.findUnique({ where: { id: request.candidateId } });
      if (!candidate) return fail(ErrorCode.NotFound, `Person ${request.candidateId} does not exist.`, 'candidateId');
      if (request.cohortId) {
        const cohort = await prisma.cohort.findUnique({ where: { id: request.cohortId } });
        if (cohort?.programId !== request.programId) {
          return fail(ErrorCode.NotFound, `Program ${request.programId} has no cohort ${request.cohortId}.`, 'cohortId');
        }
      }

      const journeyId = journeyWorkflowId(request.programId, request.candidateId);
      const enrolledAt = now().toISOString();
      // Re-entry after a finished journey is a new cycle, with its own credential.
      const previous = await prisma.journey.findUnique({ where: { id: journeyId }, select: { cycle: true } });
      const cycle = previous ? previous.cycle + 1 : 1;
      const input: JourneyInput = { version: 1, journeyId, ...request, enrolledBy: request.actorId, enrolledAt, cycle };
      try {
        await client.workflow.start<typeof journeyWorkflow>('journeyWorkflow', {
          workflowId: journeyId,
          taskQueue,
          args: [input],
          // A finished journey (ineligible, declined, expired...) may be started again: that is re-entry.
          workflowIdReusePolicy: 'ALLOW_DUPLICATE',
          workflowIdConflictPolicy: 'FAIL',
        });
      } catch (error) {
        if (error instanceof WorkflowExecutionAlreadyStartedError) return ok({ journeyId, created: false });
        throw error;
      }
      // HR sees the journey at once; the workflow's own events fill in the rest.
      await prisma.journey.createMany({
        data: [
          {
            id: journeyId,
            programId: request.programId,
            pathwayId: request.pathwayId,
            candidateId: request.candidateId,
            stage: 'enrolled',
            cohortId: request.cohortId ?? null,
            enrolledAt: new Date(enrolledAt),
            updatedAt: new Date(enrolledAt),
          },
        ],
        skipDuplicates: true,
      });
      return ok({ journeyId, created: true });
    },

    /** Evidence; an uploaded file is referenced by its hash and must have been stored first. */
    async submitEvidence(gate: JourneyGate, journeyId: string, input: SubmitEvidenceInput, fileSha256?: string): Promise<Result<StageAnswer>> {
      let evidence = input;
      if (fileSha256) {
        // Only a file the submitting person uploaded themselves: content is stored once for everyone, so
        // a hash alone would let anyone attach (and then download) someone else's file.
        const file = await claimUpload(prisma, input.actorId, fileSha256);
        if (!file) return fail(ErrorCode.NotFound, 'You have uploaded no file with this sha256; upload it with POST /uploads first.', 'fileSha256');
        evidence = { ...input, file };
      }
      return update(journeyId, () => client.workflow.getHandle(journeyId).executeUpdate(submitEvidenceUpdate, { args: [evidence] }), gate);
    },

    scoreSubmission(gate: JourneyGate, journeyId: string, input: ScoreSubmissionInput): Promise<Result<StageAnswer>> {
      return update(journeyId, () => client.workflow.getHandle(journeyId).executeUpdate(scoreSubmissionUpdate, { args: [input] }), gate);
    },

    /**
     * The deadlines a journey's workflow is waiting on (`submission`, `appeal`, `expiry`...; reminders
     * included), read from its own state so a pause has already moved them. Null when the workflow does
     * not answer in time: a page then shows the journey without them rather than failing.
     */
    async openDeadlines(journeyId: string): Promise<Record<string, string> | null> {
      try {
        const state = await client.withDeadline(Date.now() + DEADLINE_QUERY_MS, () => client.workflow.getHandle(journeyId).query(getJourneyQuery));
        // Runs started before the full lifecycle kept only the submission deadline.
        const legacy: Record<string, string> = state.submissionDueAt && state.stage === 'awaiting_submission' ? { submission: state.submissionDueAt } : {};
        return { ...legacy, ...state.deadlines };
      } catch (error) {
        // Not found, no worker, server away or too slow: all mean "cannot say now", reported as null.
        const cannotSay = [ServiceError, WorkflowNotFoundError, QueryNotRegisteredError, QueryRejectedError].some((type) => error instanceof type);
        if (cannotSay) return null;
        throw error;
      }
    },

    /** Any other action a person takes on a running journey they may see (`gate`); the workflow's validator accepts it or says why not. */
    actAs<I>(gate: JourneyGate, journeyId: string, definition: UpdateDefinition<StageAnswer, [I], string>, input: I): Promise<Result<StageAnswer>> {
      return update(journeyId, () => client.workflow.getHandle(journeyId).executeUpdate(definition, { args: [input] }), gate);
    },

    /**
     * An action Certiflow itself takes on a running journey (a rule publication, an incident's
     * resolution), with no person's view to check. An `updateId` makes a retried call (e.g. a re-run
     * publication) apply once: Temporal returns the first call's result for the same id.
     */
    act<I>(
      journeyId: string,
      definition: UpdateDefinition<StageAnswer, [I], string>,
      input: I,
      updateId?: string,
    ): Promise<Result<StageAnswer>> {
      return update(journeyId, () =>
        client.workflow.getHandle(journeyId).executeUpdate(definition, { args: [input], ...(updateId ? { updateId } : {}) }),
      );
    },
  };
}

export type JourneyService = ReturnType<typeof createJourneyService>;
