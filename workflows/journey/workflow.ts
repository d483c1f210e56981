import { allHandlersFinished, condition, continueAsNew, patched } from '@temporalio/workflow';
import { JourneyStage } from '../../domain/journey.js';
import { installHandlers } from './handlers.js';
import { installV1Handlers, journeyV1 } from './legacy/v1.js';
import { installIncidentHandlers } from './incidents.js';
import type { Journey } from './journal.js';
import { holdCredential } from './lifecycle/credential.js';
import { earnCredential } from './lifecycle/earn.js';
import { mentor } from './lifecycle/mentoring.js';
import { followProgramChanges } from './lifecycle/program-changes.js';
import { followRuleChanges } from './lifecycle/rule-changes.js';
import { chooseSideTaskStopping, runBeside } from './lifecycle/beside.js';
import { installLifecycleHandlers } from './lifecycle-handlers.js';
import { JourneyPatches } from './patches.js';
import { certify } from './phases/certification.js';
import { checkEligibility, enrol, obtainManagerApproval } from './phases/enrolment.js';
import { newJourneyState } from './state.js';
import type { JourneyInput, JourneyOutcome } from './types.js';

/**
 * One candidate's certification journey: enrol, check eligibility, get the manager's approval, then,
 * with a mentor alongside, earn the credential (evidence, panel assessment, appeal, resubmission),
 * and hold it: re-certify cycle after cycle, each on a fresh history, until it lapses or is revoked.
 */
export async function journeyWorkflow(input: JourneyInput): Promise<JourneyOutcome> {
  const journey: Journey = { state: input.resume ?? newJourneyState(input) };
  installHandlers(journey);
  installIncidentHandlers(journey);
  if (!patched(JourneyPatches.fullLifecycle)) {
    installV1Handlers(journey);
    return journeyV1(journey, input, outcome);
  }
  installLifecycleHandlers(journey);
  chooseSideTaskStopping(journey);
  const ruleChanges = runBeside(journey, (flag) => followRuleChanges(journey, flag));
  const programChanges = runBeside(journey, (flag) => followProgramChanges(journey, flag));
  try {
    return await lifecycle(journey, input);
  } finally {
    await programChanges.stop();
    await ruleChanges.stop();
  }
}

async function lifecycle(journey: Journey, input: JourneyInput): Promise<JourneyOutcome> {
  if (journey.state.stage === JourneyStage.Enrolled) {
    await enrol(journey, input.enrolledBy);
    if (!(await checkEligibility(journey)) || !(await obtainManagerApproval(journey))) return outcome(journey);
    const mentoring = runBeside(journey, (flag) => mentor(journey, flag));
    const earned = await earnCredential(journey);
    await mentoring.stop();
    if (!earned) return outcome(journey);
    await certify(journey);
    return startNextRun(input, journey);
  }

  const held = await holdCredential(journey);
  return held === 'renewed' || held === 'continue' ? startNextRun(input, journey) : outcome(journey);
}

/** Each certification cycle runs on a fresh history that carries only the journey's state. */
async function startNextRun(input: JourneyInput, journey: Journey): Promise<never> {
  await condition(allHandlersFinished);
  return continueAsNew<typeof journeyWorkflow>({ ...input, resume: journey.state });
}

function outcome(journey: Journey): JourneyOutcome {
  const { stage, endReason, credential } = journey.state;
  return { stage, reason: endReason, credentialNumber: credential?.number ?? null };
}

