/**
 * The Prometheus summary (Go kit's `prometheus.Summary`): a prom-client `Summary` (streaming
 * quantiles over a sliding window) behind svckit's {@link Histogram} interface.
 */
import { Summary as PromSummary } from 'prom-client';
import type { Histogram } from '@svckit/core/metrics';
import { boundObserver, observerSpace } from './histogram.js';
import { promConfig } from './registry.js';
import type { AnyRegistry, MetricOptions } from './registry.js';

/** SummaryOptions configure {@link newSummaryFrom}. */
export interface SummaryOptions extends MetricOptions {
  /** percentiles are the quantiles reported, in (0, 1); default 0.5, 0.9, 0.99. */
  readonly percentiles?: readonly number[];
  /** maxAgeSeconds is the sliding window; default prom-client's (unbounded when unset). */
  readonly maxAgeSeconds?: number;
  /** ageBuckets is the number of buckets of the sliding window (with maxAgeSeconds). */
  readonly ageBuckets?: number;
}

/** defaultPercentiles are the quantiles a summary reports unless told otherwise. */
export const defaultPercentiles: readonly number[] = [0.5, 0.9, 0.99];

/**
 * newSummaryFrom creates a prom-client summary, registers it (with `registry`, else
 * `options.registry`, else {@link defaultRegistry}) and returns it as a svckit
 * {@link Histogram} (Go kit's `prometheus.NewSummaryFrom`).
 */
export function newSummaryFrom(options: SummaryOptions, registry?: AnyRegistry): Histogram {
  const prom = new PromSummary({
    ...promConfig(options, registry),
    percentiles: [...(options.percentiles ?? defaultPercentiles)],
    ...(options.maxAgeSeconds !== undefined ? { maxAgeSeconds: options.maxAgeSeconds } : {}),
    ...(options.ageBuckets !== undefined ? { ageBuckets: options.ageBuckets } : {}),
  });
  return newSummary(prom);
}

/** newSummary wraps an existing prom-client summary (Go kit's `prometheus.NewSummary`). */
export function newSummary(prom: PromSummary): Histogram {
  const space = observerSpace(prom, (labels) => prom.labels(labels));
  return boundObserver(space, new Array<undefined>(space.names.length));
}
