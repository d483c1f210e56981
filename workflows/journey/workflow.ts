import { allHandlersFinished, condition, continueAsNew } from '@temporalio/workflow';
import { JourneyStage } from '../../domain/journey.js';
import { installHandlers } from './handlers.js';
import type { Journey } from './journal.js';
import { assess, awaitRecertification, certify, checkEligibility, collectEvidence, enrol, obtainManagerApproval } from './phases.js';
import { newJourneyState } from './state.js';
import type { JourneyInput, JourneyOutcome } from './types.js';

/**
 * One candidate's certification journey: enrol, check eligibility, get the manager's approval,
 * collect evidence, assess against the rubric, certify, then wait out the credential's validity.
 */
export async function journeyWorkflow(input: JourneyInput): Promise<JourneyOutcome> {
  const journey: Journey = { state: input.resume ?? newJourneyState(input) };
  installHandlers(journey);

  if (journey.state.stage === JourneyStage.Enrolled) {
    await enrol(journey, input.enrolledBy);
    const certified =
      (await checkEligibility(journey)) &&
      (await obtainManagerApproval(journey)) &&
      (await collectEvidence(journey)) &&
      (await assess(journey));
    if (!certified) return outcome(journey);
    await certify(journey);
    // The wait for expiry may last years: start it on a fresh history that carries only the state.
    await condition(allHandlersFinished);
    return continueAsNew<typeof journeyWorkflow>({ ...input, resume: journey.state });
  }

  await awaitRecertification(journey);
  await condition(allHandlersFinished);
  return outcome(journey);
}

function outcome(journey: Journey): JourneyOutcome {
  const { stage, endReason, credential } = journey.state;
  return { stage, reason: endReason, credentialNumber: credential?.number ?? null };
}
