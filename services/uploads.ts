import { withDefaults } from '../domain/settings.js';
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { ErrorCode, fail, ok, type Result } from '../domain/errors.js';
import type { PrismaClient } from '../prisma/client.js';
import type { EvidenceFile } from '../domain/journey-records.js';
import { createUploadAdmission, type UploadAdmissionLimits } from './upload-admission.js';
import { lockUpload } from './upload-locks.js';
import { createUploadSweeper } from './upload-sweeper.js';

// Evidence files are stored once per content hash under `dir`, outside the database. A body is streamed
// to a temporary file while it is hashed and counted, so a 200 MB video never sits in memory and an
// oversized one is refused at the first byte past the limit. Each uploader owns their upload of a file
// (UploadOwnership): it counts against their quota and only they may attach it as evidence.

const MiB = 1024 * 1024;

const ACCEPTED = {
  'video/mp4': 'video',
  'video/webm': 'video',
  'video/quicktime': 'video',
  'application/pdf': 'pdf',
} as const;
export type UploadMimeType = keyof typeof ACCEPTED;
type FileKind = (typeof ACCEPTED)[UploadMimeType];

/** Byte limits per kind of file. */
export type UploadLimits = Record<FileKind, number>;
export const DEFAULT_UPLOAD_LIMITS: UploadLimits = { video: 200 * MiB, pdf: 20 * MiB };

/** Which input an upload error is about; the HTTP layer answers 415, 413 or 400 from it. */
export type UploadErrorPath = 'mimeType' | 'size' | 'quota' | 'fileName' | 'body';

/** Limits on what each person may store and how fast (README, Configuration: UPLOAD_*). */
export interface UploadPolicy extends UploadAdmissionLimits {
  /** Bytes a person may have stored at once: every upload of theirs, attached to a submission or not. */
  quotaBytes: number;
  /** How long an upload that no submission of its uploader names is kept (upload-sweeper.ts). */
  unusedGraceMs: number;
}
export const DEFAULT_UPLOAD_POLICY: UploadPolicy = {
  quotaBytes: 1024 * MiB,
  maxConcurrent: 16,
  maxConcurrentPerPerson: 2,
  perHour: 30,
  unusedGraceMs: 24 * 60 * 60 * 1000,
};

export interface UploadInput {
  body: AsyncIterable<Uint8Array> | Buffer;
  fileName: string;
  mimeType: string;
  uploadedBy: string;
}

const MAX_FILE_NAME = 255;
/** Enough leading bytes to recognise every accepted format (a PDF header may follow a little junk). */
const HEAD_BYTES = 1024;

/** `video/MP4; codecs=avc1` names the same type as `video/mp4`. */
export function normaliseMimeType(value: string): string {
  return (value.split(';')[0] ?? '').trim().toLowerCase();
}

function isAccepted(mimeType: string): mimeType is UploadMimeType {
  return Object.hasOwn(ACCEPTED, mimeType);
}

const invalid = <T>(message: string, where: UploadErrorPath): Result<T> => fail<T>(ErrorCode.InvalidInput, message, where);

/** The client's Content-Type is only a claim: the first bytes must look like that format too. */
function looksLike(mimeType: UploadMimeType, head: Buffer): boolean {
  const box = head.subarray(4, 8).toString('latin1');
  switch (mimeType) {
    case 'application/pdf':
      return head.includes('%PDF-', 0, 'latin1');
    case 'video/webm':
      return head.subarray(0, 4).equals(Buffer.from([0x1a, 0x45, 0xdf, 0xa3]));
    case 'video/mp4':
      return box === 'ftyp';
    case 'video/quicktime':
      // Older QuickTime files start with a movie or data atom rather than `ftyp`.
      return ['ftyp', 'moov', 'mdat', 'wide', 'free', 'skip', 'pnot'].includes(box);
  }
}

/** Thrown inside the streaming pipeline to stop it; carries the refusal to return. */
class Refusal extends Error {
  constructor(readonly result: Result<never>) {
    super('upload refused');
  }
}

