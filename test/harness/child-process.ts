import { type ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';

// One restartable child process for the chaos tests: started the same way each time, killed outright
// (SIGKILL, no chance to clean up), started again. Output is kept for error messages, not echoed.

export interface ChildSpec {
  name: string;
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Resolves once the process serves; throws (with the output) if it does not in time. */
  ready(child: ManagedChild): Promise<void>;
}

export interface ManagedChild {
  readonly name: string;
  readonly pid: number | undefined;
  /** Times the process was started, including the first. */
  readonly starts: number;
  /** Exits nobody asked for (crashes), with their last output. */
  readonly crashes: string[];
  running(): boolean;
  output(): string;
  start(): Promise<void>;
  /** SIGKILL and wait for the exit. */
  kill(): Promise<void>;
  /** SIGTERM, then SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

const alive = new Set<ChildProcess>();
// A test process that dies must not leave servers behind. vitest ends its forks with SIGTERM, which
// would skip 'exit' handlers (these and the PostgreSQL harness's), so it is turned into an exit.
process.once('exit', () => {
  for (const child of alive) child.kill('SIGKILL');
});
process.once('SIGTERM', () => process.exit(143));

export function managedChild(spec: ChildSpec): ManagedChild {
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  let expectExit = false;
  let starts = 0;
  const crashes: string[] = [];
  const recent: string[] = [];

  const handle: ManagedChild = {
    name: spec.name,
    get pid() {
      return child?.pid;
    },
    get starts() {
      return starts;
    },
    crashes,
    running: () => !!child && child.exitCode === null && child.signalCode === null,
    output: () => recent.join('\n'),
    async start() {
      if (handle.running()) throw new Error(`${spec.name} is already running`);
      expectExit = false;
      starts += 1;
      const started = spawn(spec.command, spec.args, { env: spec.env ?? process.env, cwd: spec.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
      child = started;
      alive.add(started);
      const keep = (chunk: Buffer) => {
        recent.push(...chunk.toString('utf8').split('\n').filter((line) => line.trim()));
        recent.splice(0, Math.max(0, recent.length - 60));
      };
      started.stdout!.on('data', keep);
      started.stderr!.on('data', keep);
      exited = new Promise((resolve) => {
        started.once('error', (error) => {
          recent.push(error.message);
          resolve();
        });
        started.once('close', (code, signal) => {
          alive.delete(started);
          if (!expectExit) crashes.push(`${spec.name} exited (${signal ?? code}):\n${recent.slice(-20).join('\n')}`);
          resolve();
        });
      });
      await spec.ready(handle);
    },
    async kill() {
      if (!handle.running()) return;
      expectExit = true;
      child!.kill('SIGKILL');
      await exited;
    },
    async stop(graceMs = 10_000) {
      if (!handle.running()) return;
      expectExit = true;
      child!.kill('SIGTERM');
      const timer = setTimeout(() => child?.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
  return handle;
}

/** Polls `check` until it is true; fails early if the child exits, and after `timeoutMs` with its output. */
export async function waitUntilReady(child: ManagedChild, what: string, check: () => Promise<boolean>, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (!child.running()) throw new Error(`${child.name} stopped before ${what}. Its last output:\n${child.output() || '(none)'}`);
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`${child.name}: ${what} not within ${timeoutMs / 1000} s. Its last output:\n${child.output() || '(none)'}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** A port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
