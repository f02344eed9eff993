/**
 * seededRandom returns a deterministic uniform generator on [0, 1) (mulberry32): the same seed
 * always yields the same sequence, on every run and platform, so tests and conformance runs
 * are reproducible.
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * prng returns a function giving uniform floats in [0, 1): {@link seededRandom} when a seed is
 * given, `Math.random` otherwise.
 */
export function prng(seed: number | undefined): () => number {
  return seed === undefined ? Math.random : seededRandom(seed);
}