export interface UploadServiceOptions {
  prisma: PrismaClient;
  /** Where files are kept, each named by its sha256. */
  dir: string;
  limits?: Partial<UploadLimits>;
  /** Check the leading bytes against the declared type (on unless turned off). */
  verifyContent?: boolean;
  /** Quota, rate and concurrency limits; unset fields keep DEFAULT_UPLOAD_POLICY's. */
  policy?: Partial<UploadPolicy>;
}

export function createUploadService({ prisma, dir, limits = {}, verifyContent = true, policy = {} }: UploadServiceOptions) {
  const limitOf: UploadLimits = { ...DEFAULT_UPLOAD_LIMITS, ...limits };
  const rules: UploadPolicy = withDefaults(DEFAULT_UPLOAD_POLICY, policy);
  const admission = createUploadAdmission(rules);

  /** The byte limit for a content type, or null when the type is not accepted at all. */
  function limitFor(mimeType: string): number | null {
    const type = normaliseMimeType(mimeType);
    return isAccepted(type) ? limitOf[ACCEPTED[type]] : null;
  }

  async function store(input: UploadInput): Promise<Result<EvidenceFile>> {
    const mimeType = normaliseMimeType(input.mimeType);
    if (!isAccepted(mimeType)) {
      return invalid(`Only MP4, WebM or QuickTime video and PDF files can be uploaded, not "${mimeType || 'no type'}".`, 'mimeType');
    }
    // Only the last path segment: a name is shown to people, never used as a path.
    const fileName = (input.fileName.split(/[\\/]/).pop() ?? '').replace(/\p{Cc}/gu, '').trim();
    if (!fileName) return invalid('Give the file a name.', 'fileName');
    if (fileName.length > MAX_FILE_NAME) return invalid(`File names are at most ${MAX_FILE_NAME} characters.`, 'fileName');

    const limit = limitOf[ACCEPTED[mimeType]];
    const overQuota = () => invalid<never>(`This upload would take you past your ${formatBytes(rules.quotaBytes)} of stored files. Nothing was stored.`, 'quota');
    // Refused before reading a byte when the person's quota is used up; otherwise the body is cut off at
    // whichever comes first, the type's limit or what is left of the quota (re-uploading a file one
    // already owns then counts too: rare, and safer than streaming past a quota to find out).
    const left = rules.quotaBytes - (await usedBytes(prisma, input.uploadedBy));
    if (left <= 0) return overQuota();
    const cap = Math.min(limit, left);
    const tooLarge = () => (cap < limit ? overQuota() : invalid<never>(`This file is larger than the ${formatBytes(limit)} allowed for ${mimeType}.`, 'size'));
    const wrongContent = () => invalid<never>(`The file's content is not ${mimeType}.`, 'mimeType');

    await mkdir(dir, { recursive: true });
    // In the target directory, so the final rename stays on one file system and is atomic.
    const temp = path.join(dir, `.incoming-${randomUUID()}`);
    // Opened before streaming, so a refusal on the first chunk cannot race the file's creation.
    const handle = await open(temp, 'wx');
    const hash = createHash('sha256');
    let size = 0;
    let head = Buffer.alloc(0);
    let checked = !verifyContent;
    try {
      await pipeline(
        Buffer.isBuffer(input.body) ? single(input.body) : input.body,
        async function* (source: AsyncIterable<Uint8Array>) {
          for await (const chunk of source) {
            size += chunk.length;
            if (size > cap) throw new Refusal(tooLarge());
            if (!checked && head.length < HEAD_BYTES) head = Buffer.concat([head, chunk.subarray(0, HEAD_BYTES - head.length)]);
            if (!checked && head.length >= HEAD_BYTES) {
              if (!looksLike(mimeType, head)) throw new Refusal(wrongContent());
              checked = true;
            }
            hash.update(chunk);
            yield chunk;
          }
        },
        handle.createWriteStream(),
      );
      if (size === 0) throw new Refusal(invalid('The file is empty.', 'body'));
      if (!checked && !looksLike(mimeType, head)) throw new Refusal(wrongContent());
    } catch (error) {
      // Normally the failed stream has closed it already; closing again is then a no-op.
      await handle.close();
      await rm(temp, { force: true });
      if (error instanceof Refusal) return error.result;
      throw error;
    }

    const sha256 = hash.digest('hex');
    const personId = input.uploadedBy;
    let refused: Result<never> | null;
    try {
      refused = await prisma.$transaction(async (tx) => {
        // The person's lock makes the quota exact under concurrent uploads; the file's lock keeps the
        // sweeper from deleting this content between the rename below and the commit.
        await lockUpload(tx, `quota:${personId}`);
        await lockUpload(tx, `file:${sha256}`);
        const already = await tx.uploadOwnership.findUnique({ where: { sha256_personId: { sha256, personId } }, select: { size: true } });
        if (!already && (await usedBytes(tx, personId)) + size > rules.quotaBytes) return overQuota();
        // The file row records the first upload of this content; each uploader gets their own ownership,
        // with their own name for it, and a re-upload restarts the grace period.
        await tx.uploadedFile.upsert({ where: { sha256 }, create: { sha256, fileName, mimeType, size, uploadedBy: personId }, update: {} });
        const claimedAt = new Date();
        await tx.uploadOwnership.upsert({
          where: { sha256_personId: { sha256, personId } },
          create: { sha256, personId, fileName, mimeType, size, claimedAt },
          update: { fileName, mimeType, claimedAt },
        });
        // Same content, same name: replacing an identical file is harmless, so re-uploads need no check.
        await rename(temp, path.join(dir, sha256));
        return null;
      });
    } finally {
      // Gone already when renamed; otherwise a refusal or a failed transaction leaves nothing behind.
      await rm(temp, { force: true });
    }
    return refused ?? ok({ sha256, fileName, mimeType, size });
  }

  /** The largest file accepted of any type. */
  const maxBytes = Math.max(...Object.values(limitOf));

  /** Where a stored file's bytes are, or null when no such file was stored (hashes only, never names). */
  async function locate(sha256: string): Promise<string | null> {
    if (!/^[0-9a-f]{64}$/.test(sha256)) return null;
    const file = path.join(dir, sha256);
    return (await stat(file).catch(() => null))?.isFile() ? file : null;
  }

  return {
    store,
    limitFor,
    maxBytes,
    locate,
    /** Call before reading an upload's body; refused when the process or the person has too many going. */
    admit: (personId: string) => admission.admit(personId),
    /** Garbage collection of unused uploads and crash leftovers; the API server starts it. */
    sweeper: createUploadSweeper({ prisma, dir, graceMs: rules.unusedGraceMs }),
  };
}

