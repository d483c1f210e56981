import type { ManagedChild } from './child-process.js';
import { seededRandom } from '../../demo/company/random.js';

// Kills processes at random moments and brings them back, like a machine that loses power or an
// orchestrator that reschedules pods. Seeded, so a failing run can be repeated with CHAOS_SEED.

export interface KillRecord {
  at: number;
  targets: string[];
  downMs: number;
  /** Start attempts that failed before the process served again. */
  failedStarts: number;
}

export interface MonkeyOptions {
  /** In start order: what the others need comes first (the Temporal server before the worker and API). */
  targets: ManagedChild[];
  seed: number;
  kills: number;
  /** Pause between kills, and how long a killed process stays down, each drawn from [min, max] ms. */
  intervalMs: [number, number];
  downMs: [number, number];
  /** Every n-th kill takes every target down at once. */
  allAtOnceEvery?: number;
  log?: (line: string) => void;
}

export interface Monkey {
  records: KillRecord[];
  /** Resolves after the last kill's processes serve again. */
  done: Promise<void>;
  /** Stops after the current kill (its processes are restarted). */
  stop(): Promise<void>;
}

export function startMonkey(options: MonkeyOptions): Monkey {
  const random = seededRandom(options.seed);
  const between = ([min, max]: [number, number]) => Math.round(min + random() * (max - min));
  const records: KillRecord[] = [];
  let stopping = false;
  // Each target dies once early on, in a random order; after that the victim is drawn each time.
  const firstRound = [...options.targets].sort(() => random() - 0.5);

  /** Starts the victims: the first target (what the others need) alone, then the rest together. */
  async function restart(victims: ManagedChild[]): Promise<number> {
    const [first, ...rest] = options.targets;
    let failed = 0;
    const startOne = async (target: ManagedChild) => {
      for (;;) {
        try {
          return await target.start();
        } catch (error) {
          // A supervisor would start it again; so do we, a few times, and count it.
          failed += 1;
          if (failed > 5) throw error;
          await target.kill();
        }
      }
    };
    if (first && victims.includes(first)) await startOne(first);
    await Promise.all(rest.filter((t) => victims.includes(t)).map(startOne));
    return failed;
  }

  const done = (async () => {
    for (let n = 1; n <= options.kills && !stopping; n++) {
      await sleep(between(options.intervalMs), () => stopping);
      if (stopping) break;
      const all = options.allAtOnceEvery !== undefined && n % options.allAtOnceEvery === 0;
      const victims = all ? options.targets : [firstRound[n - 1] ?? options.targets[Math.floor(random() * options.targets.length)]!];
      const at = Date.now();
      options.log?.(`kill ${n}: SIGKILL ${victims.map((v) => v.name).join(' + ')}`);
      await Promise.all(victims.map((v) => v.kill()));
      await sleep(between(options.downMs));
      const failedStarts = await restart(victims);
      records.push({ at, targets: victims.map((v) => v.name), downMs: Date.now() - at, failedStarts });
      options.log?.(`kill ${n}: serving again after ${Date.now() - at} ms${failedStarts ? `, ${failedStarts} failed starts` : ''}`);
    }
  })();

  return {
    records,
    done,
    async stop() {
      stopping = true;
      await done;
    },
  };
}

function sleep(ms: number, interrupted: () => boolean = () => false): Promise<void> {
  return new Promise((resolve) => {
    const started = Date.now();
    const tick = () => (interrupted() || Date.now() - started >= ms ? resolve() : setTimeout(tick, Math.min(200, ms)));
    tick();
  });
}
