import { ActivityFailure, ApplicationFailure, patched } from '@temporalio/workflow';
import { addIsoDuration } from '../../../domain/duration.js';
import { ErrorCode } from '../../../domain/errors.js';
import type { PersonRef } from '../../../domain/journey-context.js';
import type { JourneyEventPayloads } from '../../../domain/journey-events.js';
import { type ResponseTask, responseTimesOf } from '../../../domain/response-times.js';
import { db } from '../activities.js';
import { type Journey, journeyContext, notify, record } from '../journal.js';
import { JourneyPatches } from '../patches.js';
import { candidateForJudges } from './judges.js';
import { clearDeadlines, now, setDeadline, waitUntilOr } from './waits.js';

// Everyone a journey waits on has a time to answer (patch response-deadlines): panel members to score,
// the moderator to moderate, appeal reviewers to vote. A reminder goes out before the time is up; then
// the task passes to someone drawn by the same rules, and the person released is told. Anyone asked may
// declare a conflict of interest at any point and is replaced at once. When nobody can be drawn, HR is
// alerted and the journey tries again a day later: it waits, it never fails for want of people.

/** How long a journey waits before drawing again when nobody was available. */
export const STAFFING_RETRY = 'P1D';

type StaffingNeed = JourneyEventPayloads['staffing_shortage']['need'];

export interface ResponseRound {
  task: ResponseTask;
  /** The people asked now; replacements take their place here. */
  members: () => PersonRef[];
  answered: (personId: string) => boolean;
  /** Draws replacements for `leaving` and stores them; the whole new list, or null when nobody is free. */
  replace: (leaving: string[]) => Promise<PersonRef[] | null>;
  /** The request a newcomer gets: the one the people before them got. */
  request: (person: PersonRef) => Promise<void>;
  need: StaffingNeed;
}

/**
 * Waits until everyone asked has answered, chasing as it goes. Answers already given stay: a newcomer
 * replaces only the person who did not answer, and scores they give are as independent as the others'.
 */
export async function awaitResponses(journey: Journey, round: ResponseRound): Promise<'done' | 'ended'> {
  const times = timesOf(journey);
  const key = deadlineKey(round.task);
  const reminderKey = `${key}:reminder`;
  const pending = () => round.members().filter((member) => !round.answered(member.id));
  const steppingAside = () => (journey.state.stepAside ?? []).filter((s) => s.task === round.task);
  const open = (dueAt: string) => openResponses(journey, round.task, round.members(), dueAt);
  if (journey.state.awaiting?.task !== round.task) open(addIsoDuration(now(), times[round.task]));
  let reminded = false;
  try {
    for (;;) {
      const result = await waitUntilOr(journey, () => pending().length === 0 || steppingAside().length > 0, reminded ? key : reminderKey);
      if (result === 'ended') return 'ended';
      const declared = steppingAside();
      if (declared.length > 0) {
        journey.state = { ...journey.state, stepAside: (journey.state.stepAside ?? []).filter((s) => s.task !== round.task) };
        const leaving = declared.map((d) => d.personId);
        if ((await handOver(journey, round, leaving, 'conflict', Object.fromEntries(declared.map((d) => [d.personId, d.explanation])))) === 'ended') return 'ended';
        // A newcomer gets the full time; those already asked keep theirs or, if later, share the newcomer's.
        const fresh = addIsoDuration(now(), times[round.task]);
        open(Date.parse(fresh) > Date.parse(journey.state.deadlines![key]!) ? fresh : journey.state.deadlines![key]!);
        continue;
      }
      if (pending().length === 0) return 'done';
      if (!reminded) {
        reminded = true;
        const late = pending();
        const dueAt = journey.state.deadlines![key]!;
        await record(journey, 'response_reminder_sent', { data: { task: round.task, personIds: late.map((m) => m.id), dueAt } });
        for (const member of late) await notify(member.email, { template: 'response-reminder', params: { ...about(journey, round.task), recipientName: member.name, task: round.task, dueAt } });
        continue;
      }
      if ((await handOver(journey, round, pending().map((m) => m.id), 'overdue', {})) === 'ended') return 'ended';
      reminded = false;
      open(addIsoDuration(now(), times[round.task]));
    }
  } finally {
    clearDeadlines(journey, key);
    journey.state = { ...journey.state, awaiting: null, stepAside: (journey.state.stepAside ?? []).filter((s) => s.task !== round.task) };
  }
}

const timesOf = (journey: Journey) => responseTimesOf(journeyContext(journey).program.responseTimes);
const deadlineKey = (task: ResponseTask) => `respond:${task}`;

/**
 * Starts the clock for the people just asked (called as they are drawn, before anyone is told): from
 * then on they may declare a conflict, and their time runs until `dueAt` (the task's time from now).
 */
