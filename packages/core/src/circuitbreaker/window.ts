import type { Counts } from './trip.js';

/** MutableCounts is the breaker's own, writable view of {@link Counts}. */
export type MutableCounts = {
  -readonly [K in keyof Counts]: Counts[K];
};

/**
 * RollingWindow keeps the successes and failures of the last `windowMs` in `buckets` slots, so
 * old outcomes fall out of the counts without any timer: the ring is advanced lazily by the
 * clock reading that each recorded outcome brings.
 */
export interface RollingWindow {
  /** advance drops the buckets that ended before `now` from the counts. */
  advance(now: number): void;
  /** record adds one outcome to the current bucket (call advance first). */
  record(failed: boolean): void;
  /** reset empties every bucket and restarts the ring at `now`. */
  reset(now: number): void;
}

/** createRollingWindow returns a {@link RollingWindow} that updates `counts` in place. */
export function createRollingWindow(
  counts: MutableCounts,
  windowMs: number,
  buckets: number,
  now: number,
): RollingWindow {
  const size = windowMs / buckets;
  const successes = new Float64Array(buckets);
  const failures = new Float64Array(buckets);
  let index = 0;
  let bucketEnd = now + size;

  return {
    advance(at) {
      if (at < bucketEnd) return;
      const elapsed = Math.floor((at - bucketEnd) / size) + 1;
      bucketEnd += elapsed * size;
      for (let i = Math.min(elapsed, buckets); i > 0; i--) {
        index = index + 1 === buckets ? 0 : index + 1;
        const s = successes[index] as number;
        const f = failures[index] as number;
        counts.successes -= s;
        counts.failures -= f;
        counts.requests -= s + f;
        successes[index] = 0;
        failures[index] = 0;
      }
    },
    record(failed) {
      if (failed) failures[index] = (failures[index] as number) + 1;
      else successes[index] = (successes[index] as number) + 1;
    },
    reset(at) {
      successes.fill(0);
      failures.fill(0);
      index = 0;
      bucketEnd = at + size;
    },
  };
}
