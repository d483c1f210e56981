
import { describe, expect, it } from 'vitest';
import { journeyWorkflowId } from '../../domain/workflow-ids.js';
import type { JourneyOutcome } from '../../workflows/journey/types.js';
import { useTestApp } from '../harness/fixture.js';
import { approvalLinkFor, clickApproval, enroll, scoreByPanel, submitReport, waitForStage } from '../harness/journey-driver.js';
import { recordHistories } from '../harness/histories.js';

// Journeys under the time-skipping test server: weeks and years pass in seconds, activities are the real
// ones on an in-memory PostgreSQL (PGlite) and a real SMTP catcher. Each test gets its own server and
// database: skipped time is global to a test server, and tenure and expiry facts depend on it.


const { env, app } = useTestApp({ temporal: 'time-skipping', per: 'test' });


const id = (personId: string) => journeyWorkflowId('cloud-architecture-practitioner', personId);
const emailsTo = (to: string) => app.smtp.messages().filter((m) => m.to.includes(to));

describe('journey workflow under time skipping', () => {
  it('certifies a candidate by panel, opens re-certification before expiry, and lapses the credential after the grace period', async () => {
    await app.withWorker(async () => {
      const { journeyId, created } = await enroll(app, 'alex');
      expect(created).toBe(true);
      expect(journeyId).toBe(id('alex'));
      await waitForStage(env.client, journeyId, 'awaiting_manager_approval');
      const click = await clickApproval(await approvalLinkFor(app, 'maya@example.com'), 'approve', 'Go for it');
      expect(click.postStatus).toBe(200);
      await waitForStage(env.client, journeyId, 'awaiting_submission');
      expect((await submitReport(app, 'alex', journeyId)).data).toMatchObject({ submitEvidence: { __typename: 'MutationSubmitEvidenceSuccess' } });
      const { panel, results } = await scoreByPanel(app, env.client, journeyId, [4, 3, 3, 3]);
      expect(panel).toHaveLength(3);
      for (const result of results) expect(result).toMatchObject({ data: { scoreSubmission: { __typename: 'MutationScoreSubmissionSuccess' } } });
      const outcome: JourneyOutcome = await env.client.workflow.getHandle(journeyId).result();
      expect(outcome.stage).toBe('lapsed');
      await recordHistories(env.client, journeyId, 'journey-v4-certified-then-lapsed');
    });
    const credential = await app.db.prisma.credential.findFirstOrThrow({ where: { personId: 'alex' } });
    const validDays = (credential.expiresAt.getTime() - credential.issuedAt.getTime()) / 86_400_000;
    expect(validDays).toBeGreaterThanOrEqual(730);
    expect(validDays).toBeLessThanOrEqual(731);
    expect(credential.status).toBe('lapsed');
    const events = await app.db.prisma.journeyEvent.findMany({ where: { journeyId: id('alex') }, orderBy: [{ at: 'asc' }, { seq: 'asc' }] });
    expect(events.map((e) => e.type)).toEqual([
      'enrolled',
      'eligibility_confirmed',
      'approval_requested',
      'manager_approved',
      'submission_opened',
      'mentor_assigned',
      'evidence_submitted',
      'panel_assigned',
      'panel_scores_complete',
      'assessment_decided',
      'credential_issued',
      'recertification_window_opened',
      'credential_expired',
      'credential_lapsed',
    ]);
    const windowOpened = events.find((e) => e.type === 'recertification_window_opened')!;
    expect((credential.expiresAt.getTime() - windowOpened.at.getTime()) / 86_400_000).toBeCloseTo(60, 0);
    const subjects = emailsTo('alex@example.com').map((m) => m.subject);
    expect(subjects[0]).toMatch(/passed|result/i);
    expect(subjects[1]).toMatch(/credential/i);
    // The window opens 60 days out; reminders follow at 60, 30 and 7 days; then the lapse notice.
    expect(subjects.filter((s) => /recertification due|expires in/i.test(s))).toHaveLength(3);
    expect(subjects.at(-1)).toMatch(/lapsed/i);
  });

  it('ends an ineligible enrolment with each failed condition and its actual value', async () => {
    await app.withWorker(async () => {
      const { journeyId } = await enroll(app, 'sam');
      const outcome: JourneyOutcome = await env.client.workflow.getHandle(journeyId).result();
      expect(outcome.stage).toBe('ineligible');
      expect(outcome.reason).toMatch(/tenure.*3/i);
      // The verdict could be appealed for 14 days (patch decision-appeals); nobody did, so the journey ended.
      await recordHistories(env.client, journeyId, 'journey-v10-ineligible');
    });
    const journey = await app.db.prisma.journey.findUniqueOrThrow({ where: { id: id('sam') } });
    expect(journey.stage).toBe('ineligible');
    expect(journey.ruleSetId).toBe('cloud-architecture-practitioner.eligibility@1');
    const eligibility = journey.eligibility as { eligible: boolean; conditions: { fact: string; actual: unknown; passed: boolean }[] };
    expect(eligibility.eligible).toBe(false);
    expect(eligibility.conditions.find((c) => c.fact === 'tenureMonths')).toMatchObject({ actual: 3, passed: false });
    expect(emailsTo('sam@example.com').map((m) => m.subject)).toEqual([expect.stringMatching(/not eligible|eligib/i), expect.stringMatching(/You may appeal/)]);

    // A finished journey can be entered again: a new run and a new cycle, with the history kept.
    await app.withWorker(async () => {
      const again = await enroll(app, 'sam');
      expect(again).toEqual({ journeyId: id('sam'), created: true });
      expect((await env.client.workflow.getHandle(again.journeyId).result()).stage).toBe('ineligible');
    });
    expect(await app.db.prisma.journey.findUniqueOrThrow({ where: { id: id('sam') } })).toMatchObject({ cycle: 2 });
    expect(await app.db.prisma.journeyEvent.count({ where: { journeyId: id('sam'), type: 'found_ineligible' } })).toBe(2);
  });

  it('re-sends an unanswered approval request, then asks the next manager up, and withdraws after their last one expires', async () => {
    const journeyId = await app.withWorker(async () => {
      const { journeyId } = await enroll(app, 'jordan');
      const outcome: JourneyOutcome = await env.client.workflow.getHandle(journeyId).result();
      expect(outcome.stage).toBe('withdrawn');
      expect(outcome.reason).toMatch(/not received after 3 requests/);
      expect(outcome.reason).toMatch(/3 requests to Maya Chen and 3 to Omar Haddad/);
      await recordHistories(env.client, journeyId, 'journey-v10-approval-unanswered');
      return journeyId;
    });
    // Three requests to Maya, then (patch approval-escalation) three to Omar, her manager; Maya is told it moved.
    const approvals = await app.db.prisma.approval.findMany({ where: { journeyId }, orderBy: { createdAt: 'asc' } });
    expect(approvals.map((a) => a.approverId)).toEqual(['maya', 'maya', 'maya', 'omar', 'omar', 'omar']);
    const toMaya = emailsTo('maya@example.com').filter((m) => m.subject.includes('Jordan'));
    expect(toMaya.filter((m) => /approv/i.test(m.subject) && !/No longer needed/.test(m.subject))).toHaveLength(3);
    expect(toMaya.filter((m) => /No longer needed/.test(m.subject))).toHaveLength(1);
    expect(emailsTo('omar@example.com').filter((m) => m.subject.includes('Jordan'))).toHaveLength(3);
  });
});