export function openResponses(journey: Journey, task: ResponseTask, members: PersonRef[], dueAt = addIsoDuration(now(), timesOf(journey)[task])): void {
  const key = deadlineKey(task);
  setDeadline(journey, key, dueAt);
  setDeadline(journey, `${key}:reminder`, addIsoDuration(dueAt, timesOf(journey).reminder, -1));
  journey.state = { ...journey.state, awaiting: { task, personIds: members.map((m) => m.id), dueAt } };
}

/** Draws replacements for `leaving` (waiting while nobody is free) and tells both sides. */
async function handOver(journey: Journey, round: ResponseRound, leaving: string[], reason: 'overdue' | 'conflict', explanations: Record<string, string>): Promise<'done' | 'ended'> {
  const before = round.members();
  // An overdue member who answers while the journey waits for people keeps the task.
  const stillLeaving = () => leaving.filter((id) => reason === 'conflict' || !round.answered(id));
  const after = await drawOrWait(journey, round.need, () => (stillLeaving().length ? round.replace(stillLeaving()) : Promise.resolve(before)), {
    unneeded: () => stillLeaving().length === 0,
  });
  if (after === 'ended') return 'ended';
  for (const [index, person] of before.entries()) {
    if (!stillLeaving().includes(person.id)) continue;
    const newcomer = after[index]!;
    const explanation = explanations[person.id];
    await record(journey, 'responder_replaced', { data: { task: round.task, from: person.id, to: newcomer.id, reason, ...(explanation ? { explanation } : {}) } });
    await notify(person.email, { template: 'task-reassigned', params: { ...about(journey, round.task), recipientName: person.name, task: round.task, reason } });
    await round.request(newcomer);
  }
  return 'done';
}

export interface DrawOptions {
  /** Whether the people are no longer needed (an overdue member answered meanwhile). */
  unneeded?: () => boolean;
  /** How long to wait between draws. */
  retryEvery?: string;
  /** Runs the recording and the alert; a side task passes its non-cancellable `effect`. */
  effect?: <T>(fn: () => Promise<T>) => Promise<T>;
}

/**
 * Runs `draw` until it finds people. The first time it finds none the shortage is recorded and HR is
 * told; then the journey tries again quietly every `retryEvery` (a day by default), so a long shortage
 * does not fill the audit trail or HR's inbox.
 */
export async function drawOrWait<T>(journey: Journey, need: StaffingNeed, draw: () => Promise<T | null>, options: DrawOptions = {}): Promise<T | 'ended'> {
  const run = options.effect ?? ((fn) => fn());
  let alerted = false;
  for (;;) {
    const drawn = await draw();
    if (drawn !== null) return drawn;
    const retryAt = addIsoDuration(now(), options.retryEvery ?? STAFFING_RETRY);
    if (!alerted) {
      alerted = true;
      const message = `No ${need === 'panel' ? 'assessor' : need === 'mentor' ? 'mentor' : 'committee member'} without a conflict of interest is free.`;
      await run(() => record(journey, 'staffing_shortage', { data: { need, message, retryAt } }));
      await run(() => alertHr(journey, need, message, retryAt));
    }
    // Keyed by need: a mentor is looked for beside the main flow, which may itself be short of a panel.
    const key = `staffing:${need}`;
    setDeadline(journey, key, retryAt);
    const waited = await waitUntilOr(journey, options.unneeded ?? (() => false), key);
    clearDeadlines(journey, key);
    if (waited === 'ended') return 'ended';
  }
}

/** Tells every HR person that the journey cannot get the people it needs. */
export async function alertHr(journey: Journey, need: StaffingNeed, detail: string, retryAt: string): Promise<void> {
  for (const person of await db.hrContacts()) {
    await notify(person.email, { template: 'staffing-alert', params: { ...about(journey), recipientName: person.name, need, detail, retryAt } });
  }
}

/** A selection activity's "too few people" (a non-retryable NOT_FOUND) as null; anything else is thrown. */
export async function orNobody<T>(select: () => Promise<T>): Promise<T | null> {
  try {
    return await select();
  } catch (error) {
    if (error instanceof ActivityFailure && error.cause instanceof ApplicationFailure && error.cause.type === ErrorCode.NotFound) return null;
    throw error;
  }
}

/** What a message about the journey says of it; to the people judging an anonymised assessment, not whose it is. */
function about(journey: Journey, task?: ResponseTask) {
  const { candidate, program } = journeyContext(journey);
  const judging = task === 'scoring' || task === 'moderation';
  const candidateName = judging && patched(JourneyPatches.anonymisedJudgesMail) ? candidateForJudges(journey) : candidate.name;
  return { candidateName, programName: program.name, journeyId: journey.state.journeyId };
}
