import { patched, workflowInfo } from '@temporalio/workflow';
import { addIsoDuration } from '../../../domain/duration.js';
import { JourneyPatches } from '../patches.js';
import { JourneyStage } from '../../../domain/journey.js';
import { db } from '../activities.js';
import { msUntil } from '../clock.js';
import { evaluateRules } from '../incidents.js';
import { type Journey, notify, record } from '../journal.js';
import { offerDecisionAppeal } from './decision-appeals.js';
import { assessByPanel } from './panel.js';
import { takeRecertificationTerms } from './program-changes.js';
import { clearDeadlines, newId, now, setDeadline, waitUntilOr } from './waits.js';

export type HoldResult = 'renewed' | 'lapsed' | 'revoked' | 'left' | 'continue';

/**
 * Holding a credential: the re-certification window opens before expiry with reminders on the
 * program's schedule; the holder submits lighter evidence, checked against the re-certification rules
 * and reviewed by one assessor; a pass renews the credential. Unrenewed, it expires, and lapses after
 * the grace period. The committee may revoke it at any time.
 */
export async function holdCredential(journey: Journey): Promise<HoldResult> {
  const { candidate } = journey.state.context!;
  // Revocation needs two committee members, and can be appealed, as can a failed re-certification.
  if (!journey.state.revocationNeedsTwo && patched(JourneyPatches.decisionAppeals)) journey.state = { ...journey.state, revocationNeedsTwo: true };
  // Read again after the window opens: the program's current terms may apply from then on.
  const program = () => journey.state.context!.program;
  const credential = journey.state.credential!;
  let lapseAt = addIsoDuration(credential.expiresAt, program().gracePeriod ?? 'P0D');
  setDeadline(journey, 'expiry', credential.expiresAt);
  setDeadline(journey, 'lapse', lapseAt);

  if (journey.state.stage === JourneyStage.Certified) {
    setDeadline(journey, 'recertificationWindow', addIsoDuration(credential.expiresAt, program().recertificationWindow, -1));
    if ((await waitUntilOr(journey, () => false, 'recertificationWindow')) === 'ended') return endHolding(journey);
    if (patched(JourneyPatches.programVersions)) {
      await takeCurrentTerms(journey);
      lapseAt = addIsoDuration(credential.expiresAt, program().gracePeriod ?? 'P0D');
      setDeadline(journey, 'lapse', lapseAt);
    }
    await record(journey, 'recertification_window_opened', { stage: JourneyStage.RecertificationDue, data: { expiresAt: credential.expiresAt } });
    await notify(candidate.email, { template: 'recertification-due', params: { candidateName: candidate.name, programName: program().name, expiresAt: credential.expiresAt } });
  }

  const reminders = (program().recertificationReminders ?? [])
    .map((offset) => ({ key: `recertificationReminder:${offset}`, at: addIsoDuration(credential.expiresAt, offset, -1) }))
    .filter((r) => msUntil(r.at) > 0)
    .sort((a, b) => a.at.localeCompare(b.at));
  for (const reminder of reminders) setDeadline(journey, reminder.key, reminder.at);

  const submitted = () => !!journey.state.recertification?.submittedAt;
  let expired = false;
  for (;;) {
    // Between attempts nothing is in flight and every deadline lives in state, so a fresh run picks up
    // exactly here. Only asked when the server suggests it, so ordinary histories never change.
    if (!expired && workflowInfo().continueAsNewSuggested && patched(JourneyPatches.continueWhenSuggested)) return 'continue';
    for (const reminder of reminders) {
      if (msUntil(reminder.at) === 0 && !journey.state.deadlines?.[reminder.key]) continue;
      const result = await waitUntilOr(journey, submitted, reminder.key);
      if (result === 'ended') return endHolding(journey);
      if (result === 'done') break;
      clearDeadlines(journey, reminder.key);
      const daysLeft = Math.round(msUntil(credential.expiresAt) / 86_400_000);
      await notify(candidate.email, { template: 'recertification-reminder', params: { candidateName: candidate.name, programName: program().name, expiresAt: credential.expiresAt, daysLeft } });
    }
    const untilExpiry = expired ? 'done' : await waitUntilOr(journey, submitted, 'expiry');
    if (untilExpiry === 'ended') return endHolding(journey);
    if (untilExpiry === 'deadline' && !expired) {
      expired = true;
      await db.expireCredential({ credentialId: credential.credentialId });
      await record(journey, 'credential_expired', { data: { credentialNumber: credential.number, graceUntil: lapseAt } });
    }
    const result = await waitUntilOr(journey, submitted, 'lapse');
    if (result === 'ended') return endHolding(journey);
    if (result === 'deadline') return lapse(journey);
    const review = await reviewRecertification(journey);
    if (review === 'ended') return endHolding(journey);
    if (review === 'passed') return renew(journey);
    journey.state = { ...journey.state, recertification: null, submission: null };
    await record(journey, 'recertification_not_passed', { stage: JourneyStage.RecertificationDue, data: { rationale: journey.state.assessment?.rationale ?? null } });
    if (journey.state.revocationNeedsTwo) {
      const assessment = journey.state.assessment;
      const decidedBy = [...(assessment?.panel ?? []), ...(assessment?.moderatedBy ? [assessment.moderatedBy] : [])];
      const reference = assessment?.assessmentId ?? credential.credentialId;
      const appeal = await offerDecisionAppeal(journey, { kind: 'recertification', decidedBy, reference, standingStage: JourneyStage.RecertificationDue });
      if (appeal === 'ended') return endHolding(journey);
      if (appeal === 'overturned') return renew(journey);
    }
  }
}

