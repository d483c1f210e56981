import { condition, patched, uuid4 } from '@temporalio/workflow';
import type { PersonRef } from '../../../domain/journey-context.js';
import { addIsoDuration } from '../../../domain/duration.js';
import { JourneyStage } from '../../../domain/journey.js';
import { db } from '../activities.js';
import { msUntil, now } from '../clock.js';
import { evaluateRules } from '../incidents.js';
import { endJourney, type Journey, journeyContext, notify, record } from '../journal.js';
import { offerDecisionAppeal } from '../lifecycle/decision-appeals.js';
import { withdrawn } from '../lifecycle/earn.js';
import { hasEnded } from '../lifecycle/waits.js';
import { JourneyPatches } from '../patches.js';

// How every journey begins, on every path since the first: enrolment with the program's terms, the
// eligibility rules, and the manager's approval. Each returns whether the journey goes on; when it
// stops, it has already recorded why.

export const MAX_APPROVAL_REQUESTS = 3;

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
  const { candidate, program } = journeyContext(journey);
  await notify(candidate.email, {
    template: 'enrollment-ineligible',
    params: { candidateName: candidate.name, programName: program.name, reasons: eligibility.reasons },
  });
  if (patched(JourneyPatches.decisionAppeals)) {
    const appeal = await offerDecisionAppeal(journey, { kind: 'ineligibility', decidedBy: [], reference: ruleSetId, standingStage: JourneyStage.Ineligible });
    if (appeal === 'ended') return withdrawn(journey);
    if (appeal === 'overturned') {
      journey.state = { ...journey.state, endReason: null };
      return true;
    }
  }
  return false;
}

/**
 * The manager approves by a single-use link; an unanswered request is sent again, up to a limit. With
 * the directory followed (patch directory-changes), a candidate who leaves ends the wait at once, and a
 * new manager in the directory gets the request in place of the previous one, who is told. With patch
 * approval-escalation, a manager who answers none of the requests hands the decision to their own
 * manager, who gets as many; only when neither answers does the journey end.
 */
export async function obtainManagerApproval(journey: Journey): Promise<boolean> {
  const followsDirectory = patched(JourneyPatches.directoryChanges);
  if (followsDirectory && hasEnded(journey)) return withdrawn(journey);
  // Read on every request: the directory may have named a new manager since the last one.
  const asked = await askForApproval(journey, () => journeyContext(journey).manager, followsDirectory);
  if (asked !== 'unanswered') return asked;
  if (patched(JourneyPatches.approvalEscalation)) {
    const { manager, candidate, program } = journeyContext(journey);
    const above = manager ? await db.nextManagerUp({ managerId: manager.id, candidateId: candidate.id }) : null;
    if (manager && above) {
      await record(journey, 'approval_escalated', { data: { approvalId: journey.state.approval!.approvalId, from: manager.id, to: above.id } });
      await notify(manager.email, {
        template: 'approval-moved',
        params: { approverName: manager.name, candidateName: candidate.name, programName: program.name, newApproverName: above.name },
      });
      // A new manager named while the request is escalated takes it over, as they would have before.
      let escalatedTo: PersonRef | null = above;
      const again = await askForApproval(journey, () => escalatedTo ?? journeyContext(journey).manager, followsDirectory, () => {
        escalatedTo = null;
      });
      if (again !== 'unanswered') return again;
      return endJourney(journey, JourneyStage.Withdrawn, `Manager approval was not received after ${MAX_APPROVAL_REQUESTS} requests to ${manager.name} and ${MAX_APPROVAL_REQUESTS} to ${above.name}.`);
    }
  }
  return endJourney(journey, JourneyStage.Withdrawn, `Manager approval was not received after ${MAX_APPROVAL_REQUESTS} requests.`);
}

/** Up to MAX_APPROVAL_REQUESTS requests to `approverOf()`: the decision, false when the journey stopped, or 'unanswered'. */
async function askForApproval(journey: Journey, approverOf: () => PersonRef | null, followsDirectory: boolean, onRerouted: () => void = () => {}): Promise<boolean | 'unanswered'> {
  for (let attempt = 1; attempt <= MAX_APPROVAL_REQUESTS; attempt++) {
    const { candidate, program, pathway } = journeyContext(journey);
    const addressee = approverOf();
    if (!addressee) return endJourney(journey, JourneyStage.Withdrawn, 'No manager on record to approve the enrolment.');
    // The person asked: the one the request is for, or the delegate they named for approvals.
    const manager = await delegateOf(journey, addressee);
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
      params: {
        approvalId,
        approverName: manager.name,
        candidateName: candidate.name,
        programName: program.name,
        pathwayName: pathway.name,
        expiresAt,
        ...(manager.id === addressee.id ? {} : { onBehalfOf: addressee.name }),
      },
    });
    const answered = () => journey.state.approval?.decision !== undefined || (followsDirectory && (hasEnded(journey) || !!journey.state.approvalRerouted));
    if (await condition(answered, msUntil(expiresAt))) {
      if (journey.state.approval?.decision !== undefined) return recordApprovalDecision(journey, manager);
      await db.closeApproval({ approvalId, decision: hasEnded(journey) ? 'withdrawn' : 'rerouted', comment: null, decidedAt: now() });
      if (hasEnded(journey)) return withdrawn(journey);
      onRerouted();
      await approvalMoved(journey, approvalId, manager);
      // The new manager's request is a first request, not a reminder.
      attempt--;
      continue;
    }
    await record(journey, 'approval_expired', { data: { approvalId, attempt } });
  }
  return 'unanswered';
}

/** The delegate `addressee` named for approvals, recorded (patch approval-delegates); else `addressee`. */
async function delegateOf(journey: Journey, addressee: PersonRef): Promise<PersonRef> {
  if (!patched(JourneyPatches.approvalDelegates)) return addressee;
  const delegate = await db.approvalDelegateOf({ managerId: addressee.id, candidateId: journeyContext(journey).candidate.id, at: now() });
  if (!delegate) return addressee;
  await record(journey, 'approval_delegated', { data: { from: addressee.id, to: delegate.id } });
  return delegate;
}

/** The previous manager learns the request moved; the audit trail says from whom to whom. */
async function approvalMoved(journey: Journey, approvalId: string, previous: PersonRef): Promise<void> {
  const { candidate, program, manager } = journeyContext(journey);
  journey.state = { ...journey.state, approvalRerouted: null };
  await record(journey, 'approval_rerouted', { data: { approvalId, from: previous.id, to: manager?.id ?? null } });
  await notify(previous.email, {
    template: 'approval-moved',
    params: { approverName: previous.name, candidateName: candidate.name, programName: program.name, newApproverName: manager?.name ?? 'HR' },
  });
}

/** `approver` is who decided: the manager, or the next manager up after an escalation. */
async function recordApprovalDecision(journey: Journey, approver: PersonRef): Promise<boolean> {
  const approval = journey.state.approval!;
  const { candidate, program } = journeyContext(journey);
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
    params: { candidateName: candidate.name, programName: program.name, approverName: approver.name, ...(approval.comment ? { comment: approval.comment } : {}) },
  });
  if (patched(JourneyPatches.decisionAppeals)) {
    const appeal = await offerDecisionAppeal(journey, { kind: 'decline', decidedBy: [approval.approverId], reference: approval.approvalId, standingStage: JourneyStage.Declined });
    if (appeal === 'ended') return withdrawn(journey);
    if (appeal === 'overturned') {
      journey.state = { ...journey.state, endReason: null };
      return true;
    }
  }
  return false;
}
