import type { Context } from '../context/index.js';
import { ServiceError } from '../errors/index.js';
import { stackless } from '../internal/stackless.js';
import type { Endpoint, GenericMiddleware, Middleware } from '../endpoint/index.js';

/**
 * Allower answers at once whether one more call may proceed now (Go kit's `ratelimit.Allower`,
 * as `golang.org/x/time/rate.Limiter.Allow`). A token bucket implements it.
 */
export interface Allower {
  /** allow takes one permit if one is available and reports whether it did. */
  allow(): boolean;
}

/**
 * Waiter waits for a permit (Go kit's `ratelimit.Waiter`, as `rate.Limiter.Wait`). wait rejects
 * with the context's error when the context ends first, or at once when the permit would only
 * come after the context's deadline.
 */
export interface Waiter {
  /** wait resolves when the caller holds a permit. */
  wait(ctx: Context): Promise<void>;
}

const limitedOptions = Object.freeze({ reason: 'RATE_LIMITED' });

/**
 * RateLimitError is the rejection of {@link erroringLimiter} when no permit is available. The
 * message is Go kit's `ratelimit.ErrLimited`, "rate limit exceeded". Code `resource_exhausted`
 * (HTTP 429), reason `RATE_LIMITED`.
 */
export class RateLimitError extends ServiceError {
  override readonly name = 'RateLimitError';
  constructor(message = 'rate limit exceeded') {
    super('resource_exhausted', message, limitedOptions);
  }
}

/**
 * erroringLimiter returns a middleware that rejects calls with {@link RateLimitError} when
 * `allower` has no permit, without calling the endpoint (Go kit's `NewErroringLimiter`).
 *
 * @example
 * const limited = erroringLimiter(tokenBucket({ rate: 100, burst: 100 }))(endpoint);
 */
export function erroringLimiter(allower: Allower): GenericMiddleware;
export function erroringLimiter<Req, Res>(allower: Allower): Middleware<Req, Res>;
export function erroringLimiter(allower: Allower): GenericMiddleware {
  return <Req, Res>(next: Endpoint<Req, Res>): Endpoint<Req, Res> =>
    (ctx, request) =>
      allower.allow() ? next(ctx, request) : Promise.reject(stackless(limited));
}

function limited(): RateLimitError {
  return new RateLimitError();
}

/**
 * delayingLimiter returns a middleware that waits for a permit from `waiter` before calling the
 * endpoint (Go kit's `NewDelayingLimiter`). When the context is cancelled, or its deadline would
 * pass before a permit comes, the call rejects with the context's error and the endpoint is
 * not called.
 *
 * @example
 * const smoothed = delayingLimiter(tokenBucket({ rate: 10, burst: 1 }))(endpoint);
 */
export function delayingLimiter(waiter: Waiter): GenericMiddleware;
export function delayingLimiter<Req, Res>(waiter: Waiter): Middleware<Req, Res>;
export function delayingLimiter(waiter: Waiter): GenericMiddleware {
  return <Req, Res>(next: Endpoint<Req, Res>): Endpoint<Req, Res> =>
    (ctx, request) =>
      waiter.wait(ctx).then(() => next(ctx, request));
}
