/**
 * seededRandom returns a deterministic uniform generator on [0, 1) (mulberry32): the same seed
 * always yields the same sequence, so conformance runs are reproducible.
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
 * normalRandom returns a deterministic generator of normally distributed numbers with the given
 * mean and standard deviation (Box-Muller over {@link seededRandom}).
 */
export function normalRandom(seed: number, mean: number, stddev: number): () => number {
  const uniform = seededRandom(seed);
  let spare: number | undefined;
  return () => {
    if (spare !== undefined) {
      const z = spare;
      spare = undefined;
      return mean + stddev * z;
    }
    const u1 = 1 - uniform(); // (0, 1]: log stays finite
    const u2 = uniform();
    const radius = Math.sqrt(-2 * Math.log(u1));
    spare = radius * Math.sin(2 * Math.PI * u2);
    return mean + stddev * radius * Math.cos(2 * Math.PI * u2);
  };
}
