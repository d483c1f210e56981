import { describe, expect, it } from 'vitest';
import { journeyWorkflowId } from '../../domain/workflow-ids.js';
import type { JourneyOutcome } from '../../workflows/journey/types.js';
import { useTestApp } from '../harness/fixture.js';
import { recordHistories } from '../harness/histories.js';
import { act, approvalLinkFor, certifyCandidate, clickApproval, enroll, waitForEmail, waitForEvent, waitForNewRun, waitForStage, waitForState } from '../harness/journey-driver.js';

// Decisions besides an assessment can be appealed (patch decision-appeals), under the time-skipping test
// server: a revocation needs two committee members and the holder can appeal it; an ineligibility verdict
// and a manager's decline can be appealed too, each heard by committee members who took no part.

const { env, app } = useTestApp({ temporal: 'time-skipping', per: 'test' });

const id = (personId: string) => journeyWorkflowId('cloud-architecture-practitioner', personId);
const GROUNDS = 'The decision overlooked the architecture review I led last quarter, which meets every criterion.';
const OVERTURN = { outcome: 'OVERTURN', rationale: 'The record shows the work was the holder’s own.' };

describe('appeals against decisions other than an assessment', () => {
  it('revokes a credential only when a second committee member confirms, and reinstates it when the holder wins the appeal', async () => {
    const journeyId = id('alex');
    await app.withWorker(async () => {
      const { runId: holdingRun } = await certifyCandidate(app, env.client, 'alex');
      const reason = 'Evidence was found to be copied from another team.';
      expect(await act(app, 'ines', 'revokeCredential', { journeyId, reason })).toMatchObject({ __typename: 'MutationRevokeCredentialSuccess' });
      await waitForEvent(app, journeyId, 'revocation_proposed');
      expect(await act(app, 'dana', 'revokeCredential', { journeyId, reason: 'Confirmed after reading both documents.', confirmsProposalBy: 'ines' })).toMatchObject({ __typename: 'MutationRevokeCredentialSuccess' });
      const [revoked] = await waitForEvent(app, journeyId, 'credential_revoked');
      expect(revoked).toMatchObject({ actorId: 'ines', stage: 'revoked', data: { secondedBy: 'dana' } });
      expect((await app.db.prisma.credential.findFirstOrThrow({ where: { journeyId } })).status).toBe('revoked');
      await waitForEmail(app, 'alex@example.com', /You may appeal/);

      // The holder appeals; neither member who revoked sits on it, and nobody may send a revocation to be reassessed.
      expect(await act(app, 'alex', 'fileAppeal', { journeyId, grounds: GROUNDS })).toMatchObject({ __typename: 'MutationFileAppealSuccess' });
      const { appeal } = await waitForStage(env.client, journeyId, 'under_appeal');
      expect(appeal!.reviewers).toHaveLength(2);
      expect(appeal!.reviewers).not.toContain('ines');
      expect(appeal!.reviewers).not.toContain('dana');
      expect(await act(app, appeal!.reviewers[0]!, 'decideAppeal', { journeyId, outcome: 'REASSESS', rationale: 'Have another panel look at it.' })).toMatchObject({ code: 'INVALID_INPUT' });
      for (const reviewer of appeal!.reviewers) expect(await act(app, reviewer, 'decideAppeal', { journeyId, ...OVERTURN })).toMatchObject({ __typename: 'MutationDecideAppealSuccess' });

      await waitForEvent(app, journeyId, 'credential_reinstated');
      // Reinstated, the journey holds the credential on a fresh run (asked by describe: a query racing the
      // continue-as-new can hang on the test server).
      await waitForNewRun(env.client, journeyId, holdingRun);
      const holding = await waitForState(env.client, journeyId, (s) => s.stage === 'certified' && !s.revocation, 'holding again');
      expect(holding.credential!.number).toBe((revoked!.data as { credentialNumber: string }).credentialNumber);
      expect(await app.db.prisma.credential.findFirstOrThrow({ where: { journeyId } })).toMatchObject({ status: 'active', revokedBy: null });

      // A second revocation, unappealed: when the window closes the journey ends revoked for good.
      expect(await act(app, 'felix', 'revokeCredential', { journeyId, reason })).toMatchObject({ __typename: 'MutationRevokeCredentialSuccess' });
      await waitForEvent(app, journeyId, 'revocation_proposed', 2);
      expect(await act(app, 'mira', 'revokeCredential', { journeyId, reason, confirmsProposalBy: 'felix' })).toMatchObject({ __typename: 'MutationRevokeCredentialSuccess' });
      const outcome = (await env.client.workflow.getHandle(journeyId).result()) as JourneyOutcome;
      expect(outcome.stage).toBe('revoked');
      await recordHistories(env.client, journeyId, 'journey-v10-revocation-overturned-then-revoked');
    });
    const appeals = await app.db.prisma.appeal.findMany({ where: { journeyId } });
    expect(appeals).toHaveLength(1);
    expect(appeals[0]).toMatchObject({ outcome: 'overturned', assessmentId: expect.stringMatching(/^revocation:/) });
  });

  it('hears an appeal against an ineligibility verdict: overturned, the journey goes on to the manager', async () => {
    const journeyId = id('sam');
    await app.withWorker(async () => {
      await enroll(app, 'sam');
      await waitForStage(env.client, journeyId, 'ineligible');
      const [opened] = await waitForEvent(app, journeyId, 'appeal_window_opened');
      expect(opened).toMatchObject({ stage: 'ineligible', data: { decision: 'ineligibility' } });
      expect(await act(app, 'sam', 'fileAppeal', { journeyId, grounds: GROUNDS })).toMatchObject({ __typename: 'MutationFileAppealSuccess' });
      const { appeal } = await waitForStage(env.client, journeyId, 'under_appeal');
      for (const reviewer of appeal!.reviewers) expect(await act(app, reviewer, 'decideAppeal', { journeyId, ...OVERTURN })).toMatchObject({ __typename: 'MutationDecideAppealSuccess' });
      await waitForStage(env.client, journeyId, 'awaiting_manager_approval');
      expect(await act(app, 'sam', 'withdrawJourney', { journeyId, reason: 'Changing teams; will enrol again next year.' })).toMatchObject({ __typename: 'MutationWithdrawJourneySuccess' });
      await env.client.workflow.getHandle(journeyId).result();
      await recordHistories(env.client, journeyId, 'journey-v10-ineligibility-overturned');
    });
  });

  it('lets a manager’s decline stand when the reviewers split: a tie upholds a decision that is not an assessment', async () => {
    const journeyId = id('alex');
    await app.withWorker(async () => {
      await enroll(app, 'alex');
      await waitForStage(env.client, journeyId, 'awaiting_manager_approval');
      const click = await clickApproval(await approvalLinkFor(app, 'maya@example.com'), 'decline');
      expect(click.postStatus).toBe(200);
      await waitForStage(env.client, journeyId, 'declined');
      await waitForEvent(app, journeyId, 'appeal_window_opened');
      expect(await act(app, 'alex', 'fileAppeal', { journeyId, grounds: GROUNDS })).toMatchObject({ __typename: 'MutationFileAppealSuccess' });
      const { appeal } = await waitForStage(env.client, journeyId, 'under_appeal');
      expect(appeal!.reviewers).not.toContain('maya');
      const [first, second] = appeal!.reviewers as [string, string];
      expect(await act(app, first, 'decideAppeal', { journeyId, ...OVERTURN })).toMatchObject({ __typename: 'MutationDecideAppealSuccess' });
      expect(await act(app, second, 'decideAppeal', { journeyId, outcome: 'UPHOLD', rationale: 'The team cannot spare the time this quarter.' })).toMatchObject({ __typename: 'MutationDecideAppealSuccess' });
      const outcome = (await env.client.workflow.getHandle(journeyId).result()) as JourneyOutcome;
      expect(outcome.stage).toBe('declined');
      await recordHistories(env.client, journeyId, 'journey-v10-decline-upheld');
    });
    const [decided] = await waitForEvent(app, journeyId, 'appeal_decided');
    expect(decided).toMatchObject({ stage: 'declined', data: { outcome: 'upheld' } });
  });
});
