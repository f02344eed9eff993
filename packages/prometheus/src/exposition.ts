/**
 * svckit's own histogram series, exposed through a prom-client registry: svckit keeps the bucket
 * counts (a typed array per series, so an observation is a bucket search and three additions)
 * and hands the registry the samples prom-client's own histogram would (`_bucket` with `le`,
 * `_sum`, `_count`) each time it collects.
 */
import type { Histogram as PromHistogram } from 'prom-client';
import type { AnyRegistry } from './registry.js';

/** HistogramSeries is the state of one labelled histogram series. */
export interface HistogramSeries {
  readonly labels: Readonly<Record<string, string>>;
  /** counts[i] counts observations in (bounds[i-1], bounds[i]]; the last slot is +Inf. */
  readonly counts: Float64Array;
  sum: number;
  count: number;
}

/** Sample is one exposition line as prom-client's registry renders it. */
interface Sample {
  labels: Record<string, string | number>;
  value: number;
  metricName: string;
}

/** defaultBuckets are client_golang's and prom-client's default histogram buckets (seconds). */
export const defaultBuckets: readonly number[] = [
  0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
];

const metricName = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const labelName = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** checkNames throws a TypeError for a name or label name Prometheus would not accept. */
export function checkNames(name: string, labelNames: readonly string[]): void {
  if (!metricName.test(name)) throw new TypeError(`prometheus: invalid metric name "${name}"`);
  for (const l of labelNames) {
    if (!labelName.test(l) || l.startsWith('__')) {
      throw new TypeError(`prometheus: metric "${name}": invalid label name "${l}"`);
    }
  }
  if (new Set(labelNames).size !== labelNames.length) {
    throw new TypeError(`prometheus: metric "${name}": duplicate label names`);
  }
}

/** checkBuckets returns the bucket bounds, which must be finite and strictly ascending. */
export function checkBuckets(name: string, buckets: readonly number[]): Float64Array {
  if (buckets.length === 0) throw new RangeError(`prometheus: histogram "${name}": no buckets`);
  for (let i = 0; i < buckets.length; i++) {
    const b = buckets[i] as number;
    if (!Number.isFinite(b) || (i > 0 && b <= (buckets[i - 1] as number))) {
      throw new RangeError(
        `prometheus: histogram "${name}": buckets must be finite and strictly ascending`,
      );
    }
  }
  return Float64Array.from(buckets);
}

/** bucketIndex returns the slot of value: the first bound >= value, else the +Inf slot. */
export function bucketIndex(bounds: Float64Array, value: number): number {
  let lo = 0;
  let hi = bounds.length; // the +Inf slot
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (value <= (bounds[mid] as number)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * registerHistogram registers, under name, an object that renders the given series the way
 * prom-client's `Histogram` does (it implements the `get`/`reset` contract the registry calls).
 */
export function registerHistogram(
  registry: AnyRegistry,
  name: string,
  help: string,
  bounds: Float64Array,
  series: () => Iterable<HistogramSeries>,
): void {
  const les = Array.from(bounds, (b) => b as number | string).concat('+Inf');
  const values = (): Sample[] => {
    const out: Sample[] = [];
    for (const s of series()) {
      let cumulative = 0;
      for (let i = 0; i < les.length; i++) {
        cumulative += s.counts[i] as number;
        out.push({
          labels: { le: les[i] as number | string, ...s.labels },
          value: cumulative,
          metricName: `${name}_bucket`,
        });
      }
      out.push({ labels: { ...s.labels }, value: s.sum, metricName: `${name}_sum` });
      out.push({ labels: { ...s.labels }, value: s.count, metricName: `${name}_count` });
    }
    return out;
  };
  const metric = {
    name,
    help,
    type: 'histogram',
    aggregator: 'sum',
    get: () =>
      Promise.resolve({ name, help, type: 'histogram', aggregator: 'sum', values: values() }),
    reset: () => {
      for (const s of series()) {
        s.counts.fill(0);
        s.sum = 0;
        s.count = 0;
      }
    },
  };
  // The registry only calls name, type, get() and reset(): the contract of prom-client's metrics.
  registry.registerMetric(metric as unknown as PromHistogram);
}
