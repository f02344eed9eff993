/**
 * StreamingHistogram is a bounded-memory quantile estimator: at most `maxBins` centroids
 * (value, count), the two closest merged when a new value overflows them (Ben-Haim & Tom-Tov,
 * the `gohistogram` Go kit's generic histogram uses). Quantiles interpolate between centroid
 * centres and the exact min and max.
 */
export interface StreamingHistogram {
  /** add records one value; NaN is ignored. */
  add(value: number): void;
  /** quantile returns the estimated q-quantile (0..1), or NaN when empty. */
  quantile(q: number): number;
  /** count is the number of values added since the last reset. */
  count(): number;
  /** sum of the values added since the last reset. */
  sum(): number;
  /** bins returns the centroids, ascending: Go kit's `Distribution`. */
  bins(): Array<{ value: number; count: number }>;
  /** reset forgets every value. */
  reset(): void;
}

/** createStreamingHistogram returns an empty estimator keeping at most maxBins centroids. */
export function createStreamingHistogram(maxBins = 50): StreamingHistogram {
  if (!Number.isInteger(maxBins) || maxBins < 2) {
    throw new RangeError(`histogram buckets must be an integer >= 2, got ${maxBins}`);
  }
  const values = new Float64Array(maxBins + 1);
  const counts = new Float64Array(maxBins + 1);
  let n = 0;
  let total = 0;
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;

  const mergeClosest = (): void => {
    let best = 1;
    let bestGap = Infinity;
    for (let i = 1; i < n; i++) {
      const gap = values[i]! - values[i - 1]!;
      if (gap < bestGap) {
        bestGap = gap;
        best = i;
      }
    }
    const c = counts[best - 1]! + counts[best]!;
    values[best - 1] = (values[best - 1]! * counts[best - 1]! + values[best]! * counts[best]!) / c;
    counts[best - 1] = c;
    values.copyWithin(best, best + 1, n);
    counts.copyWithin(best, best + 1, n);
    n--;
  };

  return {
    add(value) {
      if (Number.isNaN(value)) return;
      total++;
      sum += value;
      if (value < min) min = value;
      if (value > max) max = value;
      let lo = 0;
      let hi = n;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (values[mid]! < value) lo = mid + 1;
        else hi = mid;
      }
      if (lo < n && values[lo] === value) {
        counts[lo]!++;
        return;
      }
      values.copyWithin(lo + 1, lo, n);
      counts.copyWithin(lo + 1, lo, n);
      values[lo] = value;
      counts[lo] = 1;
      n++;
      if (n > maxBins) mergeClosest();
    },
    quantile(q) {
      if (total === 0 || Number.isNaN(q)) return NaN;
      if (q <= 0) return min;
      if (q >= 1) return max;
      const rank = q * total;
      let cum = 0;
      let prevCentre = 0;
      let prevValue = min;
      for (let i = 0; i < n; i++) {
        const centre = cum + counts[i]! / 2;
        if (rank < centre) {
          const t = centre === prevCentre ? 0 : (rank - prevCentre) / (centre - prevCentre);
          return prevValue + t * (values[i]! - prevValue);
        }
        prevCentre = centre;
        prevValue = values[i]!;
        cum += counts[i]!;
      }
      const t = total === prevCentre ? 1 : (rank - prevCentre) / (total - prevCentre);
      return prevValue + t * (max - prevValue);
    },
    count: () => total,
    sum: () => sum,
    bins() {
      const out: Array<{ value: number; count: number }> = [];
      for (let i = 0; i < n; i++) out.push({ value: values[i]!, count: counts[i]! });
      return out;
    },
    reset() {
      n = 0;
      total = 0;
      sum = 0;
      min = Infinity;
      max = -Infinity;
    },
  };
}
