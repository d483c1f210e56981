import { CancellationScope, isCancellation, patched } from '@temporalio/workflow';
import type { Journey } from '../journal.js';
import { JourneyPatches } from '../patches.js';

// Side tasks run beside the journey's main flow (mentoring, following rule changes) until the main flow
// stops them. A journey that took patch cancellable-coroutines runs each in its own cancellation scope
// and stops it by cancelling: its waits end at once, while its effects (emails, audit events) run in
// non-cancellable scopes and always finish. Journeys started before the patch stop their side tasks as
// they always did, by a flag the task polls, and run effects as before, so their histories replay.

/** What a side task is told to stop by, on journeys started before cancellation scopes. */
export interface StopFlag {
  over: boolean;
}

export interface SideTask {
  /** Stops the task and waits until it has finished what it was doing. */
  stop(): Promise<void>;
}

/** Decided once per run, before any side task starts (a marker in new histories, none in old ones). */
export function chooseSideTaskStopping(journey: Journey): void {
  journey.stopsSideTasksByCancelling = patched(JourneyPatches.cancellableCoroutines);
}

export function runBeside(journey: Journey, task: (flag?: StopFlag) => Promise<void>): SideTask {
  if (journey.stopsSideTasksByCancelling) {
    const scope = new CancellationScope();
    const finished = scope.run(() => task()).catch((error: unknown) => {
      if (!isCancellation(error)) throw error;
    });
    return {
      async stop() {
        scope.cancel();
        await finished;
      },
    };
  }
  const flag: StopFlag = { over: false };
  const finished = task(flag);
  return {
    async stop() {
      flag.over = true;
      await finished;
    },
  };
}

/** Runs an effect to its end even while the side task around it is being stopped. */
export function effect<T>(journey: Journey, fn: () => Promise<T>): Promise<T> {
  return journey.stopsSideTasksByCancelling ? CancellationScope.nonCancellable(fn) : fn();
}
