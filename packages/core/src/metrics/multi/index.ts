/**
 * @module @svckit/core/metrics/multi
 *
 * Fan-out metrics (Go kit's `metrics/multi`): one counter, gauge or histogram that writes to
 * several backends at once, and a provider doing the same.
 */
export { multiCounter, multiGauge, multiHistogram, multiProvider } from './multi.js';
