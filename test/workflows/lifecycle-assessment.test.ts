
import { describe, expect, it } from 'vitest';
import { journeyWorkflowId } from '../../domain/workflow-ids.js';
import type { JourneyOutcome } from '../../workflows/journey/types.js';
import { useTestApp } from '../harness/fixture.js';
import { recordHistories } from '../harness/histories.js';
import {
  act,
  approvalLinkFor,
  clickApproval,
  enroll,
  enrolAndApprove,
  eventTypes,
  readModelCaughtUp,
  rubricScores,
  score,
  scoreByPanel,
  submitReport,
  waitForEmail,
  waitForEvent,
  waitForStage,
} from '../harness/journey-driver.js';

// Panel assessment of the full lifecycle under the time-skipping test server: moderation of a
// disagreement, an appeal that overturns a fail, the appeal window closing, and the refusals that must
// leave a journey exactly as it was.


const { env, app } = useTestApp({ temporal: 'time-skipping', per: 'test' });


const id = (personId: string) => journeyWorkflowId('cloud-architecture-practitioner', personId);
const emailsTo = (to: string) => app.smtp.messages().filter((m) => m.to.includes(to));
const ASSESSORS = ['priya', 'lars', 'grace', 'kenji', 'nadia', 'owen', 'rosa', 'victor'];
const GROUNDS = 'The panel overlooked the threat model in appendix B, which covers every security indicator.';

/** Committee members whose term covers the test server's current time. */
async function activeCommittee(): Promise<string[]> {
  const now = new Date(await env.currentTimeMs());
  const terms = await app.db.prisma.committeeTerm.findMany({ where: { startsOn: { lte: now }, endsOn: { gt: now } } });
  return [...new Set(terms.map((t) => t.personId))];
}

/** A committee member with no part in the journey and no HR role (HR sees every journey). */
async function committeeStranger(exclude: string[]): Promise<string> {
  const hr = await app.db.prisma.person.findMany({ where: { roles: { hasSome: ['hr', 'admin', 'program_owner'] } }, select: { id: true } });
  const skip = [...exclude, ...hr.map((p) => p.id)];
  return (await activeCommittee()).find((m) => !skip.includes(m))!;
}

