/**
 * The Prometheus {@link Provider} (Go kit's `provider.NewPrometheusProvider`): metrics created by
 * name under one namespace and subsystem, for code that picks its backend in one place.
 */
import type { Provider } from '@svckit/core/metrics';
import { newCounterFrom } from './counter.js';
import { newGaugeFrom } from './gauge.js';
import { newHistogramFrom } from './histogram.js';
import type { AnyRegistry } from './registry.js';

/** PrometheusProviderOptions configure {@link prometheusProvider}. */
export interface PrometheusProviderOptions {
  /** namespace prefixes every name, e.g. `my_group`. */
  readonly namespace?: string;
  /** subsystem follows the namespace, e.g. `string_service`. */
  readonly subsystem?: string;
  /** labelNames every metric declares; default none (as Go kit's provider). */
  readonly labelNames?: readonly string[];
  /** registry receives the metrics; default svckit's `defaultRegistry`. */
  readonly registry?: AnyRegistry;
}

/**
 * prometheusProvider returns a {@link Provider} creating Prometheus metrics with generated help
 * texts (`Total count of <name>`, `Current value of <name>`, `Histogram of <name>`) and default
 * buckets; the `buckets` argument of `newHistogram` is ignored, as in Go kit. `stop` does
 * nothing: Prometheus pulls.
 */
export function prometheusProvider(options: PrometheusProviderOptions = {}): Provider {
  const base = {
    ...(options.namespace !== undefined ? { namespace: options.namespace } : {}),
    ...(options.subsystem !== undefined ? { subsystem: options.subsystem } : {}),
    ...(options.labelNames !== undefined ? { labelNames: options.labelNames } : {}),
    ...(options.registry !== undefined ? { registry: options.registry } : {}),
  };
  return {
    newCounter: (name) => newCounterFrom({ ...base, name, help: `Total count of ${name}` }),
    newGauge: (name) => newGaugeFrom({ ...base, name, help: `Current value of ${name}` }),
    newHistogram: (name) => newHistogramFrom({ ...base, name, help: `Histogram of ${name}` }),
    stop: () => Promise.resolve(),
  };
}
