/**
 * @module @svckit/core/metrics/teststat
 *
 * The conformance kit every svckit metrics backend passes (Go kit's `metrics/teststat`): fill a
 * counter, a gauge and a normally distributed histogram with deterministic values, then check
 * the backend reports the right sum, last value and quantiles. It depends on no test runner:
 * the `test*` functions reject with a {@link TeststatError} (name `AssertionError`).
 *
 * ```ts
 * await testCounter(counter, () => readSumFromBackend());
 * await testHistogram(histogram, async () => readQuantilesFromBackend(), 1);
 * ```
 */
export type { NormalDistribution, QuantilesReader, ValueReader } from './teststat.js';
export {
  compareQuantiles,
  defaultDistribution,
  defaultSeed,
  fillCounter,
  fillGauge,
  fillHistogram,
  testCounter,
  testGauge,
  testHistogram,
  TeststatError,
} from './teststat.js';
export type { Quantiles } from './quantiles.js';
export { expectedQuantiles, inverseNormal, quantileOfSorted, quantilesOf } from './quantiles.js';
export { normalRandom, seededRandom } from './random.js';
