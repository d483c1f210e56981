
import { describe, expect, it } from 'vitest';
import { journeyWorkflowId } from '../../domain/workflow-ids.js';
import { getJourneyQuery } from '../../workflows/journey/messages.js';
import type { JourneyOutcome } from '../../workflows/journey/types.js';
import { useTestApp } from '../harness/fixture.js';
import {
  act,
  approvalLinkFor,
  certifyCandidate,
  clickApproval,
  enroll,
  eventTypes,
  historyLengthsByRun,
  scoreByPanel,
  submitRecertification,
  submitReport,
  waitForEvent,
  waitForNewRun,
  waitForStage,
} from '../harness/journey-driver.js';

// Holding a credential over years under the time-skipping test server: re-certification windows,
// renewals on fresh runs (continue-as-new), expiry, grace and lapse, re-entry and revocation. Time moves
// only in env.sleep and handle.result(); the tests act while it stands still.


const { env, app } = useTestApp({ temporal: 'time-skipping', per: 'test' });


const id = (personId: string) => journeyWorkflowId('cloud-architecture-practitioner', personId);
const DAY = 86_400_000;
const days = (from: Date, to: Date) => (to.getTime() - from.getTime()) / DAY;
const emailsTo = (to: string) => app.smtp.messages().filter((m) => m.to.includes(to));

/**
 * Moves the clock to one day after the re-certification window of the credential held by run `runId`
 * opens, and waits until the journey is due for re-certification.
 */
async function advanceIntoRecertificationWindow(journeyId: string, runId: string) {
  const held = await env.client.workflow.getHandle(journeyId, runId).query(getJourneyQuery);
  expect(held.stage).toBe('certified');
  const opensAt = Date.parse(held.deadlines!.recertificationWindow!);
  await env.sleep(opensAt - (await env.currentTimeMs()) + DAY);
  return waitForStage(env.client, journeyId, 'recertification_due');
}

/**
 * One re-certification of the credential held by run `runId` (cycle `cycle`): lighter evidence, one
 * assessor, and the renewed credential on a new run, whose id is returned with the assessor's.
 */
async function recertify(journeyId: string, runId: string, cycle: number) {
  await advanceIntoRecertificationWindow(journeyId, runId);
  expect(await submitRecertification(app, 'alex', journeyId)).toMatchObject({ __typename: 'MutationSubmitEvidenceSuccess' });
  const { panel, results } = await scoreByPanel(app, env.client, journeyId, [3, 3, 3, 3]);
  expect(panel).toHaveLength(1);
  expect(results[0]).toMatchObject({ data: { scoreSubmission: { __typename: 'MutationScoreSubmissionSuccess' } } });
  await waitForEvent(app, journeyId, 'credential_renewed', cycle);
  return { runId: await waitForNewRun(env.client, journeyId, runId), assessor: panel[0]! };
}

