import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';

// What the figures were measured on: they mean little without it.

export interface MachineFacts {
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  platform: string;
  loadAverage1m: number;
  commit: string;
  /** Tracked files changed but not committed when the run started (other work in the same checkout). */
  uncommittedFiles: number;
  packages: Record<string, string>;
}

const packageVersion = (name: string): string => {
  try {
    const url = new URL(`../node_modules/${name}/package.json`, import.meta.url);
    return (JSON.parse(readFileSync(url, 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
};

export function machineFacts(): MachineFacts {
  let commit = 'unknown';
  let uncommittedFiles = 0;
  try {
    const git = (...args: string[]) => execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    commit = git('rev-parse', '--short', 'HEAD').trim();
    uncommittedFiles = git('status', '--porcelain', '--untracked-files=no').split('\n').filter(Boolean).length;
  } catch {
    // Not a git checkout: the figures still stand, only unattributed.
  }
  return {
    cpus: os.availableParallelism(),
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    loadAverage1m: Number(os.loadavg()[0]!.toFixed(2)),
    commit,
    uncommittedFiles,
    packages: Object.fromEntries(
      ['@temporalio/worker', '@prisma/client', '@electric-sql/pglite', 'graphql-yoga', 'json-rules-engine'].map((name) => [name, packageVersion(name)]),
    ),
  };
}
