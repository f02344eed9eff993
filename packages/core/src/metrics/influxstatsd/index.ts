/**
 * @module @svckit/core/metrics/influxstatsd
 *
 * A buffered Influx-style StatsD client for Telegraf (Go kit's `metrics/influxstatsd`):
 * `name,k=v:value|type`.
 */
export type { Influxstatsd, InfluxstatsdOptions } from './influxstatsd.js';
export { createInfluxstatsd, influxstatsdEncoder, influxstatsdProvider } from './influxstatsd.js';