/**
 * When the window opens (patch program-versions) a holder takes the program version noted for the next
 * re-certification, and the re-certification rule set the program follows now: rules published after the
 * holder certified apply at this window, not only to later enrolments.
 */
async function takeCurrentTerms(journey: Journey): Promise<void> {
  takeRecertificationTerms(journey);
  const context = journey.state.context!;
  const current = await db.currentRecertificationRuleSet({ programId: context.program.id });
  if (current && current !== context.program.recertificationRuleSetId) {
    journey.state = { ...journey.state, context: { ...context, program: { ...context.program, recertificationRuleSetId: current } } };
  }
}

async function reviewRecertification(journey: Journey): Promise<'passed' | 'not_passed' | 'ended'> {
  const { program, candidate } = journey.state.context!;
  const submission = journey.state.submission!;
  await db.recordSubmission({ journeyId: journey.state.journeyId, cycle: journey.state.cycle, submittedBy: candidate.id, submission });
  await record(journey, 'recertification_submitted', { actorId: candidate.id, data: { submissionId: submission.submissionId, format: submission.format } });
  if (program.recertificationRuleSetId) {
    const { result: rules } = await evaluateRules(journey, { step: 'recertification', candidateId: candidate.id, ruleSetId: program.recertificationRuleSetId, asOf: now() });
    await record(journey, rules.eligible ? 'recertification_requirements_met' : 'recertification_requirements_not_met', {
      data: { ruleSetId: rules.ruleSetId, reasons: rules.reasons, conditions: rules.conditions },
    });
    if (!rules.eligible) return 'not_passed';
  }
  // Lighter than the first certification: by default one assessor instead of a panel.
  // The re-certification pathway's assessors; one for journeys whose terms do not say (all before program versions).
  return assessByPanel(journey, { size: program.recertificationAssessors ?? 1, stage: JourneyStage.RecertificationReview });
}

async function renew(journey: Journey): Promise<'renewed'> {
  const { program, candidate } = journey.state.context!;
  const previous = journey.state.credential!;
  await db.markCredentialRenewed({ credentialId: previous.credentialId });
  const credential = await db.issueCredential({
    credentialId: newId(),
    journeyId: journey.state.journeyId,
    cycle: journey.state.cycle + 1,
    personId: candidate.id,
    programId: program.id,
    issuedAt: now(),
    // Renewal continues the previous validity, so renewing early costs the holder nothing.
    expiresAt: addIsoDuration(previous.expiresAt, program.validity),
  });
  journey.state = {
    ...journey.state,
    cycle: journey.state.cycle + 1,
    credential,
    recertification: null,
    submission: null,
    assessment: null,
    panelScores: {},
    deadlines: {},
  };
  await record(journey, 'credential_renewed', { stage: JourneyStage.Certified, data: { ...credential, previous: previous.number } });
  await notify(candidate.email, { template: 'credential-renewed', params: { candidateName: candidate.name, programName: program.name, credentialNumber: credential.number, expiresAt: credential.expiresAt } });
  return 'renewed';
}