describe('panel assessment, moderation and appeals', () => {
  it('overturns a failed assessment on appeal: two committee reviewers, never the panel, vote overturn and the credential is issued', async () => {
    const journeyId = id('alex');
    const { panel, reviewers } = await app.withWorker(async () => {
      await enrolAndApprove(app, env.client, 'alex');
      await submitReport(app, 'alex', journeyId);
      // Security 2 is below the critical criterion's threshold of 3: not passed, unanimously (no moderation).
      const { panel } = await scoreByPanel(app, env.client, journeyId, [3, 2, 3, 3]);
      const window = await waitForStage(env.client, journeyId, 'appeal_window');
      expect(window.assessment).toMatchObject({ outcome: 'not_passed' });
      const appealUntil = Date.parse(window.deadlines!.appeal!);
      expect((appealUntil - (await env.currentTimeMs())) / 86_400_000).toBeCloseTo(14, 0);

      // Only the candidate appeals, and with grounds worth reading.
      expect(await act(app, 'maya', 'fileAppeal', { journeyId, grounds: GROUNDS })).toMatchObject({ code: 'NOT_CANDIDATE' });
      expect(await act(app, 'alex', 'fileAppeal', { journeyId, grounds: 'Unfair.' })).toMatchObject({ code: 'INVALID_INPUT' });
      expect(await act(app, 'alex', 'fileAppeal', { journeyId, grounds: GROUNDS })).toMatchObject({ __typename: 'MutationFileAppealSuccess' });
      expect(await act(app, 'alex', 'fileAppeal', { journeyId, grounds: GROUNDS })).toMatchObject({ code: 'NOT_ALLOWED_IN_STAGE' });

      const underAppeal = await waitForStage(env.client, journeyId, 'under_appeal');
      const reviewers = underAppeal.appeal!.reviewers;
      expect(reviewers).toHaveLength(2);
      // Someone who was not appointed cannot vote, a panel member included; a committee member with no part
      // in the journey is told it does not exist, as for a missing one.
      const bystander = await committeeStranger(reviewers);
      const vote = { journeyId, outcome: 'OVERTURN', rationale: 'Appendix B meets SE-1 to SE-4; the panel missed it.' };
      expect(await act(app, bystander, 'decideAppeal', vote)).toMatchObject({ code: 'NOT_FOUND', path: 'journeyId' });
      expect(await act(app, panel[0]!, 'decideAppeal', vote)).toMatchObject({ code: 'FORBIDDEN' });
      expect(await act(app, reviewers[0]!, 'decideAppeal', vote)).toMatchObject({ __typename: 'MutationDecideAppealSuccess' });
      expect(await act(app, reviewers[0]!, 'decideAppeal', vote)).toMatchObject({ code: 'NOT_ALLOWED_IN_STAGE' });
      expect(await act(app, reviewers[1]!, 'decideAppeal', vote)).toMatchObject({ __typename: 'MutationDecideAppealSuccess' });
      await waitForEvent(app, journeyId, 'credential_issued');
      // The credential email follows the event.
      await waitForEmail(app, 'alex@example.com', /credential:/);
      return { panel, reviewers };
    });

    const committee = await activeCommittee();
    for (const reviewer of reviewers) {
      expect(committee).toContain(reviewer);
      expect(panel).not.toContain(reviewer);
      expect(reviewer).not.toBe('alex');
    }
    const appeal = await app.db.prisma.appeal.findFirstOrThrow({ where: { journeyId } });
    expect(appeal).toMatchObject({ grounds: GROUNDS, filedBy: 'alex', outcome: 'overturned', reviewers });
    expect(appeal.decidedBy?.split(',').sort()).toEqual([...reviewers].sort());
    const credential = await app.db.prisma.credential.findFirstOrThrow({ where: { journeyId } });
    expect(credential).toMatchObject({ cycle: 1, status: 'active' });

    const types = await eventTypes(app, journeyId);
    const from = types.indexOf('assessment_decided');
    expect(types.slice(from)).toEqual(['assessment_decided', 'appeal_window_opened', 'appeal_filed', 'appeal_decided', 'credential_issued']);
    const [decided] = await waitForEvent(app, journeyId, 'appeal_decided');
    expect(decided!.data).toMatchObject({ outcome: 'overturned' });
    for (const reviewer of reviewers) expect(emailsTo(`${reviewer}@example.com`).map((m) => m.subject)).toContainEqual(expect.stringMatching(/Appeal review requested/));
    // The credential email follows the credential_issued event; wait for it rather than race it.
    await waitForEmail(app, 'alex@example.com', /credential/);
    const subjects = emailsTo('alex@example.com').map((m) => m.subject);
    expect(subjects).toContainEqual(expect.stringMatching(/result overturned/));
    expect(subjects.at(-1)).toMatch(/credential: /);
  });

  it('after a reassessment the new panel\'s fail opens a fresh appeal window, never the old appeal again', async () => {
    const journeyId = id('alex');
    await app.withWorker(async () => {
      await enrolAndApprove(app, env.client, 'alex');
      await submitReport(app, 'alex', journeyId);
      const first = await scoreByPanel(app, env.client, journeyId, [3, 2, 3, 3]);
      await waitForStage(env.client, journeyId, 'appeal_window');
      expect(await act(app, 'alex', 'fileAppeal', { journeyId, grounds: GROUNDS })).toMatchObject({ __typename: 'MutationFileAppealSuccess' });
      const { appeal } = await waitForStage(env.client, journeyId, 'under_appeal');
      // One reviewer upholds, one asks for reassessment: a tie, which a new panel breaks.
      const rationale = 'Read the appendix against the descriptors.';
      expect(await act(app, appeal!.reviewers[0]!, 'decideAppeal', { journeyId, outcome: 'UPHOLD', rationale })).toMatchObject({ __typename: 'MutationDecideAppealSuccess' });
      expect(await act(app, appeal!.reviewers[1]!, 'decideAppeal', { journeyId, outcome: 'REASSESS', rationale })).toMatchObject({ __typename: 'MutationDecideAppealSuccess' });
      await waitForEvent(app, journeyId, 'appeal_decided');
      const second = await scoreByPanel(app, env.client, journeyId, [3, 2, 3, 3]);
      expect(second.panel.filter((member) => first.panel.includes(member))).toEqual([]);

      // The new panel's fail: a new window, the old appeal gone; nobody appeals, so the resubmission opens.
      const window = await waitForStage(env.client, journeyId, 'appeal_window');
      expect(window.appeal ?? null).toBeNull();
      expect(window.panelRound).toBe(2);
      expect((Date.parse(window.deadlines!.appeal!) - (await env.currentTimeMs())) / 86_400_000).toBeCloseTo(14, 0);
      await env.sleep('15 days');
      await waitForStage(env.client, journeyId, 'awaiting_submission');
      expect(await act(app, 'alex', 'withdrawJourney', { journeyId, reason: 'Taking a break; will come back next year.' })).toMatchObject({ __typename: 'MutationWithdrawJourneySuccess' });
      const outcome = (await env.client.workflow.getHandle(journeyId).result()) as JourneyOutcome;
      expect(outcome.stage).toBe('withdrawn');
      await recordHistories(env.client, journeyId, 'journey-v8-reassessed-then-new-window');
    });
    const types = (await eventTypes(app, journeyId)).filter((t) => !t.startsWith('check_in_'));
    expect(types.filter((t) => t === 'panel_assigned')).toHaveLength(2);
    expect(types.filter((t) => t === 'appeal_filed')).toHaveLength(1);
    expect(types.filter((t) => t === 'appeal_window_opened')).toHaveLength(2);
    expect(await app.db.prisma.appeal.count({ where: { journeyId } })).toBe(1);
  });

  it('refuses an appeal once the 14-day window has closed (NOT_ALLOWED_IN_STAGE) and opens the one resubmission instead', async () => {
    const journeyId = id('jordan');
    await app.withWorker(async () => {
      await enrolAndApprove(app, env.client, 'jordan');
      await submitReport(app, 'jordan', journeyId);
      await scoreByPanel(app, env.client, journeyId, [3, 2, 3, 3]);
      await waitForStage(env.client, journeyId, 'appeal_window');
      await env.sleep('15 days');
      await waitForEvent(app, journeyId, 'appeal_window_closed');
      const reopened = await waitForStage(env.client, journeyId, 'awaiting_submission');
      expect(reopened.attempt).toBe(2);
      expect(await act(app, 'jordan', 'fileAppeal', { journeyId, grounds: GROUNDS })).toMatchObject({ code: 'NOT_ALLOWED_IN_STAGE' });
    });
    expect(await app.db.prisma.appeal.count({ where: { journeyId } })).toBe(0);
    // Mentoring runs alongside: the first check-in (due after 14 days) fell inside the 15 days and was missed.
    const types = (await eventTypes(app, journeyId)).filter((t) => !t.startsWith('check_in_'));
    expect(types.slice(types.indexOf('assessment_decided'))).toEqual([
      'assessment_decided',
      'appeal_window_opened',
      'appeal_window_closed',
      'resubmission_allowed',
      'submission_opened',
    ]);
    expect(emailsTo('jordan@example.com').at(-1)!.subject).toMatch(/you may resubmit .* \(attempt 2 of 2\)/);
  });

  it('sends a panel that scores a criterion 4 and 2 to a committee moderator, whose scores alone decide', async () => {
    const journeyId = id('alex');
    const { panel, moderatorId } = await app.withWorker(async () => {
      await enrolAndApprove(app, env.client, 'alex');
      await submitReport(app, 'alex', journeyId);
      const { panel } = await scoreByPanel(app, env.client, journeyId, [
        [4, 4, 3, 3],
        [4, 2, 3, 3],
        [4, 3, 3, 3],
      ]);
      const moderation = await waitForStage(env.client, journeyId, 'in_moderation');
      await readModelCaughtUp(app, moderation);
      const moderatorId = moderation.moderatorId!;
      const moderate = { journeyId, scores: rubricScores([4, 3, 3, 3]), rationale: 'The threat model covers SE-1 to SE-3 but not SE-4.' };
      const otherCommittee = await committeeStranger([moderatorId]);
      for (const someoneElse of [panel[0]!, panel[1]!, 'alex', 'hana']) {
        expect(await act(app, someoneElse, 'moderateAssessment', moderate)).toMatchObject({ code: 'FORBIDDEN' });
      }
      // A committee member with no part in the journey is not told it exists.
      expect(await act(app, otherCommittee, 'moderateAssessment', moderate)).toMatchObject({ code: 'NOT_FOUND', path: 'journeyId' });
      expect(await act(app, moderatorId, 'moderateAssessment', { ...moderate, rationale: 'ok' })).toMatchObject({ code: 'INVALID_INPUT' });
      expect(await act(app, moderatorId, 'moderateAssessment', moderate)).toMatchObject({ __typename: 'MutationModerateAssessmentSuccess' });
      await waitForEvent(app, journeyId, 'credential_issued');
      return { panel, moderatorId };
    });

    expect(await activeCommittee()).toContain(moderatorId);
    expect(panel).not.toContain(moderatorId);
    const [requested] = await waitForEvent(app, journeyId, 'moderation_requested');
    expect(requested).toMatchObject({ stage: 'in_moderation', data: { moderatorId, spread: 2 } });
    const [moderated] = await waitForEvent(app, journeyId, 'moderation_decided');
    expect(moderated!.actorId).toBe(moderatorId);
    const [decided] = await waitForEvent(app, journeyId, 'assessment_decided');
    expect(decided!.data).toMatchObject({ outcome: 'passed', moderatedBy: moderatorId, spread: 2 });

    const assessment = await app.db.prisma.assessment.findFirstOrThrow({ where: { journeyId } });
    expect(assessment).toMatchObject({ moderatedBy: moderatorId, spread: 2, outcome: 'passed', panel });
    expect(assessment.scores).toEqual({ 'architecture-design': 4, security: 3, 'cost-optimisation': 3, communication: 3 });
    const sheets = await app.db.prisma.panelScore.findMany({ where: { journeyId } });
    expect(Object.fromEntries(sheets.map((s) => [s.assessorId, (s.scores as Record<string, number>).security]))).toEqual({
      [panel[0]!]: 4,
      [panel[1]!]: 2,
      [panel[2]!]: 3,
    });
    expect(emailsTo(`${moderatorId}@example.com`).map((m) => m.subject)).toContainEqual(expect.stringMatching(/Moderation needed/));
  });

  it('refuses actions out of turn and leaves the journey unchanged: outsider and double scoring, a reused approval link, an unknown pathway, acting after withdrawal', async () => {
    const journeyId = id('alex');
    await app.withWorker(async () => {
      await enroll(app, 'alex');
      await waitForStage(env.client, journeyId, 'awaiting_manager_approval');
      const link = await approvalLinkFor(app, 'maya@example.com');
      expect((await clickApproval(link, 'approve')).postStatus).toBe(200);
      const reused = await clickApproval(link, 'decline', 'Changed my mind');
      expect(reused.postStatus).toBe(409);
      expect(reused.postHtml).toMatch(/already used/i);
      await waitForStage(env.client, journeyId, 'awaiting_submission');

      expect(await act(app, 'alex', 'transferPathway', { journeyId, pathwayId: 'cap-astrology' })).toMatchObject({ code: 'NOT_FOUND' });
      expect(await act(app, 'maya', 'transferPathway', { journeyId, pathwayId: 'cap-coursework' })).toMatchObject({ code: 'FORBIDDEN' });
      expect((await waitForStage(env.client, journeyId, 'awaiting_submission')).pathwayId).toBe('cap-portfolio');

      await submitReport(app, 'alex', journeyId);
      const assessing = await waitForStage(env.client, journeyId, 'awaiting_assessment');
      await readModelCaughtUp(app, assessing);
      const panel = assessing.panel!.map((m) => m.id);
      const before = await eventTypes(app, journeyId);
      const outsider = ASSESSORS.find((a) => !panel.includes(a) && a !== assessing.mentor?.id)!;
      // An assessor with no part in the journey is not told it exists, let alone its stage.
      expect((await score(app, outsider, journeyId, [4, 4, 4, 4])).data).toMatchObject({ scoreSubmission: { code: 'NOT_FOUND', path: 'journeyId' } });
      expect((await score(app, panel[0]!, journeyId, [4, 3, 3, 3])).data).toMatchObject({ scoreSubmission: { __typename: 'MutationScoreSubmissionSuccess' } });
      expect((await score(app, panel[0]!, journeyId, [1, 1, 1, 1])).data).toMatchObject({ scoreSubmission: { code: 'NOT_ALLOWED_IN_STAGE' } });
      const scored = await waitForStage(env.client, journeyId, 'awaiting_assessment');
      expect(Object.keys(scored.panelScores ?? {})).toEqual([panel[0]]);
      expect(scored.panelScores![panel[0]!]!.scores).toEqual({ 'architecture-design': 4, security: 3, 'cost-optimisation': 3, communication: 3 });
      expect(await eventTypes(app, journeyId)).toEqual(before);

      expect(await act(app, 'maya', 'withdrawJourney', { journeyId, reason: 'Team reorganisation' })).toMatchObject({ code: 'FORBIDDEN' });
      expect(await act(app, 'alex', 'withdrawJourney', { journeyId, reason: 'Moving to another role' })).toMatchObject({
        __typename: 'MutationWithdrawJourneySuccess',
      });
      const outcome: JourneyOutcome = await env.client.workflow.getHandle(journeyId).result();
      expect(outcome).toMatchObject({ stage: 'withdrawn', reason: 'Moving to another role' });

      // The journey has ended: every further action is refused.
      expect((await score(app, panel[1]!, journeyId, [4, 3, 3, 3])).data).toMatchObject({ scoreSubmission: { code: 'NOT_ALLOWED_IN_STAGE' } });
      expect((await submitReport(app, 'alex', journeyId)).data).toMatchObject({ submitEvidence: { code: 'NOT_ALLOWED_IN_STAGE' } });
      expect(await act(app, 'alex', 'withdrawJourney', { journeyId, reason: 'Again' })).toMatchObject({ code: 'NOT_ALLOWED_IN_STAGE' });
      expect(await act(app, 'alex', 'pauseJourney', { journeyId, reason: 'Parental leave' })).toMatchObject({ code: 'NOT_ALLOWED_IN_STAGE' });
    });

    const approvals = await app.db.prisma.approval.findMany({ where: { journeyId } });
    expect(approvals.map((a) => a.decision)).toEqual(['approved']);
    expect(await app.db.prisma.panelScore.count({ where: { journeyId } })).toBe(0);
    expect(await app.db.prisma.assessment.count({ where: { journeyId } })).toBe(0);
    expect(await app.db.prisma.credential.count({ where: { journeyId } })).toBe(0);
    const journey = await app.db.prisma.journey.findUniqueOrThrow({ where: { id: journeyId } });
    expect(journey).toMatchObject({ stage: 'withdrawn', pathwayId: 'cap-portfolio', endReason: 'Moving to another role' });
    const types = await eventTypes(app, journeyId);
    expect(types.at(-1)).toBe('journey_withdrawn');
    expect(types).not.toContain('pathway_transferred');
    expect(emailsTo('alex@example.com').at(-1)!.subject).toMatch(/has been withdrawn/);
  });
});
