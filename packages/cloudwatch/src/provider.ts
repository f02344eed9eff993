/**
 * The CloudWatch {@link Provider}: metrics by name from one {@link CloudWatch}, for code that
 * picks its backend in one place (Go kit's `metrics/provider`).
 */
import type { Provider } from '@svckit/core/metrics';
import type { CloudWatch } from './cloudwatch.js';

/**
 * cloudwatchProvider adapts cw to a {@link Provider}; the `buckets` argument of `newHistogram`
 * is ignored (percentiles are configured on cw). `stop` sends what is buffered.
 */
export function cloudwatchProvider(cw: CloudWatch): Provider {
  return {
    newCounter: (name) => cw.newCounter(name),
    newGauge: (name) => cw.newGauge(name),
    newHistogram: (name) => cw.newHistogram(name),
    stop: () => cw.send(),
  };
}
