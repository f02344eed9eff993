/**
 * @module @svckit/core/circuitbreaker/conformance
 *
 * The conformance suite every circuit breaker middleware passes (the native breaker,
 * `@svckit/opossum`, `@svckit/cockatiel`, and any other adapter): call
 * {@link breakerConformance} from a `node:test` file with a factory that maps "trip after N
 * consecutive failures, stay open T ms, let 1 probe through" to the breaker's own options. It
 * imports `node:test` and `node:assert`, so import it from tests only.
 */
export type {
  BreakerConformanceOptions,
  BreakerHarness,
  BreakerSettings,
} from './breaker-conformance.js';
export { breakerConformance } from './breaker-conformance.js';
