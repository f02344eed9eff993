import type { Counter, Gauge, Histogram } from '../metrics.js';
import type { Provider } from '../provider.js';

/** multiCounter returns a counter that forwards every call to each of counters (Go kit's `multi.Counter`). */
export function multiCounter(...counters: Counter[]): Counter {
  return {
    with: (...lvs) => multiCounter(...counters.map((c) => c.with(...lvs))),
    add(delta) {
      for (const c of counters) c.add(delta);
    },
  };
}

/** multiGauge returns a gauge that forwards every call to each of gauges (Go kit's `multi.Gauge`). */
export function multiGauge(...gauges: Gauge[]): Gauge {
  return {
    with: (...lvs) => multiGauge(...gauges.map((g) => g.with(...lvs))),
    set(value) {
      for (const g of gauges) g.set(value);
    },
    add(delta) {
      for (const g of gauges) g.add(delta);
    },
  };
}

/** multiHistogram returns a histogram that forwards every observation to each of histograms. */
export function multiHistogram(...histograms: Histogram[]): Histogram {
  return {
    with: (...lvs) => multiHistogram(...histograms.map((h) => h.with(...lvs))),
    observe(value) {
      for (const h of histograms) h.observe(value);
    },
  };
}

/**
 * multiProvider returns a {@link Provider} whose metrics fan out to one metric of each provider;
 * `stop` stops them all (and rejects with the first failure after every one was tried).
 */
export function multiProvider(...providers: Provider[]): Provider {
  return {
    newCounter: (name) => multiCounter(...providers.map((p) => p.newCounter(name))),
    newGauge: (name) => multiGauge(...providers.map((p) => p.newGauge(name))),
    newHistogram: (name, buckets) =>
      multiHistogram(...providers.map((p) => p.newHistogram(name, buckets))),
    async stop() {
      const results = await Promise.allSettled(providers.map((p) => p.stop()));
      const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed !== undefined) throw failed.reason;
    },
  };
}
