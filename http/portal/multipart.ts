import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import busboy from 'busboy';

// Multipart forms (evidence with a file) read as they arrive, with busboy. Text fields are collected,
// capped in total; the file part goes straight to `storeFile` as a stream, which the upload service
// writes to disk while hashing and counting it. Nothing is held whole in memory, whatever the body's
// size, and reading stops as soon as the body passes its limit or the file is refused.

export type StoreOutcome<F> = { ok: true; file: F } | { ok: false; code: string; message: string };

export interface MultipartForm<F> {
  fields: URLSearchParams;
  /** The file part as stored (or refused), by field name; a file input left empty is left out. */
  files: Map<string, StoreOutcome<F>>;
  /** False when reading stopped before the end of the body (the file was refused): close the connection. */
  complete: boolean;
}

export interface MultipartOptions<F> {
  /** Bytes of the whole body past which reading stops: the largest file plus room for the fields. */
  maxBytes: number;
  /** Bytes of all text fields together. */
  fieldBytes: number;
  /** Must read `body` to its end, or stop early only with a refusal. */
  storeFile(file: { body: AsyncIterable<Uint8Array>; fileName: string; mimeType: string }): Promise<StoreOutcome<F>>;
}

/** Our forms have a dozen fields and one file input; a body with more was not made by them. */
const MAX_FIELDS = 50;

/**
 * The form, 'too-large' past `maxBytes` or the fields' cap, 'malformed' when it is not multipart as
 * sent by a browser (or the client went away). Rejects only when storing a file fails unexpectedly.
 */
export function readMultipart<F>(request: Request, options: MultipartOptions<F>): Promise<MultipartForm<F> | 'too-large' | 'malformed'> {
  const declared = Number(request.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > options.maxBytes) return Promise.resolve('too-large');
  let parser: busboy.Busboy;
  try {
    // UTF-8 file names, as browsers send them; busboy keeps only the name's last path segment.
    parser = busboy({ headers: { 'content-type': request.headers.get('content-type') ?? '' }, defParamCharset: 'utf8', limits: { files: 1, fields: MAX_FIELDS, fieldSize: options.fieldBytes } });
  } catch {
    return Promise.resolve('malformed'); // No boundary, or not multipart at all.
  }

  if (!request.body) return Promise.resolve('malformed');
  // busboy reads Node streams; the body stays a stream, never a buffer.
  const req = Readable.fromWeb(request.body as NodeReadableStream<Uint8Array>);
  return new Promise((resolve, reject) => {
    const fields = new URLSearchParams();
    const files = new Map<string, StoreOutcome<F>>();
    const stores: Promise<void>[] = [];
    let received = 0;
    let fieldTotal = 0;
    let stopped: 'too-large' | 'malformed' | 'refused' | null = null;
    let failure: unknown = null;
    let concluded = false;

    const count = (chunk: Buffer) => {
      received += chunk.length;
      if (received > options.maxBytes) halt('too-large');
    };
    /** Stops reading the body; a file still streaming into the upload service fails there and is removed. */
    function halt(why: 'too-large' | 'malformed' | 'refused') {
      if (stopped) return;
      stopped = why;
      req.off('data', count);
      req.unpipe(parser);
      req.pause();
      parser.destroy();
      conclude();
    }
    // Answers once every file handed to the upload service has been stored, refused or cleaned up.
    function conclude() {
      if (concluded) return;
      concluded = true;
      void Promise.allSettled(stores).then(() => {
        if (failure) reject(failure);
        else if (stopped === 'too-large' || stopped === 'malformed') resolve(stopped);
        else resolve({ fields, files, complete: stopped === null });
      });
    }

    parser.on('field', (name, value, info) => {
      fieldTotal += name.length + value.length;
      if (info.valueTruncated || fieldTotal > options.fieldBytes) halt('too-large');
      else fields.append(name, value);
    });
    parser.on('file', (name, stream, info) => {
      // An empty file input still sends a part, with no name and no bytes.
      if (!info.filename) {
        stream.resume();
        return;
      }
      // Read errors reach the upload service through the iterator; once it has finished, halting destroys
      // the stream with an error that nobody needs, and an unheard stream error would end the process.
      stream.on('error', () => undefined);
      // Not destroyed when the service stops early, so the refusal is kept and reading halts cleanly.
      const body = stream.iterator({ destroyOnReturn: false });
      const stored = options.storeFile({ body, fileName: info.filename, mimeType: info.mimeType }).then(
        (outcome) => {
          files.set(name, outcome);
          // Refused before its end (too large, not the declared type): the rest of the body is not read.
          if (!stream.readableEnded) halt('refused');
        },
        (error: unknown) => {
          // Failures caused by halting (the stream destroyed under the service) are expected; others are not.
          if (stopped) return;
          failure = error;
          halt('malformed');
        },
      );
      stores.push(stored);
    });
    parser.on('filesLimit', () => halt('malformed'));
    parser.on('fieldsLimit', () => halt('too-large'));
    parser.on('error', () => halt('malformed'));
    parser.on('close', conclude);
    // The client went away mid-body: nothing more will come.
    req.on('error', () => halt('malformed'));
    req.on('close', () => {
      if (!req.readableEnded) halt('malformed');
    });
    req.on('data', count);
    req.pipe(parser);
  });
}
