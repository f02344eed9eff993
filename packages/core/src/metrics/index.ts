/**
 * @module @svckit/core/metrics
 *
 * Metrics behind three small interfaces (Go kit's `metrics`): {@link Counter}, {@link Gauge}
 * and {@link Histogram}, with `with(...labelValues)` returning a new, labelled metric.
 * Backends live beside this entry point; adapters of third-party SDKs are their own packages.
 */
export type { Counter, Gauge, Histogram } from './metrics.js';
export { unknownLabelValue, withLabelValues } from './metrics.js';
