/**
 * @module @svckit/opossum
 *
 * An opossum circuit breaker as an svckit endpoint middleware: {@link opossumBreaker} and
 * {@link createOpossumBreaker}. Fail-fast errors are `@svckit/core/circuitbreaker`'s
 * `CircuitOpenError` / `TooManyRequestsError`, as with the native breaker.
 */
export type { OpossumBreaker, OpossumBreakerOptions } from './breaker.js';
export { createOpossumBreaker, opossumBreaker, opossumState } from './breaker.js';
