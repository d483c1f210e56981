import { patched } from '@temporalio/workflow';
import { JourneyStage } from '../../../domain/journey.js';
import { JourneyPatches } from '../patches.js';
import { type Journey, notify, record } from '../journal.js';
import { offerAppeal } from './appeal.js';
import { collectEvidence, openResubmission } from './evidence.js';
import { assessByPanel } from './panel.js';

/**
 * From approval to a decision that stands: evidence, panel assessment, the appeal window, and a
 * resubmission when the program allows one. True when the candidate has earned the credential.
 */
export async function earnCredential(journey: Journey): Promise<boolean> {
  let needsEvidence = true;
  for (;;) {
    if (needsEvidence) {
      const evidence = await collectEvidence(journey);
      if (evidence === 'ended') return withdrawn(journey);
      if (evidence === 'missed') return stop(journey, JourneyStage.Withdrawn, 'The submission deadline passed without evidence.');
    }
    const decision = await assessByPanel(journey);
    if (decision === 'ended') return withdrawn(journey);
    if (decision === 'passed') {
      await notifyResult(journey);
      return true;
    }
    const appeal = await offerAppeal(journey);
    if (appeal === 'ended') return withdrawn(journey);
    if (appeal === 'overturned') return true;
    if (appeal === 'reassess') {
      // The appeal has done its work: a fail by the new panel may be appealed afresh, in a window of its own.
      if (patched(JourneyPatches.reassessmentClearsAppeal)) journey.state = { ...journey.state, appeal: null };
      needsEvidence = false;
      continue;
    }
    if (!(await openResubmission(journey))) {
      return stop(journey, JourneyStage.NotPassed, journey.state.assessment?.rationale ?? 'Not passed.');
    }
    needsEvidence = true;
  }
}

async function notifyResult(journey: Journey): Promise<void> {
  const { candidate, program } = journey.state.context!;
  const assessment = journey.state.assessment!;
  await notify(candidate.email, {
    template: 'assessment-result',
    params: { candidateName: candidate.name, programName: program.name, outcome: assessment.outcome, average: assessment.average, rationale: assessment.rationale },
  });
}

export async function withdrawn(journey: Journey): Promise<false> {
  const { candidate, program } = journey.state.context!;
  const withdrawal = journey.state.withdrawal!;
  journey.state = { ...journey.state, endReason: withdrawal.reason, deadlines: {} };
  await record(journey, 'journey_withdrawn', { actorId: withdrawal.actorId, stage: JourneyStage.Withdrawn, data: { reason: withdrawal.reason } });
  // Someone who left the company is not written to at an address that is closing (patch directory-changes).
  if (!journey.state.departure) {
    await notify(candidate.email, { template: 'journey-withdrawn', params: { candidateName: candidate.name, programName: program.name, reason: withdrawal.reason } });
  }
  return false;
}

async function stop(journey: Journey, stage: JourneyStage, reason: string): Promise<false> {
  journey.state = { ...journey.state, endReason: reason, deadlines: {} };
  await record(journey, 'journey_ended', { stage, data: { reason } });
  return false;
}
