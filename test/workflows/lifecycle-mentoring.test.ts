
import { describe, expect, it } from 'vitest';
import { journeyWorkflowId } from '../../domain/workflow-ids.js';
import { useTestApp } from '../harness/fixture.js';
import { act, enrolAndApprove, eventTypes, submitReport, waitForEvent, waitForStage, waitForState } from '../harness/journey-driver.js';

// Working towards the credential under the time-skipping test server: a leave of absence that stops
// every clock, and mentoring check-ins at the program's cadence (P14D, reminder P2D before), a missed one
// escalated to the candidate's manager.


const { env, app } = useTestApp({ temporal: 'time-skipping', per: 'test' });


const id = (personId: string) => journeyWorkflowId('cloud-architecture-practitioner', personId);
const DAY = 86_400_000;
const emailsTo = (to: string) => app.smtp.messages().filter((m) => m.to.includes(to));

describe('pausing and mentoring', () => {
  it('moves the submission deadline by the time spent paused: 100 days on leave past a 90-day deadline, then the evidence is still accepted', async () => {
    const journeyId = id('alex');
    await app.withWorker(async () => {
      await enrolAndApprove(app, env.client, 'alex');
      const open = await waitForState(env.client, journeyId, (s) => !!s.deadlines?.submission && !!s.deadlines?.checkIn, 'submission and first check-in scheduled');
      const originalDeadline = Date.parse(open.deadlines!.submission!);
      const originalCheckIn = Date.parse(open.deadlines!.checkIn!);
      expect((originalDeadline - (await env.currentTimeMs())) / DAY).toBeCloseTo(90, 0);

      // A colleague is not told the journey exists (a missing one answers the same).
      expect(await act(app, 'sam', 'pauseJourney', { journeyId, reason: 'Not my journey' })).toMatchObject({ code: 'NOT_FOUND', path: 'journeyId' });
      expect(await act(app, 'alex', 'pauseJourney', { journeyId, reason: 'Parental leave' })).toMatchObject({
        __typename: 'MutationPauseJourneySuccess',
        data: { stage: 'PAUSED' },
      });
      expect(await act(app, 'alex', 'pauseJourney', { journeyId, reason: 'Parental leave' })).toMatchObject({ code: 'NOT_ALLOWED_IN_STAGE' });
      expect((await submitReport(app, 'alex', journeyId)).data).toMatchObject({ submitEvidence: { code: 'NOT_ALLOWED_IN_STAGE' } });
      await waitForEvent(app, journeyId, 'journey_paused');

      // Far past the original deadline: nothing fires while the journey is paused.
      await env.sleep('100 days');
      expect(await env.currentTimeMs()).toBeGreaterThan(originalDeadline + 9 * DAY);
      const paused = await waitForStage(env.client, journeyId, 'paused');
      expect(paused.deadlines!.submission).toBe(open.deadlines!.submission);

      expect(await act(app, 'alex', 'resumeJourney', { journeyId })).toMatchObject({ data: { stage: 'AWAITING_SUBMISSION' } });
      expect(await act(app, 'alex', 'resumeJourney', { journeyId })).toMatchObject({ code: 'NOT_ALLOWED_IN_STAGE' });
      const resumed = await waitForStage(env.client, journeyId, 'awaiting_submission');
      const [resumeEvent] = await waitForEvent(app, journeyId, 'journey_resumed');
      const pausedMs = (resumeEvent!.data as { pausedMs: number }).pausedMs;
      expect(pausedMs / DAY).toBeCloseTo(100, 0);
      // Every open deadline moved by exactly the time spent paused.
      expect(Date.parse(resumed.deadlines!.submission!) - originalDeadline).toBe(pausedMs);
      expect(Date.parse(resumed.deadlines!.checkIn!) - originalCheckIn).toBe(pausedMs);

      // After the original deadline, evidence is still accepted.
      expect(await env.currentTimeMs()).toBeGreaterThan(originalDeadline);
      expect((await submitReport(app, 'alex', journeyId)).data).toMatchObject({ submitEvidence: { __typename: 'MutationSubmitEvidenceSuccess' } });
      await waitForStage(env.client, journeyId, 'awaiting_assessment');
      // The workflow's stage moves before its event is written: wait for the read model while the worker runs.
      await waitForEvent(app, journeyId, 'panel_assigned');
    });

    const types = await eventTypes(app, journeyId);
    expect(types).not.toContain('journey_ended');
    expect(types).not.toContain('check_in_missed');
    expect(types.slice(types.indexOf('journey_paused'))).toEqual(['journey_paused', 'journey_resumed', 'evidence_submitted', 'panel_assigned']);
    const journey = await app.db.prisma.journey.findUniqueOrThrow({ where: { id: journeyId } });
    expect(journey).toMatchObject({ stage: 'awaiting_assessment', pausedAt: null });
    // No reminders and no escalations were sent for deadlines that were on hold.
    expect(emailsTo('alex@example.com').map((m) => m.subject).filter((s) => /evidence is due|Check-in due/.test(s))).toEqual([]);
    expect(emailsTo('maya@example.com').map((m) => m.subject).filter((s) => /Missed check-in/.test(s))).toEqual([]);
  });

  it('escalates a missed check-in to the manager by email, records a check-in held by the mentor, and refuses one recorded by anyone else', async () => {
    const journeyId = id('alex');
    const mentorId = await app.withWorker(async () => {
      await enrolAndApprove(app, env.client, 'alex');
      await waitForEvent(app, journeyId, 'mentor_assigned');
      const scheduled = await waitForState(env.client, journeyId, (s) => !!s.mentor && !!s.deadlines?.checkIn, 'first check-in scheduled');
      const mentorId = scheduled.mentor!.id;
      const firstDue = scheduled.deadlines!.checkIn!;
      expect((Date.parse(firstDue) - (await env.currentTimeMs())) / DAY).toBeCloseTo(14, 0);
      const checkIn = { journeyId, progress: 'Drafted the cost model.', blockers: '', nextSteps: 'Threat model next.' };
      for (const notMentor of ['alex', 'maya', 'hana']) {
        expect(await act(app, notMentor, 'recordCheckIn', checkIn)).toMatchObject({ code: 'FORBIDDEN' });
      }
      // Another mentor, with no part in this journey, is not told it exists.
      expect(await act(app, mentorId === 'tom' ? 'priya' : 'tom', 'recordCheckIn', checkIn)).toMatchObject({ code: 'NOT_FOUND', path: 'journeyId' });

      // The first check-in passes unrecorded: a reminder two days before, then the escalation.
      await env.sleep('15 days');
      const [missed] = await waitForEvent(app, journeyId, 'check_in_missed');
      expect(missed!.data).toMatchObject({ dueAt: firstDue, missedCount: 1, escalatedTo: 'maya' });

      // The next one is due a cadence after the missed one was due; the mentor records it.
      const next = await waitForState(env.client, journeyId, (s) => s.deadlines?.checkIn !== firstDue && (s.checkIns?.length ?? 0) === 2, 'second check-in scheduled');
      expect((Date.parse(next.deadlines!.checkIn!) - Date.parse(firstDue)) / DAY).toBe(14);
      expect(await act(app, 'alex', 'recordCheckIn', checkIn)).toMatchObject({ code: 'FORBIDDEN' });
      expect(await act(app, mentorId, 'recordCheckIn', { ...checkIn, progress: '' })).toMatchObject({ code: 'INVALID_INPUT' });
      expect(await act(app, mentorId, 'recordCheckIn', checkIn)).toMatchObject({ __typename: 'MutationRecordCheckInSuccess' });
      const [recorded] = await waitForEvent(app, journeyId, 'check_in_recorded');
      expect(recorded).toMatchObject({ actorId: mentorId, data: { progress: 'Drafted the cost model.', nextSteps: 'Threat model next.' } });
      return mentorId;
    });

    const checkIns = await app.db.prisma.checkIn.findMany({ where: { journeyId }, orderBy: { dueAt: 'asc' } });
    expect(checkIns.map((c) => ({ mentorId: c.mentorId, missed: c.missed, recorded: c.recordedAt !== null, progress: c.progress }))).toEqual([
      { mentorId, missed: true, recorded: false, progress: null },
      { mentorId, missed: false, recorded: true, progress: 'Drafted the cost model.' },
    ]);
    const escalations = emailsTo('maya@example.com').filter((m) => /Missed check-in/.test(m.subject));
    expect(escalations).toHaveLength(1);
    expect(escalations[0]!.subject).toContain('Alex Kim');
    for (const person of ['alex', mentorId]) {
      expect(emailsTo(`${person}@example.com`).filter((m) => /Check-in due/.test(m.subject))).toHaveLength(1);
    }
    const types = (await eventTypes(app, journeyId)).filter((t) => t.startsWith('check_in_'));
    expect(types).toEqual(['check_in_missed', 'check_in_recorded']);
  });
});
