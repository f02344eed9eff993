/**
 * @module @svckit/core/timeout
 *
 * A per-call deadline middleware, {@link timeout}: derives `withTimeout(ctx, ms)` for the
 * endpoint and rejects with `DeadlineExceededError` when the endpoint does not finish in time.
 * Go kit has no equivalent (Go code calls `context.WithTimeout` itself).
 */
export { timeout } from './timeout.js';
