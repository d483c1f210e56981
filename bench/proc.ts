import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { performance } from 'node:perf_hooks';

// Where the time went while a phase ran: this process's CPU (all its threads), its main thread's event
// loop utilisation, the CPU of child servers (the Temporal dev server, PostgreSQL) from /proc, and the
// machine's load, since other work on a shared machine slows every figure alike.

const TICKS_PER_SECOND = 100;

function statFields(pid: number): string[] | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name is in parentheses and may contain spaces; fields after it are space-separated.
    const close = stat.lastIndexOf(')');
    return [stat.slice(stat.indexOf('(') + 1, close), ...stat.slice(close + 2).split(' ')];
  } catch {
    return null;
  }
}

/**
 * User + system CPU seconds of a process (0 when it is gone), with those of its children it has waited for:
 * a PostgreSQL backend that exits is counted in its postmaster's figure from then on.
 */
export function cpuSecondsOf(pid: number): number {
  const f = statFields(pid);
  return f ? (Number(f[12]) + Number(f[13]) + Number(f[14]) + Number(f[15])) / TICKS_PER_SECOND : 0;
}

/**
 * CPU seconds every process on the machine has used since boot (/proc/stat: all but idle, I/O wait and steal).
 * Counts what no other figure does, such as a PostgreSQL server, which runs detached from this process.
 */
export function machineCpuSeconds(): number {
  try {
    const [, ...fields] = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!.trim().split(/\s+/);
    const ticks = fields.slice(0, 8).map(Number);
    // Idle, I/O wait and steal (time the hypervisor gave other machines) are not this machine's work.
    return (ticks.reduce((sum, t) => sum + t, 0) - ticks[3]! - ticks[4]! - ticks[7]!) / TICKS_PER_SECOND;
  } catch {
    return Number.NaN;
  }
}

interface ProcessEntry {
  pid: number;
  parent: number;
  comm: string;
}

function processTable(): ProcessEntry[] {
  const table: ProcessEntry[] = [];
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    const f = Number.isInteger(pid) ? statFields(pid) : null;
    if (f) table.push({ pid, parent: Number(f[2]), comm: f[0]! });
  }
  return table;
}

function descendantsIn(table: ProcessEntry[], name: string, root: number): number[] {
  const parents = new Map(table.map((p) => [p.pid, p.parent]));
  const isDescendant = (pid: number): boolean => {
    for (let p = parents.get(pid); p !== undefined && p > 1; p = parents.get(p)) if (p === root) return true;
    return false;
  };
  return table.filter((p) => p.comm.includes(name) && isDescendant(p.pid)).map((p) => p.pid);
}

/** Descendants of `root` whose command name contains `name` (e.g. "temporal", "node"). */
export function descendantPids(name: string, root = process.pid): number[] {
  return descendantsIn(processTable(), name, root);
}

/**
 * The PostgreSQL server listening on `port` (its postmaster, found by the `-p <port>` it was started with)
 * and its backends. pg_ctl starts it detached, so it is no descendant of this process.
 */
export function postgresPids(port: number): number[] {
  const table = processTable();
  const postmaster = table.find((p) => {
    if (p.comm !== 'postgres') return false;
    try {
      const argv = readFileSync(`/proc/${p.pid}/cmdline`, 'utf8').split('\0');
      return argv.some((arg, i) => (arg === '-p' && argv[i + 1] === String(port)) || arg === `-p${port}`);
    } catch {
      return false;
    }
  });
  return postmaster ? [postmaster.pid, ...descendantsIn(table, 'postgres', postmaster.pid)] : [];
}

/** CPU the processes used between two readings; one gone by the second (its parent holds its time) counts from its first. */
function grownBy(before: Map<number, number>, after: Map<number, number>): number {
  let sum = 0;
  for (const [pid, seconds] of after) sum += seconds - (before.get(pid) ?? 0);
  for (const [pid, seconds] of before) if (!after.has(pid)) sum -= seconds;
  return sum;
}

/** Sums over one or more measured stretches; see resourceFigures() for the derived figures. */
export interface ResourceUse {
  wallSeconds: number;
  processCpuSeconds: number;
  mainThreadActiveSeconds: number;
  serverCpuSeconds: Record<string, number>;
  /** Every process on the machine, this one and the servers included. */
  machineCpuSeconds: number;
  loadAverages: number[];
}

/**
 * `servers`: by label, how to find the processes whose CPU is counted. Looked up at the start and again at
 * the end: a process that started meanwhile (a database connection the pool opened) counts from zero.
 */
export async function measureResources<T>(servers: Record<string, () => number[]>, fn: () => Promise<T>): Promise<{ value: T; use: ResourceUse }> {
  const cpuOf = (find: () => number[]) => new Map(find().map((pid) => [pid, cpuSecondsOf(pid)]));
  const before = Object.fromEntries(Object.entries(servers).map(([label, find]) => [label, cpuOf(find)]));
  const load = os.loadavg()[0]!;
  const start = performance.now();
  const elu = performance.eventLoopUtilization();
  const cpu = process.cpuUsage();
  const machineBefore = machineCpuSeconds();
  const value = await fn();
  const used = process.cpuUsage(cpu);
  const after = Object.fromEntries(Object.entries(servers).map(([label, find]) => [label, cpuOf(find)]));
  const machine = machineCpuSeconds() - machineBefore;
  return {
    value,
    use: {
      wallSeconds: (performance.now() - start) / 1000,
      processCpuSeconds: (used.user + used.system) / 1e6,
      mainThreadActiveSeconds: performance.eventLoopUtilization(elu).active / 1000,
      serverCpuSeconds: Object.fromEntries(Object.keys(servers).map((label) => [label, grownBy(before[label]!, after[label]!)])),
      machineCpuSeconds: machine,
      loadAverages: [load, os.loadavg()[0]!],
    },
  };
}

export function mergeUse(a: ResourceUse | undefined, b: ResourceUse): ResourceUse {
  if (!a) return b;
  const servers = { ...a.serverCpuSeconds };
  for (const [label, s] of Object.entries(b.serverCpuSeconds)) servers[label] = (servers[label] ?? 0) + s;
  return {
    wallSeconds: a.wallSeconds + b.wallSeconds,
    processCpuSeconds: a.processCpuSeconds + b.processCpuSeconds,
    mainThreadActiveSeconds: a.mainThreadActiveSeconds + b.mainThreadActiveSeconds,
    serverCpuSeconds: servers,
    machineCpuSeconds: a.machineCpuSeconds + b.machineCpuSeconds,
    loadAverages: [...a.loadAverages, ...b.loadAverages],
  };
}

/** Cores used (CPU seconds per wall second) and the main thread's busy share. */
export function resourceFigures(use: ResourceUse) {
  return {
    processCores: use.processCpuSeconds / use.wallSeconds,
    mainThreadBusy: use.mainThreadActiveSeconds / use.wallSeconds,
    serverCores: Object.fromEntries(Object.entries(use.serverCpuSeconds).map(([label, s]) => [label, s / use.wallSeconds])),
    machineCores: use.machineCpuSeconds / use.wallSeconds,
    loadAverage: { min: Math.min(...use.loadAverages), max: Math.max(...use.loadAverages) },
  };
}
