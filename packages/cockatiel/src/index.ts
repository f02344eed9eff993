/**
 * @module @svckit/cockatiel
 *
 * cockatiel policies as svckit endpoint middlewares: {@link cockatielPolicy} wraps any policy
 * (circuit breaker, retry, timeout, bulkhead, `wrap(...)`), {@link cockatielBreaker} builds a
 * circuit breaker with gobreaker's defaults. Fail-fast errors are `@svckit/core`'s
 * `CircuitOpenError` / `TooManyRequestsError` / `BulkheadRejectedError`.
 */
export type { CockatielBreakerOptions, CockatielPolicyOptions } from './policy.js';
export { cockatielBreaker, cockatielPolicy, cockatielState } from './policy.js';
