import type { Histogram } from '../metrics.js';
import { createSeriesMap } from '../internal/series.js';
import type { SeriesMap } from '../internal/series.js';
import { createStreamingHistogram } from './streaming-histogram.js';

/**
 * GenericHistogram is an in-memory histogram with bounded memory and estimated quantiles (Go
 * kit's `generic.Histogram`).
 */
export interface GenericHistogram extends Histogram {
  /** name of the metric family. */
  readonly name: string;
  /** labelValues are this series' label name/value pairs. */
  labelValues(): readonly string[];
  with(...labelValues: string[]): GenericHistogram;
  /** quantile returns the estimated q-quantile (0..1) of the observations, NaN when empty. */
  quantile(q: number): number;
  /** count is the number of observations. */
  count(): number;
  /** sum of the observations. */
  sum(): number;
  /** distribution returns the estimator's centroids, ascending (Go kit's `Distribution`). */
  distribution(): Array<{ value: number; count: number }>;
  /** reset forgets every observation of this series. */
  reset(): void;
  /** series visits every labelled series of the family, this one's included. */
  series(fn: (histogram: GenericHistogram) => void): void;
}

/** defaultBuckets is the number of centroids a generic histogram keeps (Go kit uses 50). */
export const defaultBuckets = 50;

/**
 * createHistogram returns a new in-memory histogram family called name whose series keep at
 * most `buckets` centroids each (memory is bounded whatever the number of observations).
 */
export function createHistogram(name: string, buckets: number = defaultBuckets): GenericHistogram {
  createStreamingHistogram(buckets); // validate once, before any series exists
  const family: SeriesMap<GenericHistogram> = createSeriesMap((lvs) =>
    makeHistogram(name, lvs, buckets, family),
  );
  return family.get([]);
}

function makeHistogram(
  name: string,
  lvs: readonly string[],
  buckets: number,
  family: SeriesMap<GenericHistogram>,
): GenericHistogram {
  const h = createStreamingHistogram(buckets);
  return {
    name,
    labelValues: () => lvs,
    with: (...more) => family.with(lvs, more),
    observe: (value) => h.add(value),
    quantile: (q) => h.quantile(q),
    count: () => h.count(),
    sum: () => h.sum(),
    distribution: () => h.bins(),
    reset: () => h.reset(),
    series: (fn) => family.forEach((x) => fn(x)),
  };
}
