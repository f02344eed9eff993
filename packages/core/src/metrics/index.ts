/**
 * @module @svckit/core/metrics
 *
 * Metrics behind three small interfaces (Go kit's `metrics`): {@link Counter}, {@link Gauge}
 * and {@link Histogram}, with `with(...labelValues)` returning a new, labelled metric, plus a
 * {@link Timer} and the {@link Provider} every backend implements. Backends live beside this
 * entry point (`@svckit/core/metrics/generic`, `/statsd`, `/dogstatsd`, `/influxstatsd`,
 * `/graphite`, `/influx`, `/expvar`, `/multi`, `/discard`); the conformance kit is
 * `@svckit/core/metrics/teststat`; adapters of third-party SDKs are their own packages.
 */
export type { Counter, Gauge, Histogram } from './metrics.js';
export { unknownLabelValue, withLabelValues } from './metrics.js';
export type { TimeUnit, Timer, TimerOptions } from './timer.js';
export { createTimer } from './timer.js';
export type { Provider } from './provider.js';
