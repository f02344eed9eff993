/**
 * @module @svckit/core/circuitbreaker
 *
 * A native circuit breaker and its endpoint middleware (Go kit's `circuitbreaker` package,
 * with gobreaker's semantics and defaults): consecutive-failure or failure-ratio trip policies
 * over an optional rolling window, half-open probing, a state-change hook, and fail-fast
 * {@link CircuitOpenError}s while open. The `@svckit/opossum` and `@svckit/cockatiel` adapters
 * reject with the same errors.
 */
export type { Breaker, BreakerOptions, CircuitState } from './breaker.js';
export { createBreaker, stateValue } from './breaker.js';
export { circuitBreaker } from './middleware.js';
export type { Counts, FailureRatioOptions, TripPolicy } from './trip.js';
export { consecutiveFailures, failureRatio } from './trip.js';
export { CircuitOpenError, TooManyRequestsError, isCircuitOpen } from './errors.js';
