import { TokenBuckets } from './token-bucket.js';

// Who may start an upload now, decided before a byte of its body is read. Uploads are the one request
// that holds a socket, a file descriptor and disk bandwidth for minutes, so this process takes at most
// `maxConcurrent` at once and a person at most `maxConcurrentPerPerson`; beyond that a person gets
// `perHour` uploads (a token bucket: that many at once, then one every 3600/perHour seconds). The counts
// are per process, like the API's request rate limit: several API processes each apply them.

export interface UploadAdmissionLimits {
  maxConcurrent: number;
  maxConcurrentPerPerson: number;
  perHour: number;
}

/** Why an upload was not admitted; the HTTP layer answers 503 for `busy`, 429 for the rest. */
export type AdmissionRefusal = 'busy' | 'person-busy' | 'rate';

export type Admission =
  | { ok: true; /** Call once the body has been stored or refused; calling again does nothing. */ release(): void }
  | { ok: false; reason: AdmissionRefusal; retryAfterSeconds: number; message: string };

/** A full process frees a slot as soon as any upload ends; a few seconds is a fair guess. */
const BUSY_RETRY_SECONDS = 5;
/** The person's own other upload is still streaming; it may take a while. */
const PERSON_BUSY_RETRY_SECONDS = 30;

export function createUploadAdmission(limits: UploadAdmissionLimits, now: () => number = Date.now) {
  let active = 0;
  const activeByPerson = new Map<string, number>();
  // `perHour` at once, then one every 3600/perHour seconds.
  const hourly = new TokenBuckets({ capacity: limits.perHour, refillPerSecond: limits.perHour / 3600, now });

  return {
    admit(personId: string): Admission {
      // Concurrency first: an upload refused because the server is full must not cost the person a token.
      if (active >= limits.maxConcurrent) {
        return { ok: false, reason: 'busy', retryAfterSeconds: BUSY_RETRY_SECONDS, message: `The server is receiving as many uploads as it can. Nothing was stored; try again in ${BUSY_RETRY_SECONDS} seconds.` };
      }
      const mine = activeByPerson.get(personId) ?? 0;
      if (mine >= limits.maxConcurrentPerPerson) {
        return {
          ok: false,
          reason: 'person-busy',
          retryAfterSeconds: PERSON_BUSY_RETRY_SECONDS,
          message: `You already have ${mine} upload${mine === 1 ? '' : 's'} in progress. Nothing was stored; try again when ${mine === 1 ? 'it has' : 'they have'} finished.`,
        };
      }
      const wait = hourly.take(personId);
      if (wait > 0) {
        return { ok: false, reason: 'rate', retryAfterSeconds: wait, message: `You have uploaded ${limits.perHour} files within the hour. Nothing was stored; try again in ${wait} seconds.` };
      }
      active += 1;
      activeByPerson.set(personId, mine + 1);
      let released = false;
      return {
        ok: true,
        release() {
          if (released) return;
          released = true;
          active -= 1;
          const left = (activeByPerson.get(personId) ?? 1) - 1;
          if (left > 0) activeByPerson.set(personId, left);
          else activeByPerson.delete(personId);
        },
      };
    },
    /** Uploads streaming now, in this process. */
    get active(): number {
      return active;
    },
  };
}

export type UploadAdmission = ReturnType<typeof createUploadAdmission>;
