/**
 * @module @svckit/core/metrics/statsd
 *
 * A buffered StatsD client over UDP or TCP (Go kit's `metrics/statsd`), with counters
 * aggregated per flush so `add` costs a number addition.
 */
export type { Statsd } from './statsd.js';
export { createStatsd, statsdEncoder, statsdProvider } from './statsd.js';
export { defaultStatsdPort } from '../internal/statsd-client.js';
export type { StatsdOptions } from '../internal/statsd-engine.js';
export type { Writer } from '../internal/transport.js';
export { defaultMaxPacketSize, splitPackets } from '../internal/transport.js';
