import { patched } from '@temporalio/workflow';
import { addIsoDuration } from '../../../domain/duration.js';
import { db } from '../activities.js';
import { type Journey, notify, record } from '../journal.js';
import { JourneyPatches } from '../patches.js';
import { effect, type StopFlag } from './beside.js';
import { drawOrWait } from './responders.js';
import { clearDeadlines, newId, now, setDeadline, waitUntilOr } from './waits.js';

/** How often a journey without a mentor looks for one with free capacity (patch mentor-retry). */
export const MENTOR_RETRY = 'P7D';

/**
 * Mentoring runs beside the rest of the journey until the candidate is certified or leaves: a mentor
 * is assigned, check-ins fall due at the program's cadence with a reminder before each, and a missed
 * check-in is escalated to the candidate's manager.
 */
export async function mentor(journey: Journey, until?: StopFlag): Promise<void> {
  const { candidate, program, manager } = journey.state.context!;
  const assign = () => effect(journey, () => db.assignMentor({ journeyId: journey.state.journeyId, candidateId: candidate.id }));
  // Only journeys whose side tasks stop by cancellation can wait for a mentor: the flag never ends a wait.
  const retries = !!journey.stopsSideTasksByCancelling && patched(JourneyPatches.mentorRetry);
  const found = retries ? await drawOrWait(journey, 'mentor', assign, { retryEvery: MENTOR_RETRY, effect: (fn) => effect(journey, fn) }) : await assign();
  if (found === 'ended') return;
  const assigned = found;
  if (!assigned) {
    await effect(journey, () => record(journey, 'mentor_unavailable', { data: { reason: 'No mentor has capacity; HR has been told through the journey list.' } }));
    return;
  }
  journey.state = { ...journey.state, mentor: assigned };
  const cadence = program.checkInCadence ?? 'P14D';
  const firstDue = addIsoDuration(now(), cadence);
  await effect(journey, () => record(journey, 'mentor_assigned', { data: { mentorId: assigned.id, cadence } }));
  await effect(journey, () => notify(assigned.email, {
    template: 'mentor-assigned',
    params: { mentorName: assigned.name, candidateName: candidate.name, programName: program.name, firstCheckInDue: firstDue },
  }));

  // Stopped by cancellation (lifecycle/beside.ts) mid-wait, the check-in deadlines still go.
  try {
    let missedCount = 0;
    let dueAt = firstDue;
    const stop = () => until?.over ?? false;
    while (!stop()) {
      const checkInId = newId();
      journey.state = { ...journey.state, checkIns: [...(journey.state.checkIns ?? []), { checkInId, dueAt }] };
      setDeadline(journey, 'checkIn', dueAt);
      setDeadline(journey, 'checkInReminder', addIsoDuration(dueAt, program.checkInReminder ?? 'P2D', -1));
      const recorded = () => !!journey.state.checkIns?.find((c) => c.checkInId === checkInId)?.recordedAt;

      if ((await waitUntilOr(journey, () => recorded() || stop(), 'checkInReminder')) === 'deadline') {
        for (const person of [assigned, candidate]) {
          await effect(journey, () => notify(person.email, {
            template: 'check-in-reminder',
            params: { recipientName: person.name, candidateName: candidate.name, mentorName: assigned.name, programName: program.name, dueAt: journey.state.deadlines!.checkIn! },
          }));
        }
      }
      const result = await waitUntilOr(journey, () => recorded() || stop(), 'checkIn');
      if (result === 'ended' || stop()) break;
      const checkIn = journey.state.checkIns!.find((c) => c.checkInId === checkInId)!;
      if (result === 'done') {
        const { progress, blockers, nextSteps, recordedAt } = checkIn;
        await effect(journey, () => db.recordCheckIn({ checkInId, journeyId: journey.state.journeyId, mentorId: assigned.id, dueAt: checkIn.dueAt, recordedAt, progress, blockers, nextSteps, missed: false }));
        await effect(journey, () => record(journey, 'check_in_recorded', { actorId: assigned.id, data: { checkInId, progress, blockers, nextSteps } }));
      } else {
        missedCount += 1;
        journey.state = { ...journey.state, checkIns: journey.state.checkIns!.map((c) => (c.checkInId === checkInId ? { ...c, missed: true } : c)) };
        await effect(journey, () => db.recordCheckIn({ checkInId, journeyId: journey.state.journeyId, mentorId: assigned.id, dueAt: checkIn.dueAt, missed: true }));
        await effect(journey, () => record(journey, 'check_in_missed', { data: { checkInId, dueAt: checkIn.dueAt, missedCount, escalatedTo: manager?.id ?? null } }));
        if (manager) {
          await effect(journey, () => notify(manager.email, {
            template: 'check-in-missed',
            params: { managerName: manager.name, candidateName: candidate.name, mentorName: assigned.name, programName: program.name, dueAt: checkIn.dueAt, missedCount },
          }));
        }
      }
      // The next check-in is a cadence after this one was due (shifted by any pause), not after it happened.
      dueAt = addIsoDuration(journey.state.deadlines!.checkIn!, cadence);
    }
  } finally {
    clearDeadlines(journey, 'checkIn');
  }
}
