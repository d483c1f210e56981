// Bounded concurrency: at most `limit` tasks in flight, started in order as earlier ones finish.

export async function runPool<T, R>(items: readonly T[], limit: number, task: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}

/** Polls `probe` every `intervalMs` until it returns a value other than undefined, or throws on timeout. */
export async function pollUntil<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 60_000, intervalMs = 20): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not reached within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/**
 * Like pollUntil, with the interval growing from 10 ms to `maxIntervalMs`: fine-grained for steps that
 * finish at once, without a flood of polls from 50 journeys that each wait seconds under load.
 */
export async function pollWithBackoff<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 600_000, maxIntervalMs = 200): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let interval = 10;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not reached within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, interval));
    interval = Math.min(maxIntervalMs, Math.round(interval * 1.5));
  }
}
