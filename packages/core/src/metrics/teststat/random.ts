import { seededRandom } from '../../internal/prng.js';

// seededRandom moved to internal/prng.ts (shared with sd/lb); it stays public here.
export { seededRandom };

/**
 * normalRandom returns a deterministic generator of normally distributed numbers with the given
 * mean and standard deviation (Box-Muller over `seededRandom`).
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
