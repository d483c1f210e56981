import { condition, sleep, uuid4 } from '@temporalio/workflow';
import { addIsoDuration } from '../../domain/duration.js';
import { JourneyStage } from '../../domain/journey.js';
import { db } from './activities.js';
import { msUntil, now } from './clock.js';
import { evaluateRules } from './incidents.js';
import { type Journey, notify, record } from './journal.js';
import type { JourneyContext } from '../../domain/journey-context.js';

// The phases of one certification cycle. Each returns whether the journey goes on; when it stops,
// the phase has already recorded why.

export const MAX_APPROVAL_REQUESTS = 3;

const ctx = (journey: Journey): JourneyContext => journey.state.context!;

export async function enrol(journey: Journey, enrolledBy: string): Promise<void> {
  const { programId, pathwayId, candidateId } = journey.state;
  const context = await db.loadJourneyContext({ programId, pathwayId, candidateId });
  // The rule version in force at enrolment stays with the journey: later edits do not surprise anyone.
  journey.state = { ...journey.state, context, ruleSetId: context.pathway.eligibilityRuleSetId };
  await record(journey, 'enrolled', { actorId: enrolledBy, stage: JourneyStage.Enrolled, data: { pathwayId } });
}

export async function checkEligibility(journey: Journey): Promise<boolean> {
  const { candidateId } = journey.state;
  // Rules that cannot be evaluated become an incident the journey waits on (patch rules-incidents);
  // whoever resolves it may pin the journey to another rule-set version.
  const { result: eligibility, ruleSetId } = await evaluateRules(journey, { step: 'eligibility', candidateId, ruleSetId: journey.state.ruleSetId!, asOf: now() });
  journey.state = { ...journey.state, eligibility, ruleSetId };
  if (eligibility.eligible) {
    await record(journey, 'eligibility_confirmed', { data: { conditions: eligibility.conditions } });
    return true;
  }
  journey.state = { ...journey.state, endReason: eligibility.reasons.join(' ') };
  await record(journey, 'found_ineligible', {
    stage: JourneyStage.Ineligible,
    data: { reasons: eligibility.reasons, conditions: eligibility.conditions },
  });
  const { candidate, program } = ctx(journey);
  await notify(candidate.email, {
    template: 'enrollment-ineligible',
    params: { candidateName: candidate.name, programName: program.name, reasons: eligibility.reasons },
  });
  return false;
}

/** The manager approves by a single-use link; an unanswered request is sent again, up to a limit. */
export async function obtainManagerApproval(journey: Journey): Promise<boolean> {
  const { manager, candidate, program, pathway } = ctx(journey);
  if (!manager) return stop(journey, JourneyStage.Withdrawn, 'No manager on record to approve the enrolment.');
  for (let attempt = 1; attempt <= MAX_APPROVAL_REQUESTS; attempt++) {
    const approvalId = uuid4();
    const createdAt = now();
    const expiresAt = addIsoDuration(createdAt, program.approvalLinkTtl);
    await db.openApproval({ approvalId, journeyId: journey.state.journeyId, step: 'manager_approval', approverId: manager.id, createdAt, expiresAt });
    journey.state = {
      ...journey.state,
      approval: { approvalId, approverId: manager.id, step: 'manager_approval', expiresAt, attempt },
    };
    await record(journey, 'approval_requested', {
      stage: JourneyStage.AwaitingManagerApproval,
      data: { approvalId, approverId: manager.id, expiresAt, attempt },
    });
    await notify(manager.email, {
      template: 'manager-approval',
      params: { approvalId, approverName: manager.name, candidateName: candidate.name, programName: program.name, pathwayName: pathway.name, expiresAt },
    });
    if (await condition(() => journey.state.approval?.decision !== undefined, msUntil(expiresAt))) {
      return recordApprovalDecision(journey);
    }
    await record(journey, 'approval_expired', { data: { approvalId, attempt } });
  }
  return stop(journey, JourneyStage.Withdrawn, `Manager approval was not received after ${MAX_APPROVAL_REQUESTS} requests.`);
}

async function recordApprovalDecision(journey: Journey): Promise<boolean> {
  const approval = journey.state.approval!;
  const { candidate, program, manager } = ctx(journey);
  await db.closeApproval({ approvalId: approval.approvalId, decision: approval.decision!, comment: approval.comment ?? null, decidedAt: approval.decidedAt! });
  const data = { approvalId: approval.approvalId, decision: approval.decision, comment: approval.comment ?? null };
  if (approval.decision === 'approved') {
    await record(journey, 'manager_approved', { actorId: approval.approverId, data });
    return true;
  }
  journey.state = { ...journey.state, endReason: approval.comment ?? 'Declined by the manager.' };
  await record(journey, 'manager_declined', { actorId: approval.approverId, stage: JourneyStage.Declined, data });
  await notify(candidate.email, {
    template: 'journey-declined',
    params: { candidateName: candidate.name, programName: program.name, approverName: manager?.name ?? 'your manager', ...(approval.comment ? { comment: approval.comment } : {}) },
  });
  return false;
}

export async function collectEvidence(journey: Journey): Promise<boolean> {
  const submissionDueAt = addIsoDuration(now(), ctx(journey).program.submissionDeadline);
  journey.state = { ...journey.state, submissionDueAt };
  await record(journey, 'submission_opened', { stage: JourneyStage.AwaitingSubmission, data: { submissionDueAt } });
  if (!(await condition(() => journey.state.submission !== null, msUntil(submissionDueAt)))) {
    return stop(journey, JourneyStage.Withdrawn, 'The submission deadline passed without evidence.');
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
  const { candidate, program, pathway } = ctx(journey);
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

export async function certify(journey: Journey): Promise<void> {
  const { candidate, program } = ctx(journey);
  const issuedAt = now();
  const credential = await db.issueCredential({
    credentialId: uuid4(),
    journeyId: journey.state.journeyId,
    cycle: journey.state.cycle,
    personId: candidate.id,
    programId: program.id,
    issuedAt,
    expiresAt: addIsoDuration(issuedAt, program.validity),
  });
  journey.state = { ...journey.state, credential };
  await record(journey, 'credential_issued', { stage: JourneyStage.Certified, data: { ...credential } });
  await notify(candidate.email, {
    template: 'credential-issued',
    params: { candidateName: candidate.name, programName: program.name, credentialNumber: credential.number, expiresAt: credential.expiresAt },
  });
}

/** Waits, for months or years, until the re-certification window opens and then until expiry. */
export async function awaitRecertification(journey: Journey): Promise<void> {
  const { candidate, program } = ctx(journey);
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

async function stop(journey: Journey, stage: JourneyStage, reason: string): Promise<false> {
  journey.state = { ...journey.state, endReason: reason };
  await record(journey, 'journey_ended', { stage, data: { reason } });
  return false;
}
