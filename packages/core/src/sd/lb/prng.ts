/**
 * prng returns a function giving uniform floats in [0, 1): seeded (mulberry32, reproducible
 * across runs and platforms) when a seed is given, `Math.random` otherwise.
 */
export function prng(seed: number | undefined): () => number {
  if (seed === undefined) return Math.random;
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
