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

/** `servers`: the processes besides this one whose CPU is counted, by label (`temporal`: the Temporal server). */
export async function measureChunk(phase: Phase, indices: number[], concurrency: number, one: (i: number) => Promise<JourneyTimes>, servers: Record<string, () => number[]>): Promise<void> {
  const { value, samples } = await profileOwners(() =>
    measureResources(servers, () =>
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

/** `servers`: how the notes name each counted server process, by its label in measureChunk. */
export function describeUse(phase: Phase, servers: Record<string, string>): string {
  const f = resourceFigures(phase.use!);
  const others = Object.entries(servers)
    .map(([label, name]) => `${name} ${fmt(f.serverCores[label] ?? 0)}`)
    .join(', ');
  const owners = Object.entries(busyShares(phase.samples))
    .slice(0, 5)
    .map(([owner, share]) => `${owner} ${pct(share)}`)
    .join(', ');
  return (
    `${phase.label}: ${phase.times.length} in ${fmt(phase.use!.wallSeconds)} s; this process used ${fmt(f.processCores)} cores and its main thread was busy ` +
    `${pct(f.mainThreadBusy)} of the time (its busy samples: ${owners}); cores used: ${others}; ` +
    `every process on the machine together ${fmt(f.machineCores)} of ${os.availableParallelism()} cores, ${fmt(machineCpuPerJourney(phase))} ms of CPU per journey; machine load average ${fmt(f.loadAverage.min)}–${fmt(f.loadAverage.max)}.`
  );
}
