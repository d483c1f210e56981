// A small seeded generator (mulberry32): the same seed gives the same numbers on every machine. The
// calibration report's bootstrap uses it (a figure in a report can be checked later), and so do the demo
// company and its year of history (the same company everywhere).

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
