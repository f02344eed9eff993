/**
 * The Prometheus histogram (Go kit's `prometheus.Histogram`): a prom-client `Histogram` behind
 * svckit's {@link Histogram} interface, observing through a prom-client child cached per series.
 */
import { Histogram as PromHistogram } from 'prom-client';
import type { Histogram } from '@svckit/core/metrics';
import { bindValues, labelSpace, resolveCell, withCache } from './labels.js';
import type { LabelSpace, Values } from './labels.js';
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
 * newHistogramFrom creates a prom-client histogram, registers it (with `registry`, else
 * `options.registry`, else {@link defaultRegistry}) and returns it as a svckit
 * {@link Histogram} (Go kit's `prometheus.NewHistogramFrom`).
 */
export function newHistogramFrom(options: HistogramOptions, registry?: AnyRegistry): Histogram {
  const prom = new PromHistogram({
    name: fullName(options),
    help: options.help,
    labelNames: [...(options.labelNames ?? [])],
    registers: registers(options, registry),
    ...(options.buckets !== undefined ? { buckets: [...options.buckets] } : {}),
  });
  return newHistogram(prom);
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
  const cache = withCache<Histogram>();
  return {
    with(...labelValues: string[]): Histogram {
      let bound = cache.lookup(labelValues);
      if (bound === undefined) {
        bound = boundObserver(space, bindValues(space, values, labelValues));
        cache.store(labelValues, bound);
      }
      return bound;
    },
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
