import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import type { Readable } from 'node:stream';

// Supervision helpers for `npm run dev`: children with prefixed output, port probes, and stopping with
// a deadline. Children get their own process group so a terminal Ctrl-C reaches only the supervisor,
// which then stops them in order (the worker must finish before the Temporal server goes away).

const useColor = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
const palette: Record<string, number> = { temporal: 36, worker: 35, api: 32, inbox: 33, dev: 34, db: 90 };
const prefixWidth = 10;

/** `[name]` padded to one width, coloured on a terminal, so interleaved output stays scannable. */
function prefixFor(name: string): string {
  const label = `[${name}]`.padEnd(prefixWidth);
  const color = palette[name];
  return useColor && color ? `\u001b[${color}m${label}\u001b[0m` : label;
}

export const colorOutput = useColor;

/** Writes text line by line, each line prefixed; a partial last line waits for its end. */
export function prefixedWriter(name: string, out: NodeJS.WritableStream = process.stdout) {
  const prefix = prefixFor(name);
  let pending = '';
  return {
    write(text: string) {
      const lines = (pending + text).split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) out.write(`${prefix} ${line.replace(/\r$/, '')}\n`);
    },
    flush() {
      if (pending) out.write(`${prefix} ${pending}\n`);
      pending = '';
    },
  };
}

export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface Supervised {
  name: string;
  child: ChildProcess;
  /** Settles when the process has exited (never rejects). */
  exited: Promise<ExitStatus>;
  /** The last lines it printed, for error messages when it dies early. */
  recentOutput(): string;
  /** Stops echoing its output (still kept for recentOutput), e.g. for shutdown chatter. */
  mute(): void;
}

const running = new Set<Supervised>();

// Detached children would outlive a supervisor that crashes; kill whatever is left when it exits.
process.on('exit', () => {
  for (const supervised of running) signalGroup(supervised.child, 'SIGKILL');
});

export function spawnPrefixed(
  name: string,
  command: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string; pidFile?: string } = {},
): Supervised {
  const child = spawn(command, args, { env: options.env ?? process.env, cwd: options.cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  if (options.pidFile && child.pid) writeFileSync(options.pidFile, `${child.pid}\n`);
  const recent: string[] = [];
  const writer = prefixedWriter(name);
  let muted = false;
  const pipe = (stream: Readable) =>
    stream.on('data', (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      if (!muted) writer.write(text);
      recent.push(...text.split('\n').filter((line) => line.trim()));
      recent.splice(0, Math.max(0, recent.length - 30));
    });
  pipe(child.stdout!);
  pipe(child.stderr!);

  const supervised: Supervised = {
    name,
    child,
    exited: new Promise((resolve) => {
      // 'error' without 'close' happens when the command cannot be started at all (ENOENT).
      child.once('error', (error) => {
        recent.push(error.message);
        resolve({ code: null, signal: null });
      });
      child.once('close', (code, signal) => resolve({ code, signal }));
    }).then((status) => {
      if (options.pidFile) rmSync(options.pidFile, { force: true });
      writer.flush();
      running.delete(supervised);
      return status as ExitStatus;
    }),
    recentOutput: () => recent.join('\n'),
    mute: () => {
      muted = true;
    },
  };
  running.add(supervised);
  return supervised;
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    // The negative pid addresses the whole group: npm, its shell and the node process it started.
    process.kill(-child.pid, signal);
  } catch {
    child.kill(signal);
  }
}

/**
 * SIGTERM to the child's process group, then SIGKILL if it has not exited within `timeoutMs`. The
 * group, as a terminal's Ctrl-C would: npm's shell does not relay signals, and tsx drops the copy its
 * child already received, so the node process at the bottom sees exactly one.
 */
export async function stopProcess(supervised: Supervised, timeoutMs: number): Promise<ExitStatus & { killed: boolean }> {
  signalGroup(supervised.child, 'SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  const first = await Promise.race([supervised.exited, deadline]);
  clearTimeout(timer);
  if (first !== 'timeout') return { ...first, killed: false };
  signalGroup(supervised.child, 'SIGKILL');
  return { ...(await supervised.exited), killed: true };
}

/** Forced exit (second Ctrl-C): no waiting, no orphans. */
export function killAll(): void {
  for (const supervised of running) signalGroup(supervised.child, 'SIGKILL');
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function commandLine(pid: number): string {
  try {
    return execFileSync('ps', ['-p', String(pid), '-o', 'args='], { encoding: 'utf8' });
  } catch {
    return '';
  }
}

/**
 * A supervisor killed outright (tsx SIGKILLs its child when a relayed Ctrl-C is not acknowledged
 * within 60 ms, e.g. while webpack bundles) cannot stop its detached children. The next run finds
 * the survivor through its pid file and stops it; `marker` (part of its command line) guards against
 * a recycled pid. Returns the pid it stopped, if any.
 */
export async function stopLeftover(pidFile: string, marker: string, timeoutMs: number): Promise<number | undefined> {
  let pid: number;
  try {
    pid = Number(readFileSync(pidFile, 'utf8').trim());
  } catch {
    return undefined;
  }
  if (Number.isInteger(pid) && pid > 0 && isAlive(pid) && commandLine(pid).includes(marker)) {
    process.kill(pid, 'SIGTERM');
    const deadline = Date.now() + timeoutMs;
    while (isAlive(pid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    if (isAlive(pid)) process.kill(pid, 'SIGKILL');
  } else {
    pid = 0;
  }
  rmSync(pidFile, { force: true });
  return pid || undefined;
}

/** One TCP connection attempt: true when something accepts on host:port. */
export function isPortOpen(host: string, port: number, timeoutMs = 1_000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (open: boolean) => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

export function describeExit(status: ExitStatus): string {
  return status.signal ? `was killed by ${status.signal}` : `exited with code ${status.code}`;
}

/**
 * Waits until host:port accepts TCP connections. Fails early, with its last output, if `owner` exits
 * first, and after `timeoutMs` with a message naming what was awaited.
 */
export async function waitForPort(
  host: string,
  port: number,
  { timeoutMs, what, owner }: { timeoutMs: number; what: string; owner?: Supervised },
): Promise<void> {
  const started = Date.now();
  let exitStatus: ExitStatus | undefined;
  owner?.exited.then((status) => {
    exitStatus = status;
  });
  while (Date.now() - started < timeoutMs) {
    if (exitStatus) {
      throw new Error(`${what} ${describeExit(exitStatus)} before ${host}:${port} accepted connections. Its last output:\n${owner?.recentOutput() || '(none)'}`);
    }
    if (await isPortOpen(host, port, 500)) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const output = owner ? ` Its last output:\n${owner.recentOutput() || '(none)'}` : '';
  throw new Error(`${what} did not accept connections on ${host}:${port} within ${Math.round(timeoutMs / 1000)} s.${output}`);
}
