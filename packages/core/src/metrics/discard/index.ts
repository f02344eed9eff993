/**
 * @module @svckit/core/metrics/discard
 *
 * Metrics that do nothing (Go kit's `metrics/discard`): the default when a component takes
 * optional metrics.
 */
export { discardCounter, discardGauge, discardHistogram, discardProvider } from './discard.js';
