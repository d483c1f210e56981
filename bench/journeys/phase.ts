import os from 'node:os';
import { runPool } from '../pool.js';
import { measureResources, mergeUse, type ResourceUse, resourceFigures } from '../proc.js';
import { busyShares, mergeSamples, profileOwners, type Samples } from '../profile.js';
import { fmt } from '../report.js';
import { summarize } from '../stats.js';
import type { JourneyTimes } from './driver.js';

// One contender (Certiflow or a baseline) measured in chunks: the chunks of all contenders take turns,
// so load from other work on a shared machine falls on each of them alike. Times, failures, resources
// and profile samples add up over the chunks.

export interface Phase {
  label: string;
  times: JourneyTimes[];
  failures: string[];
  use?: ResourceUse;
  samples: Samples;
}

export const newPhase = (label: string): Phase => ({ label, times: [], failures: [], samples: {} });

/** `serverProcess`: the command name of the Temporal server whose CPU time is counted (a child of this process). */
export async function measureChunk(phase: Phase, indices: number[], concurrency: number, one: (i: number) => Promise<JourneyTimes>, serverProcess = 'temporal'): Promise<void> {
  const { value, samples } = await profileOwners(() =>
    measureResources({ temporal: serverProcess }, () =>
      runPool(indices, concurrency, async (i) => {
        try {
          return await one(i);
        } catch (error) {
          phase.failures.push(String((error as Error).message ?? error).slice(0, 300));
          return null;
        }
      }),
    ),
    phase.label,
  );
  phase.times.push(...value.value.filter((t): t is JourneyTimes => t !== null));
  phase.use = mergeUse(phase.use, value.use);
  phase.samples = mergeSamples(phase.samples, samples);
}

export const perSecond = (phase: Phase) => phase.times.length / (phase.use?.wallSeconds ?? Number.NaN);
/** Milliseconds of CPU every process on the machine (this one, the Temporal server, PostgreSQL, the SMTP catcher) spent per journey. */
export const machineCpuPerJourney = (phase: Phase) => (1000 * (phase.use?.machineCpuSeconds ?? Number.NaN)) / phase.times.length;
export const totalSummary = (phase: Phase) => summarize(phase.times.map((t) => t.total));
export const stepSummary = (phase: Phase, step: number) => summarize(phase.times.map((t) => t.steps[step]!));

const pct = (x: number) => `${Math.round(x * 100)}%`;

export function describeUse(phase: Phase, server = 'the Temporal dev server'): string {
  const f = resourceFigures(phase.use!);
  const owners = Object.entries(busyShares(phase.samples))
    .slice(0, 5)
    .map(([owner, share]) => `${owner} ${pct(share)}`)
    .join(', ');
  return (
    `${phase.label}: ${phase.times.length} in ${fmt(phase.use!.wallSeconds)} s; this process used ${fmt(f.processCores)} cores and its main thread was busy ` +
    `${pct(f.mainThreadBusy)} of the time (its busy samples: ${owners}); ${server} used ${fmt(f.serverCores.temporal ?? 0)} cores; ` +
    `every process on the machine together ${fmt(f.machineCores)} of ${os.availableParallelism()} cores, ${fmt(machineCpuPerJourney(phase))} ms of CPU per journey; machine load average ${fmt(f.loadAverage.min)}–${fmt(f.loadAverage.max)}.`
  );
}
