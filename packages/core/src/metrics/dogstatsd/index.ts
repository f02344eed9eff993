/**
 * @module @svckit/core/metrics/dogstatsd
 *
 * A buffered DogStatsD client (Go kit's `metrics/dogstatsd`): StatsD with `|#k:v` tags and
 * `|h` histograms.
 */
export type { Dogstatsd, DogstatsdOptions } from './dogstatsd.js';
export { createDogstatsd, dogstatsdEncoder, dogstatsdProvider } from './dogstatsd.js';
