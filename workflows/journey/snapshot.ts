import type { JourneyState } from './types.js';

/**
 * What the journey query answers (services read deadlines, in-flight work and reconciliation facts
 * from it): the journey's state as a copy, without the handlers' work queue of notes still to be
 * recorded. Callers get data, never the workflow's live object.
 */
export type JourneySnapshot = Readonly<Omit<JourneyState, 'pendingNotes'>>;

export function journeySnapshot(state: JourneyState): JourneySnapshot {
  const { pendingNotes: _notes, ...snapshot } = state;
  return snapshot;
}