describe('holding a credential across re-certification cycles', () => {
  it('renews twice over three years (credential cycles 1, 2, 3, each cycle on a new run) and lapses once renewals stop', async () => {
    const journeyId = id('alex');
    const assessors = await app.withWorker(async () => {
      const { runId } = await certifyCandidate(app, env.client, 'alex');
      const first = await recertify(journeyId, runId, 1);
      const second = await recertify(journeyId, first.runId, 2);
      // Still holding after the second renewal: the third credential waits for its own window.
      const holding = await env.client.workflow.getHandle(journeyId, second.runId).query(getJourneyQuery);
      expect(holding).toMatchObject({ stage: 'certified', cycle: 3 });
      expect(holding.deadlines?.recertificationWindow).toBeDefined();
      // No third renewal: the window passes, the credential expires and lapses after the grace period.
      const outcome: JourneyOutcome = await env.client.workflow.getHandle(journeyId).result();
      expect(outcome.stage).toBe('lapsed');
      return [first.assessor, second.assessor];
    });

    const credentials = await app.db.prisma.credential.findMany({ where: { journeyId }, orderBy: { cycle: 'asc' } });
    expect(credentials.map((c) => [c.cycle, c.status])).toEqual([
      [1, 'renewed'],
      [2, 'renewed'],
      [3, 'lapsed'],
    ]);
    // Each renewal continues the previous validity (two years on from the old expiry, not from today).
    for (const cycle of [1, 2]) {
      const previous = credentials[cycle - 1]!;
      const next = credentials[cycle]!;
      expect(days(previous.expiresAt, next.expiresAt)).toBeGreaterThanOrEqual(730);
      expect(days(previous.expiresAt, next.expiresAt)).toBeLessThanOrEqual(731);
      // Renewed inside the window, before the old credential expired.
      expect(next.issuedAt.getTime()).toBeLessThan(previous.expiresAt.getTime());
      expect(days(next.issuedAt, previous.expiresAt)).toBeGreaterThan(55);
    }
    expect(new Set(credentials.map((c) => c.number)).size).toBe(3);

    // Two renewals, each by one assessor on the re-certification rules; the first certification by a panel of three.
    const types = await eventTypes(app, journeyId);
    expect(types.filter((t) => t === 'credential_renewed')).toHaveLength(2);
    expect(types.filter((t) => t === 'recertification_submitted')).toHaveLength(2);
    expect(types.filter((t) => t === 'recertification_requirements_met')).toHaveLength(2);
    expect(types.slice(-2)).toEqual(['credential_expired', 'credential_lapsed']);
    const renewals = await app.db.prisma.journeyEvent.findMany({ where: { journeyId, type: 'credential_renewed' }, orderBy: { seq: 'asc' } });
    expect(renewals.map((e) => (e.data as { previous: string }).previous)).toEqual([credentials[0]!.number, credentials[1]!.number]);
    const panels = await app.db.prisma.journeyEvent.findMany({ where: { journeyId, type: 'panel_assigned' }, orderBy: { seq: 'asc' } });
    expect(panels.map((e) => (e.data as { panel: string[] }).panel.length)).toEqual([3, 1, 1]);
    expect(panels.slice(1).map((e) => (e.data as { panel: string[] }).panel[0])).toEqual(assessors);
    const submissions = await app.db.prisma.submission.findMany({ where: { journeyId }, orderBy: { submittedAt: 'asc' } });
    expect(submissions.map((s) => s.format)).toEqual(['written_report', 'reflective_write_up', 'reflective_write_up']);

    // The journey continued as new at each cycle boundary: certification, two renewals, then the last run.
    const runs = await historyLengthsByRun(env.client, journeyId);
    expect(runs.length).toBe(4);
    const journey = await app.db.prisma.journey.findUniqueOrThrow({ where: { id: journeyId } });
    expect(journey).toMatchObject({ stage: 'lapsed', cycle: 3 });
    const subjects = emailsTo('alex@example.com').map((m) => m.subject);
    expect(subjects.filter((s) => /has been renewed/.test(s))).toHaveLength(2);
    expect(subjects.at(-1)).toMatch(/has lapsed/);
  });

  it('lapses an unrenewed credential after the 14-day grace period, and a new enrolment starts a new run with cycle + 1', async () => {
    const journeyId = id('alex');
    const firstRunId = await app.withWorker(async () => {
      await certifyCandidate(app, env.client, 'alex');
      const outcome: JourneyOutcome = await env.client.workflow.getHandle(journeyId).result();
      expect(outcome).toMatchObject({ stage: 'lapsed' });
      return (await env.client.workflow.getHandle(journeyId).describe()).runId;
    });

    const lapsed = await app.db.prisma.credential.findFirstOrThrow({ where: { journeyId, cycle: 1 } });
    expect(lapsed.status).toBe('lapsed');
    const [expired] = await waitForEvent(app, journeyId, 'credential_expired');
    const [lapse] = await waitForEvent(app, journeyId, 'credential_lapsed');
    expect(Math.abs(expired!.at.getTime() - lapsed.expiresAt.getTime())).toBeLessThan(DAY);
    expect(days(expired!.at, lapse!.at)).toBeCloseTo(14, 0);
    expect(lapse!.stage).toBe('lapsed');
    expect(await app.db.prisma.journey.findUniqueOrThrow({ where: { id: journeyId } })).toMatchObject({ stage: 'lapsed', cycle: 1 });
    const lapseEmail = emailsTo('alex@example.com').at(-1)!;
    expect(lapseEmail.subject).toMatch(/has lapsed/);
    expect(lapseEmail.text).toContain(lapsed.number);
    // The window, the 30- and 7-day reminders, and no renewal.
    expect(emailsTo('alex@example.com').filter((m) => /Recertification due|expires in/.test(m.subject))).toHaveLength(3);

    // Re-entry: a fresh execution (not a continuation), on the next cycle, that earns a credential of its own.
    await app.withWorker(async () => {
      expect(await enroll(app, 'alex')).toEqual({ journeyId, created: true });
      const started = await waitForStage(env.client, journeyId, 'awaiting_manager_approval');
      expect(started.cycle).toBe(2);
      const description = await env.client.workflow.getHandle(journeyId).describe();
      expect(description.runId).not.toBe(firstRunId);
      expect(await historyLengthsByRun(env.client, journeyId)).toHaveLength(1);
      expect((await clickApproval(await approvalLinkFor(app, 'maya@example.com', 2), 'approve')).postStatus).toBe(200);
      await waitForStage(env.client, journeyId, 'awaiting_submission');
      expect(await submitReport(app, 'alex', journeyId)).toMatchObject({ data: { submitEvidence: { __typename: 'MutationSubmitEvidenceSuccess' } } });
      const { panel } = await scoreByPanel(app, env.client, journeyId, [4, 3, 3, 3]);
      expect(panel).toHaveLength(3);
      await waitForEvent(app, journeyId, 'credential_issued', 2);
    });
    const credentials = await app.db.prisma.credential.findMany({ where: { journeyId }, orderBy: { cycle: 'asc' } });
    expect(credentials.map((c) => [c.cycle, c.status])).toEqual([
      [1, 'lapsed'],
      [2, 'active'],
    ]);
    expect(await app.db.prisma.journey.findUniqueOrThrow({ where: { id: journeyId } })).toMatchObject({ cycle: 2, stage: 'certified' });
    expect(await app.db.prisma.journeyEvent.count({ where: { journeyId, type: 'enrolled' } })).toBe(2);
  });

  it('keeps every run below 300 history events over ten renewals while the total keeps growing', async () => {
    const BOUND = 300;
    const journeyId = id('alex');
    const lengths = await app.withWorker(async () => {
      let { runId } = await certifyCandidate(app, env.client, 'alex');
      for (let cycle = 1; cycle <= 10; cycle++) ({ runId } = await recertify(journeyId, runId, cycle));
      expect(await env.client.workflow.getHandle(journeyId, runId).query(getJourneyQuery)).toMatchObject({ stage: 'certified', cycle: 11 });
      return historyLengthsByRun(env.client, journeyId);
    });
    // The certification run, ten runs that each end in a renewal, and the run holding the eleventh credential.
    expect(lengths).toHaveLength(12);
    for (const length of lengths) expect(length).toBeLessThan(BOUND);
    const total = lengths.reduce((sum, n) => sum + n, 0);
    expect(total).toBeGreaterThan(2 * BOUND);
    // Renewal runs do the same work each time (about 130 events; batching of workflow tasks varies a
    // little), so their length does not creep up with the cycle number.
    const renewalRuns = lengths.slice(1, -1);
    for (const length of renewalRuns) expect(Math.abs(length - renewalRuns[0]!)).toBeLessThanOrEqual(30);

    const credentials = await app.db.prisma.credential.findMany({ where: { journeyId }, orderBy: { cycle: 'asc' } });
    expect(credentials.map((c) => c.cycle)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(credentials.slice(0, -1).every((c) => c.status === 'renewed')).toBe(true);
    expect(credentials.at(-1)!.status).toBe('active');
    expect(days(credentials[0]!.expiresAt, credentials.at(-1)!.expiresAt)).toBeCloseTo(10 * 730.5, -1);
  });

  it('lets only the committee revoke a credential, two members together; the credential is revoked and the journey ends REVOKED', async () => {
    const journeyId = id('alex');
    await app.withWorker(async () => {
      const { runId } = await certifyCandidate(app, env.client, 'alex');
      expect(await env.client.workflow.getHandle(journeyId, runId).query(getJourneyQuery)).toMatchObject({ stage: 'certified', cycle: 1 });
      const before = await eventTypes(app, journeyId);
      const reason = 'Evidence was found to be plagiarised from another team.';
      expect(await act(app, 'maya', 'revokeCredential', { journeyId, reason })).toMatchObject({ code: 'FORBIDDEN' });
      expect(await act(app, 'hana', 'revokeCredential', { journeyId, reason })).toMatchObject({ code: 'FORBIDDEN' });
      expect(await act(app, 'alex', 'revokeCredential', { journeyId, reason })).toMatchObject({ code: 'FORBIDDEN' });
      expect(await act(app, 'ines', 'revokeCredential', { journeyId, reason: 'too short' })).toMatchObject({ code: 'INVALID_INPUT' });
      expect(await eventTypes(app, journeyId)).toEqual(before);
      expect((await app.db.prisma.credential.findFirstOrThrow({ where: { journeyId } })).status).toBe('active');

      expect(await act(app, 'ines', 'revokeCredential', { journeyId, reason })).toMatchObject({ __typename: 'MutationRevokeCredentialSuccess' });
      // One member proposes; the credential stands until a second confirms (patch decision-appeals).
      await waitForEvent(app, journeyId, 'revocation_proposed');
      expect((await app.db.prisma.credential.findFirstOrThrow({ where: { journeyId } })).status).toBe('active');
      expect(await act(app, 'ines', 'revokeCredential', { journeyId, reason })).toMatchObject({ code: 'NOT_ALLOWED_IN_STAGE' });
      // A second member who does not say whose proposal they confirm (one meaning to propose, from a page
      // shown before ines proposed) is refused rather than confirming ines's reason unawares.
      expect(await act(app, 'dana', 'revokeCredential', { journeyId, reason: 'Copied design, I propose revoking.' })).toMatchObject({ code: 'CONFLICT', path: 'confirms' });
      expect(await act(app, 'dana', 'revokeCredential', { journeyId, reason: 'Confirmed: the design is copied from the payments team.', confirmsProposalBy: 'ines' })).toMatchObject({ __typename: 'MutationRevokeCredentialSuccess' });
      // Nobody appeals within the 14-day window: the journey ends revoked.
      const outcome: JourneyOutcome = await env.client.workflow.getHandle(journeyId).result();
      expect(outcome.stage).toBe('revoked');
      expect(outcome.reason).toContain('plagiarised');
      // The journey has ended: a second revocation finds nothing to act on.
      expect(await act(app, 'ines', 'revokeCredential', { journeyId, reason })).toMatchObject({ code: 'NOT_ALLOWED_IN_STAGE' });
    });
    const credential = await app.db.prisma.credential.findFirstOrThrow({ where: { journeyId } });
    expect(credential).toMatchObject({ status: 'revoked', revokedBy: 'ines', revokedReason: 'Evidence was found to be plagiarised from another team.' });
    const [revoked] = await waitForEvent(app, journeyId, 'credential_revoked');
    expect(revoked).toMatchObject({ actorId: 'ines', stage: 'revoked', data: { secondedBy: 'dana' } });
    const view = await app.graphql<{ journey: { stage: string; credentials: { status: string }[] } }>(
      'alex',
      'query($id: ID!) { journey(id: $id) { stage credentials { status } } }',
      { id: journeyId },
    );
    expect(view.data?.journey).toEqual({ stage: 'REVOKED', credentials: [{ status: 'revoked' }] });
    const subjects = emailsTo('alex@example.com').map((m) => m.subject);
    expect(subjects).toContainEqual(expect.stringMatching(/has been revoked/));
    expect(subjects.at(-1)).toMatch(/You may appeal/);
  });
});
