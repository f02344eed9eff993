/**
 * @module @svckit/core/metrics/generic
 *
 * In-memory metrics you can read back (Go kit's `metrics/generic`): a counter with
 * `value`/`valueReset`, a gauge with `value`, and a histogram with bounded memory and
 * `quantile(q)`. Other backends (Graphite, expvar) build on them.
 */
export type { GenericCounter } from './counter.js';
export { createCounter } from './counter.js';
export type { GenericGauge } from './gauge.js';
export { createGauge } from './gauge.js';
export type { GenericHistogram } from './histogram.js';
export { createHistogram, defaultBuckets } from './histogram.js';
export type { StreamingHistogram } from './streaming-histogram.js';
export { createStreamingHistogram } from './streaming-histogram.js';
export { genericProvider } from './provider.js';
