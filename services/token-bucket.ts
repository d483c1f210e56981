// A token bucket per key, in memory: `capacity` requests at once, then `refillPerSecond` more. The API's
// per-caller and per-address limits (graphql/hardening.ts, the link pages) and the hourly upload rate
// (upload-admission.ts) all count this way. Each process limits on its own; a limit shared across
// processes would need a shared store.

export interface TokenBucketOptions {
  /** Requests a key may make in a burst. */
  capacity: number;
  /** Tokens added back per second. */
  refillPerSecond: number;
  now?: () => number;
}

/** Keys whose bucket has refilled carry no information: past this many, they are dropped. */
const MAX_BUCKETS = 10_000;

export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly now: () => number;
  constructor(private readonly options: TokenBucketOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Takes one token; returns 0 when allowed, otherwise the seconds until the next token. */
  take(key: string): number {
    const now = this.now();
    const { capacity, refillPerSecond } = this.options;
    const bucket = this.buckets.get(key) ?? { tokens: capacity, at: now };
    bucket.tokens = Math.min(capacity, bucket.tokens + ((now - bucket.at) / 1000) * refillPerSecond);
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (this.buckets.size > MAX_BUCKETS) this.evictFull(now);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.ceil((1 - bucket.tokens) / refillPerSecond);
  }

  // Buckets that have refilled completely carry no information: drop them so memory stays bounded.
  private evictFull(now: number) {
    for (const [key, bucket] of this.buckets) {
      if (bucket.tokens + ((now - bucket.at) / 1000) * this.options.refillPerSecond >= this.options.capacity) this.buckets.delete(key);
    }
  }
}