async function lapse(journey: Journey): Promise<'lapsed'> {
  const { program, candidate } = journey.state.context!;
  const credential = journey.state.credential!;
  await db.lapseCredential({ credentialId: credential.credentialId });
  journey.state = { ...journey.state, endReason: 'The credential lapsed without re-certification; the holder may enrol again.', deadlines: {} };
  await record(journey, 'credential_lapsed', { stage: JourneyStage.Lapsed, data: { credentialNumber: credential.number } });
  await notify(candidate.email, { template: 'credential-lapsed', params: { candidateName: candidate.name, programName: program.name, credentialNumber: credential.number, lapsedAt: now() } });
  return 'lapsed';
}

/** Holding ends early: the committee revoked the credential, or the holder left (patch directory-changes). */
function endHolding(journey: Journey): Promise<'revoked' | 'left' | 'continue'> {
  if (journey.state.departure && !journey.state.revocation && patched(JourneyPatches.directoryChanges)) return depart(journey);
  return revoke(journey);
}

/**
 * The holder left the company: nothing more is asked of them and no reminder is sent. The credential
 * stays on record as history, valid until its expiry date (policy keep), or lapses now (policy lapse).
 */
async function depart(journey: Journey): Promise<'left'> {
  const credential = journey.state.credential!;
  const { credentialPolicy: policy, reason } = journey.state.departure!;
  if (policy === 'lapse') await db.lapseCredential({ credentialId: credential.credentialId });
  const outcome = policy === 'lapse' ? 'The credential lapsed on leaving (program policy).' : 'The credential stays on record until it expires (program policy).';
  journey.state = { ...journey.state, endReason: `${reason} ${outcome}`, deadlines: {} };
  await record(journey, 'holder_left', { stage: policy === 'lapse' ? JourneyStage.Lapsed : JourneyStage.Withdrawn, data: { credentialNumber: credential.number, policy } });
  return 'left';
}

async function revoke(journey: Journey): Promise<'revoked' | 'continue'> {
  const { program, candidate } = journey.state.context!;
  const credential = journey.state.credential!;
  const revocation = journey.state.revocation!;
  await db.revokeCredential({ credentialId: credential.credentialId, actorId: revocation.actorId, reason: revocation.reason, at: revocation.at });
  journey.state = { ...journey.state, endReason: `Revoked by the committee: ${revocation.reason}`, deadlines: {} };
  await record(journey, 'credential_revoked', { actorId: revocation.actorId, stage: JourneyStage.Revoked, data: { credentialNumber: credential.number, reason: revocation.reason, ...(revocation.secondedBy ? { secondedBy: revocation.secondedBy } : {}) } });
  await notify(candidate.email, { template: 'credential-revoked', params: { candidateName: candidate.name, programName: program.name, credentialNumber: credential.number, reason: revocation.reason } });
  if (!journey.state.revocationNeedsTwo) return 'revoked';

  // The holder may appeal (patch decision-appeals). The revocation stands meanwhile: the credential no
  // longer verifies. Out of the state while the window is open, or every wait would take it as the end.
  journey.state = { ...journey.state, revocation: null, revocationProposal: null };
  const decidedBy = [revocation.actorId, ...(revocation.secondedBy ? [revocation.secondedBy] : [])];
  const appeal = await offerDecisionAppeal(journey, { kind: 'revocation', decidedBy, reference: credential.credentialId, standingStage: JourneyStage.Revoked });
  if (appeal !== 'overturned') {
    journey.state = { ...journey.state, revocation };
    return 'revoked';
  }
  await db.reinstateCredential({ credentialId: credential.credentialId, at: now() });
  journey.state = { ...journey.state, endReason: null };
  await record(journey, 'credential_reinstated', { stage: JourneyStage.Certified, data: { credentialNumber: credential.number } });
  // A fresh run holds it again, with every deadline set anew from the credential's dates.
  return 'continue';
}
