/** Quantiles are the four percentiles every svckit histogram backend is checked on. */
export interface Quantiles {
  /** p50 is the median. */
  p50: number;
  /** p90 is the 90th percentile. */
  p90: number;
  /** p95 is the 95th percentile. */
  p95: number;
  /** p99 is the 99th percentile. */
  p99: number;
}

/**
 * inverseNormal returns the standard normal quantile of p in (0, 1) (Acklam's rational
 * approximation, relative error below 1.2e-9).
 */
export function inverseNormal(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`inverseNormal: p must be in (0, 1), got ${p}`);
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269];
  const a4 = -30.66479806614716;
  const a5 = 2.506628277459239;
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972];
  const b4 = -13.28068155288572;
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734];
  const c4 = 4.374664141464968;
  const c5 = 2.938163982698783;
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  const tail = (q: number): number =>
    (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c4) * q + c5) /
    ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  if (p < low) return tail(Math.sqrt(-2 * Math.log(p)));
  if (p > 1 - low) return -tail(Math.sqrt(-2 * Math.log(1 - p)));
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a4) * r + a5) * q) /
    (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b4) * r + 1)
  );
}

/**
 * expectedQuantiles returns the theoretical p50, p90, p95 and p99 of a normal distribution
 * (Go kit's `normalQuantiles`).
 */
export function expectedQuantiles(mean: number, stddev: number): Quantiles {
  const at = (p: number): number => mean + stddev * inverseNormal(p);
  return { p50: mean, p90: at(0.9), p95: at(0.95), p99: at(0.99) };
}

/**
 * quantileOf returns the nearest-rank q-quantile (0 < q <= 1) of samples already sorted in
 * ascending order, or NaN when there are none.
 */
export function quantileOfSorted(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)));
  return sorted[rank - 1]!;
}

/**
 * quantilesOf returns the exact nearest-rank p50, p90, p95 and p99 of raw samples, e.g. the
 * timings a StatsD listener received. The input is not modified.
 */
export function quantilesOf(samples: readonly number[]): Quantiles {
  const sorted = Float64Array.from(samples).sort();
  const list = Array.from(sorted);
  return {
    p50: quantileOfSorted(list, 0.5),
    p90: quantileOfSorted(list, 0.9),
    p95: quantileOfSorted(list, 0.95),
    p99: quantileOfSorted(list, 0.99),
  };
}
