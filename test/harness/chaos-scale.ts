import { appendFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// The reliability tests run the same code at two sizes: short inside `npm test`, long with
// `npm run test:chaos` (CHAOS_SCALE=full). CHAOS_SEED repeats a run's random kill moments and victims.

export const CHAOS_FULL = process.env.CHAOS_SCALE === 'full';

export const chaosScale = CHAOS_FULL
  ? {
      journeys: 200,
      allAtOnceEvery: 4,
      // Spread over the run, so kills land in every phase (enrolment, approval, evidence, scoring,
      // credential); the monkey stops early if the journeys finish first.
      kills: 40,
      killIntervalMs: [10_000, 30_000] as [number, number],
      databaseOutageMs: 30_000,
      smtpOutageMs: 30_000,
      outageJourneys: 20,
      timeoutMs: 1_500_000,
    }
  : {
      journeys: 20,
      // One process alone, then all three at once (allAtOnceEvery below): each dies at least once.
      kills: 2,
      allAtOnceEvery: 2,
      // Close together, so the stalls they cause (an activity lost with a killed worker or server is
      // retried after its 30 s start-to-close timeout) overlap instead of adding up.
      killIntervalMs: [1_000, 3_000] as [number, number],
      // Shorter, and the same behaviour: activities fail and back off (attempt 3 or more), the API
      // answers 503, emails wait in the outbox, and all recover once the service is back.
      databaseOutageMs: 5_000,
      smtpOutageMs: 5_000,
      outageJourneys: 4,
      timeoutMs: 400_000,
    };

export function chaosSeed(): number {
  const fromEnv = process.env.CHAOS_SEED;
  return fromEnv ? Number(fromEnv) : Math.floor(Math.random() * 2 ** 31);
}

/** Where each run's figures are appended as JSON lines, for the README's Reliability section. */
export const figuresFile = path.join(os.tmpdir(), 'certiflow-chaos', 'figures.jsonl');

/** Prints a test's figures and appends them to `figuresFile`. */
export function reportFigures(test: string, figures: Record<string, unknown>): void {
  const line = JSON.stringify({ test, scale: CHAOS_FULL ? 'full' : 'short', at: new Date().toISOString(), ...figures });
  console.log(`[chaos figures] ${line}`);
  mkdirSync(path.dirname(figuresFile), { recursive: true });
  appendFileSync(figuresFile, `${line}\n`);
}