export type UploadService = ReturnType<typeof createUploadService>;

/** Bytes the person has stored: all their uploads, attached or not. */
async function usedBytes(db: Pick<PrismaClient, 'uploadOwnership'>, personId: string): Promise<number> {
  return (await db.uploadOwnership.aggregate({ where: { personId }, _sum: { size: true } }))._sum.size ?? 0;
}

/**
 * The person's own upload of `sha256` as evidence, or null when they never uploaded it (someone else's
 * file answers the same as a missing one, so hashes cannot be probed). Claiming it restarts its grace
 * period, so the sweeper keeps it while the workflow records the submission that names it.
 */
export async function claimUpload(prisma: Pick<PrismaClient, 'uploadOwnership'>, personId: string, sha256: string): Promise<EvidenceFile | null> {
  const claimed = await prisma.uploadOwnership.updateMany({ where: { sha256, personId }, data: { claimedAt: new Date() } });
  if (claimed.count === 0) return null;
  const row = await prisma.uploadOwnership.findUnique({ where: { sha256_personId: { sha256, personId } } });
  return row && { sha256: row.sha256, fileName: row.fileName, mimeType: row.mimeType, size: row.size };
}

async function* single(buffer: Buffer): AsyncIterable<Buffer> {
  yield buffer;
}

/** `200 MB` rather than `209715200 bytes` when the limit is a whole number of megabytes. */
export function formatBytes(bytes: number): string {
  return bytes % MiB === 0 ? `${bytes / MiB} MB` : `${bytes} bytes`;
}
