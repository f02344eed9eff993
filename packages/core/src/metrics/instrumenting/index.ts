/**
 * @module @svckit/core/metrics/instrumenting
 *
 * An endpoint middleware that records request count, error count and latency per method and
 * outcome on any `@svckit/core/metrics` backend (Go kit: the instrumenting middleware of the
 * stringsvc2 and addsvc examples), telling business errors (`Failer`) from thrown ones.
 */
export type { InstrumentingOptions, LatencyUnit, Outcome } from './instrumenting.js';
export { instrumenting } from './instrumenting.js';
