// A small seeded generator (mulberry32) for the bootstrap: the same data and seed give the same
// confidence interval on every call and every machine, so a figure in a report can be checked later.
// Services may not import demo/ (which has its own copy for the demo company), hence this one.

export type Random = () => number;

/** Uniform numbers in [0, 1) from a 32-bit seed. Statistical use only, never for secrets. */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
