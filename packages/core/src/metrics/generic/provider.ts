import type { Provider } from '../provider.js';
import { createCounter } from './counter.js';
import { createGauge } from './gauge.js';
import { createHistogram } from './histogram.js';

/**
 * genericProvider returns a {@link Provider} of unregistered in-memory metrics (handy in tests;
 * use `@svckit/core/metrics/expvar` to also serve them as JSON).
 */
export function genericProvider(): Provider {
  return {
    newCounter: (name) => createCounter(name),
    newGauge: (name) => createGauge(name),
    newHistogram: (name, buckets) => createHistogram(name, buckets),
    stop: () => Promise.resolve(),
  };
}
