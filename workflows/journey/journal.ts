import { uuid4 } from '@temporalio/workflow';
import type { JourneyStage } from '../../domain/journey.js';
import type { JourneyContext } from '../../domain/journey-context.js';
import type { JourneyEventPayloads, JourneyEventType } from '../../domain/journey-events.js';
import type { EmailMessage } from '../../mail/templates.js';
import { db, mail } from './activities.js';
import { now } from './clock.js';
import type { JourneyState } from './types.js';

/** The journey's live state, shared by the phases and the message handlers. */
export interface Journey {
  state: JourneyState;
  /** How side tasks are stopped on this run (lifecycle/beside.ts); not state: decided again each run. */
  stopsSideTasksByCancelling?: boolean;
}

/**
 * Moves the journey to `stage` (when given) and appends an event to its audit trail. The event id comes
 * from the workflow's deterministic uuid4, so a retried write is recognised and a replay writes nothing new.
 */
export async function record<T extends JourneyEventType>(
  journey: Journey,
  type: T,
  details: { actorId?: string | null; stage?: JourneyStage; data: JourneyEventPayloads[T] },
): Promise<void> {
  const previous = journey.state;
  const state: JourneyState = { ...previous, stage: details.stage ?? previous.stage, seq: previous.seq + 1 };
  journey.state = state;
  await db.recordJourneyEvent({
    eventId: uuid4(),
    journeyId: state.journeyId,
    seq: state.seq,
    type,
    actorId: details.actorId ?? null,
    at: now(),
    stage: state.stage,
    ruleSetId: state.ruleSetId,
    data: details.data,
    journey: {
      programId: state.programId,
      pathwayId: state.pathwayId,
      candidateId: state.candidateId,
      enrolledAt: state.enrolledAt,
      cycle: state.cycle,
      assessorId: state.assessorId,
      outcome: state.assessment?.outcome ?? null,
      eligibility: state.eligibility,
      cohortId: state.cohortId ?? null,
      mentorId: state.mentor?.id ?? null,
      panel: state.panel?.map((member) => member.id) ?? (state.assessorId ? [state.assessorId] : []),
      panelRound: state.panelRound ?? 0,
      pausedAt: state.pausedAt ?? null,
      endReason: state.endReason,
    },
  });
}

/** Sends one email through the outbox; the key is unique to this send, even across re-enrolments. */
export async function notify(to: string, message: EmailMessage): Promise<void> {
  await mail.sendEmail({ idempotencyKey: `email:${uuid4()}`, to, message });
}

/** The program terms and people the journey enrolled with (set by enrolment, present from then on). */
export const journeyContext = (journey: Journey): JourneyContext => journey.state.context!;

/** Ends the journey at `stage`, recording why. Returns false, for phases that answer "does it go on?". */
export async function endJourney(journey: Journey, stage: JourneyStage, reason: string): Promise<false> {
  journey.state = { ...journey.state, endReason: reason };
  await record(journey, 'journey_ended', { stage, data: { reason } });
  return false;
}
