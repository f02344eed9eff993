/**
 * @module @svckit/core/metrics/influx
 *
 * InfluxDB line protocol over the HTTP write API, 1.x (`/write?db=`) or 2.x
 * (`/api/v2/write`), batched and flushed on an interval (Go kit's `metrics/influx`).
 */
export type { Influx, InfluxOptions } from './influx.js';
export { createInflux, influxProvider } from './influx.js';
export { InfluxWriteError } from './write-api.js';
export type { Point, Precision } from './line-protocol.js';
export { escapeKey, escapeMeasurement, formatPoint, formatTimestamp } from './line-protocol.js';
