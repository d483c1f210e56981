// The shape of a journey's history, as the no-op baseline replays it: per run, segments of activities
// and timers, each segment after the first opened by one update (or signal) from a person.

export interface Segment {
  activities: number;
  timers: number;
}

export interface JourneyShape {
  /** One entry per run (a journey continues as new once certified); each run a list of segments. */
  runs: Segment[][];
}

/**
 * The query the driver polls: which update the workflow waits for now; `certified` once the certification
 * run's work is done (it then continues as new), `holding` once the next run waits for re-certification.
 */
export type NoopPhase = { waitingFor: number } | { certified: true } | { holding: true } | { busy: true };
