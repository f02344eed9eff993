/**
 * @module @svckit/core/sd/lb
 *
 * Load balancing and retries over an Endpointer (Go kit's `sd/lb`): {@link roundRobin} and
 * {@link random} balancers, {@link perCallRoundRobin} (round robin whose retries move on to
 * the next instances), a power-of-two-choices {@link leastPending} balancer, and
 * {@link retry} / {@link retryWithCallback}, which turn a balancer back into one endpoint that
 * retries the callee's failed calls within an overall deadline (with optional back-off and the
 * callee's `Retry-After` honoured).
 */
export type { Balancer } from './balancer.js';
export { NoEndpointsError } from './balancer.js';
export { roundRobin } from './round-robin.js';
export { perCallRoundRobin } from './per-call-round-robin.js';
export { random } from './random.js';
export { leastPending } from './least-pending.js';
export type { Backoff, RetryCallback, RetryDecision, RetryOptions, RetryTiming } from './retry.js';
export { backoffDelay, retry, retryWithCallback, RetryError } from './retry.js';
