import { readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { PrismaClient } from '../prisma/client.js';
import { lockUpload } from './upload-locks.js';

// Garbage collection of the uploads directory. Uploads that their uploader never named in a submission
// are dropped after a grace period; a file's bytes go once nobody owns them and no submission names
// them. Submitted evidence is kept for good: it is part of the journey's record.
//
// It runs in the API process, on a timer, because that process owns the uploads directory (it writes
// it, and serves downloads from it); a Temporal schedule would run in the worker, which may sit on
// another machine without that directory. Several API processes sharing one directory may all sweep:
// every deletion is conditional in the database and taken under the file's advisory lock, the same
// lock an upload holds while it moves its file into place, so a sweep never removes a file an upload
// is completing.

const SHA256_NAME = /^[0-9a-f]{64}$/;
/** Temporary files of uploads in progress (services/uploads.ts). */
const PARTIAL_PREFIX = '.incoming-';
/**
 * An upload in progress writes its temporary file continuously; one untouched this long belongs to a
 * process that died mid-upload (sockets time out long before).
 */
export const PARTIAL_MAX_AGE_MS = 60 * 60 * 1000;

export interface SweepResult {
  /** Uploads dropped because their uploader never attached them within the grace period. */
  unusedUploads: number;
  /** Stored files deleted because nobody owns them and no submission names them. */
  files: number;
  /** Files in the directory with no database row (a crash between moving the file and committing). */
  strayFiles: number;
  /** Temporary files left by uploads that never finished. */
  partials: number;
}

export interface SweepSchedule {
  everyMs: number;
  /** The first sweep, soon after start so a crash's leftovers go early (a minute by default). */
  firstAfterMs?: number;
  onSwept?: (result: SweepResult) => void;
  onError?: (error: unknown) => void;
}

export interface UploadSweeperOptions {
  prisma: PrismaClient;
  dir: string;
  graceMs: number;
  now?: () => Date;
}

export function createUploadSweeper({ prisma, dir, graceMs, now = () => new Date() }: UploadSweeperOptions) {
  /** Deletes one stored file if, under its lock, nobody owns it and no submission names it. */
  async function dropFileIfUnused(sha256: string): Promise<boolean> {
    return prisma.$transaction(async (tx) => {
      await lockUpload(tx, `file:${sha256}`);
      const deleted = await tx.$executeRaw`
        DELETE FROM "UploadedFile" f WHERE f."sha256" = ${sha256}
          AND NOT EXISTS (SELECT 1 FROM "UploadOwnership" o WHERE o."sha256" = f."sha256")
          AND NOT EXISTS (SELECT 1 FROM "Submission" s WHERE s."fileSha256" = f."sha256")`;
      if (deleted > 0) await rm(path.join(dir, sha256), { force: true });
      return deleted > 0;
    });
  }

  /** A file on disk with no row: only an upload whose transaction never committed leaves one. */
  async function dropStrayFile(sha256: string): Promise<boolean> {
    return prisma.$transaction(async (tx) => {
      await lockUpload(tx, `file:${sha256}`);
      if (await tx.uploadedFile.findUnique({ where: { sha256 }, select: { sha256: true } })) return false;
      await rm(path.join(dir, sha256), { force: true });
      return true;
    });
  }

  async function sweep(): Promise<SweepResult> {
    const at = now();
    const cutoff = new Date(at.getTime() - graceMs);
    const unusedUploads = await prisma.$executeRaw`
      DELETE FROM "UploadOwnership" o WHERE o."claimedAt" < ${cutoff}
        AND NOT EXISTS (SELECT 1 FROM "Submission" s WHERE s."fileSha256" = o."sha256" AND s."submittedBy" = o."personId")`;

    const orphans = await prisma.$queryRaw<{ sha256: string }[]>`
      SELECT f."sha256" FROM "UploadedFile" f
        WHERE NOT EXISTS (SELECT 1 FROM "UploadOwnership" o WHERE o."sha256" = f."sha256")
          AND NOT EXISTS (SELECT 1 FROM "Submission" s WHERE s."fileSha256" = f."sha256")`;
    let files = 0;
    for (const { sha256 } of orphans) if (await dropFileIfUnused(sha256)) files += 1;

    let strayFiles = 0;
    let partials = 0;
    for (const name of await readdir(dir).catch(notFoundAs([]))) {
      const isPartial = name.startsWith(PARTIAL_PREFIX);
      if (!isPartial && !SHA256_NAME.test(name)) continue;
      const modified = (await stat(path.join(dir, name)).catch(notFoundAs(null)))?.mtimeMs;
      if (modified === undefined) continue; // Renamed or removed since the listing.
      if (isPartial) {
        if (at.getTime() - modified < PARTIAL_MAX_AGE_MS) continue;
        await rm(path.join(dir, name), { force: true });
        partials += 1;
      } else if (modified < cutoff.getTime() && (await dropStrayFile(name))) {
        strayFiles += 1;
      }
    }
    return { unusedUploads, files, strayFiles, partials };
  }

  /**
   * Sweeps `firstAfterMs` from now, then every `everyMs` after the previous sweep ends (never two at once
   * in this process). The timer does not keep the process alive; `stop()` cancels the next sweep.
   */
  function start({ everyMs, firstAfterMs = 60_000, onSwept, onError }: SweepSchedule) {
    let timer: NodeJS.Timeout | undefined;
    let stopped = false;
    const schedule = (delay: number) => {
      if (stopped) return;
      timer = setTimeout(() => {
        sweep()
          .then((result) => onSwept?.(result))
          // Reported and tried again next time: a database away for a moment must not end the sweeping.
          .catch((error: unknown) => onError?.(error))
          .finally(() => schedule(everyMs));
      }, delay);
      timer.unref();
    };
    schedule(firstAfterMs);
    return {
      stop() {
        stopped = true;
        clearTimeout(timer);
      },
    };
  }

  return { sweep, start };
}

export type UploadSweeper = ReturnType<typeof createUploadSweeper>;

/** For a catch: a missing file or directory gives `value`; anything else is rethrown. */
function notFoundAs<T>(value: T) {
  return (error: unknown): T => {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return value;
    throw error;
  };
}
