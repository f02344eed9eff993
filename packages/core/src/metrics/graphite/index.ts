/**
 * @module @svckit/core/metrics/graphite
 *
 * A Graphite plaintext client over TCP (reconnecting) or UDP (Go kit's `metrics/graphite`):
 * counter deltas, gauge values and per-flush histogram quantiles `.p50 .p90 .p95 .p99`.
 */
export type { Graphite, GraphiteOptions } from './graphite.js';
export { createGraphite, defaultGraphitePort, graphiteProvider } from './graphite.js';
