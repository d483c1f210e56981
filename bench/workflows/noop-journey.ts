import { CancellationScope, condition, continueAsNew, defineQuery, defineUpdate, isCancellation, proxyActivities, setHandler, sleep } from '@temporalio/workflow';
import type { BaselineActivities } from './activities.js';
import type { JourneyShape, NoopPhase } from './shape.js';

// A journey with everything Certiflow does taken out: the same number of activities, timers and updates,
// in the same order, counted from a real journey's history (bench/journeys/history-shape.ts). Activities do
// nothing; timers are long, like a journey's deadlines, and are cancelled when the awaited update arrives.

const { noop } = proxyActivities<BaselineActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '2 minutes' },
});

export const stepUpdate = defineUpdate<number, [number]>('step');
export const phaseQuery = defineQuery<NoopPhase>('phase');

const DEADLINE = '30 days';

/** Starts `count` long timers in a scope the caller cancels; like a journey's reminders beside a wait. */
function startTimers(count: number): CancellationScope {
  const scope = new CancellationScope();
  scope
    .run(() => Promise.all(Array.from({ length: count }, () => sleep(DEADLINE))))
    .catch((error: unknown) => {
      if (!isCancellation(error)) throw error;
    });
  return scope;
}

/** Waits for `done` with `timers` timers running, one of them the wait's own deadline. */
async function waitWithTimers(done: () => boolean, timers: number): Promise<void> {
  const extra = startTimers(Math.max(0, timers - 1));
  if (timers > 0) await condition(done, DEADLINE);
  else await condition(done);
  extra.cancel();
}

export async function noopJourneyWorkflow(shape: JourneyShape, run = 0): Promise<void> {
  const segments = shape.runs[run] ?? [];
  const finalRun = run >= shape.runs.length - 1;
  let received = 0;
  let phase: NoopPhase = { busy: true };
  setHandler(phaseQuery, () => phase);
  setHandler(stepUpdate, (step) => {
    received += 1;
    return step;
  });

  for (const [index, segment] of segments.entries()) {
    for (let a = 0; a < segment.activities; a++) await noop();
    if (index < segments.length - 1) {
      phase = { waitingFor: index };
      await waitWithTimers(() => received > index, segment.timers);
      phase = { busy: true };
    } else if (!finalRun) {
      // The certification run ends here: its last timers are started and dropped by continue-as-new.
      phase = { certified: true };
      startTimers(segment.timers);
    } else {
      // Holding the credential: nothing more happens in a benchmark's lifetime.
      phase = { holding: true };
      await waitWithTimers(() => false, segment.timers);
      return;
    }
  }
  return continueAsNew<typeof noopJourneyWorkflow>(shape, run + 1);
}
