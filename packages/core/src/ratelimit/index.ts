/**
 * @module @svckit/core/ratelimit
 *
 * Rate limiting for endpoints (Go kit's `ratelimit` package): the {@link Allower} and
 * {@link Waiter} capabilities, a lazy-refill {@link tokenBucket} implementing both, and two
 * middlewares — {@link erroringLimiter} rejects with {@link RateLimitError} ("rate limit
 * exceeded") and {@link delayingLimiter} waits for a permit within the context's deadline.
 */
export type { Allower, Waiter } from './limiter.js';
export { RateLimitError, delayingLimiter, erroringLimiter } from './limiter.js';
export type { TokenBucket, TokenBucketOptions } from './token-bucket.js';
export { tokenBucket } from './token-bucket.js';
