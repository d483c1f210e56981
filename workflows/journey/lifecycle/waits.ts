import { condition, uuid4 } from '@temporalio/workflow';
import { msUntil, now } from '../clock.js';
import { db } from '../activities.js';
import { type Journey, record } from '../journal.js';
import { effect } from './beside.js';

export type WaitResult = 'done' | 'deadline' | 'ended';

/** Withdrawn, revoked or the holder left: every phase stops waiting and the main flow closes the journey. */
export const hasEnded = (journey: Journey): boolean => !!journey.state.withdrawal || !!journey.state.revocation || !!journey.state.departure;

export function setDeadline(journey: Journey, key: string, at: string): void {
  journey.state = { ...journey.state, deadlines: { ...journey.state.deadlines, [key]: at } };
}

export function clearDeadlines(journey: Journey, prefix: string): void {
  const deadlines = Object.fromEntries(Object.entries(journey.state.deadlines ?? {}).filter(([key]) => !key.startsWith(prefix)));
  journey.state = { ...journey.state, deadlines };
}

/**
 * Waits until `done()`, until the deadline stored under `key` passes, or until the journey ends.
 * The clock stops while the journey is paused: resuming moves every stored deadline, and the deadline
 * is read again on each turn, so a leave of absence never eats into the candidate's time.
 * Without a stored deadline it waits for `done()` alone.
 */
export async function waitUntilOr(journey: Journey, done: () => boolean, key?: string): Promise<WaitResult> {
  const interrupted = () => done() || hasEnded(journey) || !!journey.state.pausedAt || (journey.state.pendingNotes?.length ?? 0) > 0;
  for (;;) {
    // Taken off the queue as they are recorded, so recorded to the end whoever is stopping (beside.ts).
    await effect(journey, () => flushNotes(journey));
    if (done()) return 'done';
    if (hasEnded(journey)) return 'ended';
    if (journey.state.pausedAt) {
      await condition(() => !journey.state.pausedAt || hasEnded(journey) || (journey.state.pendingNotes?.length ?? 0) > 0);
      continue;
    }
    const deadline = key ? journey.state.deadlines?.[key] : undefined;
    if (!deadline) {
      await condition(interrupted);
      continue;
    }
    if (msUntil(deadline) === 0) return 'deadline';
    await condition(interrupted, msUntil(deadline));
  }
}

/** Records what handlers noted (pause, resume, transfer, milestones, plan changes) in the audit trail. */
export async function flushNotes(journey: Journey): Promise<void> {
  const notes = journey.state.pendingNotes ?? [];
  if (notes.length === 0) return;
  journey.state = { ...journey.state, pendingNotes: [] };
  for (const note of notes) {
    if (note.type === 'milestone_recorded') {
      await db.recordMilestone({ ...note.data, journeyId: journey.state.journeyId });
    }
    if (note.type === 'learning_plan_adjusted' && journey.state.learningPlan) {
      await db.saveLearningPlan({ journeyId: journey.state.journeyId, plan: journey.state.learningPlan });
    }
    await record(journey, note.type, { actorId: note.actorId || null, data: note.data });
  }
}

/** A fresh id for an effect the workflow is about to cause; deterministic on replay. */
export const newId = (): string => uuid4();

export { now };
