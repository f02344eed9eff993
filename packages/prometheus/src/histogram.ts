/**
 * The Prometheus histogram (Go kit's `prometheus.Histogram`) behind svckit's {@link Histogram}
 * interface: svckit's own bucket counts rendered through a prom-client registry, or (to wrap a
 * histogram you already have) a prom-client `Histogram` observed through a child per series.
 */
import type { Histogram as PromHistogram } from 'prom-client';
import type { Histogram } from '@svckit/core/metrics';
import { cachedWith, labelSpace, resolveCell } from './labels.js';
import type { LabelSpace, Values } from './labels.js';
import {
  bucketIndex,
  checkBuckets,
  checkNames,
  defaultBuckets,
  registerHistogram,
} from './exposition.js';
import type { HistogramSeries } from './exposition.js';
import { fullName, promLabelNames, promName, registers } from './registry.js';
import type { AnyRegistry, MetricOptions } from './registry.js';

/** HistogramOptions configure {@link newHistogramFrom}. */
export interface HistogramOptions extends MetricOptions {
  /**
   * buckets are the upper bounds, ascending; default prom-client's (and client_golang's)
   * `.005 .01 .025 .05 .1 .25 .5 1 2.5 5 10`, meant for latencies in seconds.
   */
  readonly buckets?: readonly number[];
}

/** Observer is a prom-client child bound to one series. */
export interface Observer {
  observe(value: number): void;
}

/**
 * newHistogramFrom creates a histogram, registers it (with `registry`, else `options.registry`,
 * else {@link defaultRegistry}) and returns it as a svckit {@link Histogram} (Go kit's
 * `prometheus.NewHistogramFrom`). svckit keeps its bucket counts and renders them through the
 * registry exactly as prom-client's `Histogram` would (`_bucket{le}`, `_sum`, `_count`).
 */
export function newHistogramFrom(options: HistogramOptions, registry?: AnyRegistry): Histogram {
  const name = fullName(options);
  const labelNames = [...(options.labelNames ?? [])];
  checkNames(name, labelNames);
  if (labelNames.includes('le')) {
    throw new TypeError(`prometheus: histogram "${name}": "le" is a reserved label name`);
  }
  const bounds = checkBuckets(name, options.buckets ?? defaultBuckets);
  const space = labelSpace<HistogramSeries>(name, labelNames, (labels) => ({
    labels,
    counts: new Float64Array(bounds.length + 1),
    sum: 0,
    count: 0,
  }));
  registerHistogram(
    registers(options, registry)[0] as AnyRegistry,
    name,
    options.help,
    bounds,
    () => space.cells.values(),
  );
  return boundSeries(space, bounds, new Array<undefined>(labelNames.length));
}

function boundSeries(
  space: LabelSpace<HistogramSeries>,
  bounds: Float64Array,
  values: Values,
): Histogram {
  let cell: HistogramSeries | undefined;
  return {
    with: cachedWith(space, values, (v) => boundSeries(space, bounds, v)),
    observe(value: number): void {
      if (!Number.isFinite(value)) {
        throw new TypeError(`prometheus: histogram "${space.metric}": value must be finite`);
      }
      const c = (cell ??= resolveCell(space, values));
      const slot = bucketIndex(bounds, value);
      c.counts[slot] = (c.counts[slot] as number) + 1;
      c.sum += value;
      c.count++;
    },
  };
}

/** newHistogram wraps an existing prom-client histogram (Go kit's `prometheus.NewHistogram`). */
export function newHistogram(prom: PromHistogram): Histogram {
  const space = observerSpace(prom, (labels) => {
    prom.zero(labels); // the series exists (empty) from its first use
    return prom.labels(labels);
  });
  return boundObserver(space, new Array<undefined>(space.names.length));
}

/**
 * boundObserver is the svckit {@link Histogram} over any series of prom-client observers
 * (histograms and summaries alike).
 */
export function boundObserver(space: LabelSpace<Observer>, values: Values): Histogram {
  let cell: Observer | undefined;
  return {
    with: cachedWith(space, values, (v) => boundObserver(space, v)),
    observe(value: number): void {
      (cell ??= resolveCell(space, values)).observe(value);
    },
  };
}

/** observerSpace is the label space of a prom-client histogram or summary. */
export function observerSpace(
  prom: object,
  create: (labels: Record<string, string>) => Observer,
): LabelSpace<Observer> {
  return labelSpace<Observer>(promName(prom), promLabelNames(prom), create);
}
