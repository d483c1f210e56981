import { allHandlersFinished, condition, continueAsNew, setHandler, sleep, uuid4 } from '@temporalio/workflow';
import { rejectIf } from '../handlers.js';
import { scoreSubmissionUpdate, submitEvidenceUpdate } from '../messages.js';
import { applyScoring, applySubmission, checkScoring, checkSubmission } from '../state.js';
import { addIsoDuration } from '../../../domain/duration.js';
import { JourneyStage } from '../../../domain/journey.js';
import { db } from '../activities.js';
import { msUntil, now } from '../clock.js';
import { endJourney, type Journey, journeyContext, notify, record } from '../journal.js';
import { certify } from '../phases/certification.js';
import { checkEligibility, enrol, obtainManagerApproval } from '../phases/enrolment.js';
import type { JourneyInput, JourneyOutcome } from '../types.js';
import type { journeyWorkflow } from '../workflow.js';

// The first version of the journey (before patch full-lifecycle): one evidence deadline, a single
// assessor, no mentoring, appeal or re-certification. Kept unchanged only so that journeys started
// under it finish as they began; remove it with `deprecatePatch('full-lifecycle')` once none is open
// (docs/workflow-versioning.md). Histories: test/histories/journey-v1-*.

/** The v1 evidence and scoring updates: a single submission, scored by the one assessor. */
export function installV1Handlers(journey: Journey): void {
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

/** Journeys started before the full lifecycle finish as they began (see patches.ts). */
export async function journeyV1(journey: Journey, input: JourneyInput, outcome: (journey: Journey) => JourneyOutcome): Promise<JourneyOutcome> {
  if (journey.state.stage === JourneyStage.Enrolled) {
    await enrol(journey, input.enrolledBy);
    const certified =
      (await checkEligibility(journey)) &&
      (await obtainManagerApproval(journey)) &&
      (await collectEvidence(journey)) &&
      (await assess(journey));
    if (!certified) return outcome(journey);
    await certify(journey);
    await condition(allHandlersFinished);
    return continueAsNew<typeof journeyWorkflow>({ ...input, resume: journey.state });
  }
  await awaitRecertification(journey);
  await condition(allHandlersFinished);
  return outcome(journey);
}

export async function collectEvidence(journey: Journey): Promise<boolean> {
  const submissionDueAt = addIsoDuration(now(), journeyContext(journey).program.submissionDeadline);
  journey.state = { ...journey.state, submissionDueAt };
  await record(journey, 'submission_opened', { stage: JourneyStage.AwaitingSubmission, data: { submissionDueAt } });
  if (!(await condition(() => journey.state.submission !== null, msUntil(submissionDueAt)))) {
    return endJourney(journey, JourneyStage.Withdrawn, 'The submission deadline passed without evidence.');
  }
  const submission = journey.state.submission!;
  const { contentHash } = await db.recordSubmission({ journeyId: journey.state.journeyId, cycle: journey.state.cycle, submittedBy: journey.state.candidateId, submission });
  await record(journey, 'evidence_submitted', {
    actorId: journey.state.candidateId,
    data: { submissionId: submission.submissionId, format: submission.format, title: submission.title, contentHash },
  });
  return true;
}

export async function assess(journey: Journey): Promise<boolean> {
  const { candidate, program, pathway } = journeyContext(journey);
  const assessor = await db.assignAssessor({ journeyId: journey.state.journeyId, candidateId: candidate.id });
  journey.state = { ...journey.state, assessorId: assessor.id };
  await record(journey, 'assessor_assigned', { stage: JourneyStage.AwaitingAssessment, data: { assessorId: assessor.id } });
  await notify(assessor.email, {
    template: 'assessment-requested',
    params: { assessorName: assessor.name, candidateName: candidate.name, programName: program.name, pathwayName: pathway.name, journeyId: journey.state.journeyId },
  });
  await condition(() => journey.state.assessment !== null);
  const assessment = journey.state.assessment!;
  await db.recordAssessment({ journeyId: journey.state.journeyId, submissionId: journey.state.submission!.submissionId, assessment });
  const passed = assessment.outcome === 'passed';
  if (!passed) journey.state = { ...journey.state, endReason: assessment.rationale };
  await record(journey, 'assessment_decided', {
    actorId: assessment.assessorId,
    ...(passed ? {} : { stage: JourneyStage.NotPassed }),
    data: { outcome: assessment.outcome, average: assessment.average, scores: assessment.scores, rationale: assessment.rationale },
  });
  await notify(candidate.email, {
    template: 'assessment-result',
    params: { candidateName: candidate.name, programName: program.name, outcome: assessment.outcome, average: assessment.average, rationale: assessment.rationale },
  });
  return passed;
}

/** Waits, for months or years, until the re-certification window opens and then until expiry. */
export async function awaitRecertification(journey: Journey): Promise<void> {
  const { candidate, program } = journeyContext(journey);
  const credential = journey.state.credential!;
  if (journey.state.stage === JourneyStage.Certified) {
    await sleep(msUntil(addIsoDuration(credential.expiresAt, program.recertificationWindow, -1)));
    await record(journey, 'recertification_window_opened', { stage: JourneyStage.RecertificationDue, data: { expiresAt: credential.expiresAt } });
    await notify(candidate.email, {
      template: 'recertification-due',
      params: { candidateName: candidate.name, programName: program.name, expiresAt: credential.expiresAt },
    });
  }
  await sleep(msUntil(credential.expiresAt));
  await db.expireCredential({ credentialId: credential.credentialId });
  journey.state = { ...journey.state, endReason: 'The credential expired without re-certification.' };
  await record(journey, 'credential_expired', { stage: JourneyStage.Expired, data: { credentialNumber: credential.number } });
}
