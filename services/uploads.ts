import { createHash, randomUUID } from 'node:crypto';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { ErrorCode, fail, ok, type Result } from '../domain/errors.js';
import type { PrismaClient } from '../prisma/client.js';
import type { EvidenceFile } from '../workflows/journey/types.js';

// Evidence files are stored once per content hash under `dir`, outside the database. A body is streamed
// to a temporary file while it is hashed and counted, so a 200 MB video never sits in memory and an
// oversized one is refused at the first byte past the limit.

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
export type UploadErrorPath = 'mimeType' | 'size' | 'fileName' | 'body';

export interface UploadInput {
  body: AsyncIterable<Buffer> | Buffer;
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
}

export function createUploadService({ prisma, dir, limits = {}, verifyContent = true }: UploadServiceOptions) {
  const limitOf: UploadLimits = { ...DEFAULT_UPLOAD_LIMITS, ...limits };

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
    const tooLarge = () => invalid<never>(`This file is larger than the ${formatBytes(limit)} allowed for ${mimeType}.`, 'size');
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
        async function* (source: AsyncIterable<Buffer>) {
          for await (const chunk of source) {
            size += chunk.length;
            if (size > limit) throw new Refusal(tooLarge());
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
    // Same content, same name: replacing an identical file is harmless, so re-uploads need no check.
    await rename(temp, path.join(dir, sha256));
    // The row records the first upload of this content; later uploads of it change nothing.
    await prisma.uploadedFile.upsert({
      where: { sha256 },
      create: { sha256, fileName, mimeType, size, uploadedBy: input.uploadedBy },
      update: {},
    });
    return ok({ sha256, fileName, mimeType, size });
  }

  /** The largest file accepted of any type. */
  const maxBytes = Math.max(...Object.values(limitOf));

  /** Where a stored file's bytes are, or null when no such file was stored (hashes only, never names). */
  async function locate(sha256: string): Promise<string | null> {
    if (!/^[0-9a-f]{64}$/.test(sha256)) return null;
    const file = path.join(dir, sha256);
    return (await stat(file).catch(() => null))?.isFile() ? file : null;
  }

  return { store, limitFor, maxBytes, locate };
}

export type UploadService = ReturnType<typeof createUploadService>;

async function* single(buffer: Buffer): AsyncIterable<Buffer> {
  yield buffer;
}

/** `200 MB` rather than `209715200 bytes` when the limit is a whole number of megabytes. */
export function formatBytes(bytes: number): string {
  return bytes % MiB === 0 ? `${bytes / MiB} MB` : `${bytes} bytes`;
}
