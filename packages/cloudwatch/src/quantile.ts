/**
 * Quantiles of the observations a CloudWatch histogram saw during one send interval: values are
 * kept (up to a bound, then reservoir-sampled) and sorted at send time.
 */

/** Reservoir holds up to `capacity` observations, a uniform sample once more arrive. */
export interface Reservoir {
  /** values are the kept observations (unsorted). */
  values: number[];
  /** seen is how many observations arrived since the last reset. */
  seen: number;
}

/** observeInto records value in reservoir r of the given capacity (Vitter's algorithm R). */
export function observeInto(r: Reservoir, value: number, capacity: number): void {
  r.seen++;
  if (r.values.length < capacity) {
    r.values.push(value);
    return;
  }
  const slot = Math.floor(Math.random() * r.seen);
  if (slot < capacity) r.values[slot] = value;
}

/**
 * quantiles returns the value at each quantile q (0..1) of values, by linear interpolation
 * between the closest ranks. values is sorted in place; it must not be empty.
 */
export function quantiles(values: number[], qs: readonly number[]): number[] {
  values.sort((a, b) => a - b);
  const last = values.length - 1;
  return qs.map((q) => {
    const pos = q * last;
    const lo = Math.floor(pos);
    const hi = Math.min(lo + 1, last);
    const a = values[lo] as number;
    const b = values[hi] as number;
    return a + (b - a) * (pos - lo);
  });
}

/**
 * percentileSuffix names a quantile as Go kit does: `0.5` → `50`, `0.999` → `99.9`
 * (Go's `strconv.FormatFloat(100*q, 'f', -1, 64)`).
 */
export function percentileSuffix(q: number): string {
  return String(Number((q * 100).toPrecision(12)));
}
