// The demo company's randomness: the seeded generator (domain/seeded-random.ts), so the company and its
// year of history are the same on every machine, and the shapes people's behaviour is drawn from.
import type { Random } from '../../domain/seeded-random.js';

export { type Random, seededRandom } from '../../domain/seeded-random.js';

/** A normally distributed value (Box-Muller), for abilities and delays that cluster around a mean. */
export function normal(random: Random, mean: number, sd: number): number {
  const u = 1 - random();
  const v = random();
  return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** One of `items`, each as likely. */
export function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

/** One of `items`, each as likely as its weight says. */
export function weighted<T>(random: Random, items: readonly (readonly [T, number])[]): T {
  const total = items.reduce((sum, [, w]) => sum + w, 0);
  let roll = random() * total;
  for (const [item, w] of items) {
    roll -= w;
    if (roll < 0) return item;
  }
  return items.at(-1)![0];
}

