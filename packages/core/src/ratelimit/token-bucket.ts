import { DeadlineExceededError, contextError, isCancelable } from '../context/index.js';
import type { Context } from '../context/index.js';
import type { Allower, Waiter } from './limiter.js';

/** TokenBucketOptions configure {@link tokenBucket}. */
export interface TokenBucketOptions {
  /** rate is the refill rate in tokens per second (`Infinity`: no limit). */
  readonly rate: number;
  /** burst is the bucket's size: how many calls may pass at once after a quiet period. */
  readonly burst: number;
  /** now is the monotonic clock in ms. Default `performance.now`. */
  readonly now?: () => number;
}

/**
 * TokenBucket is a token-bucket rate limiter that is both an {@link Allower} and a
 * {@link Waiter} (as `golang.org/x/time/rate.Limiter`, which Go kit's examples use).
 */
export interface TokenBucket extends Allower, Waiter {
  /** rate is the refill rate in tokens per second. */
  readonly rate: number;
  /** burst is the bucket's capacity. */
  readonly burst: number;
  /** tokens returns the tokens available now (negative while waiters hold reservations). */
  tokens(): number;
}

/**
 * tokenBucket returns a {@link TokenBucket} that starts full with `burst` tokens and refills at
 * `rate` tokens per second. Refill is lazy, computed from a monotonic clock when a token is
 * asked for: no timer runs unless a caller waits. `wait` reserves a token at once (so waiters
 * are served in order and ahead of `allow`), sleeps until it is due, gives it back if the
 * context ends first, and fails fast with a {@link DeadlineExceededError} when the token would
 * only be due after the context's deadline.
 *
 * @example
 * const bucket = tokenBucket({ rate: 100, burst: 20 }); // 100/s, bursts of 20
 */
export function tokenBucket(options: TokenBucketOptions): TokenBucket {
  const { rate, burst } = options;
  if (!(rate > 0)) throw new RangeError(`tokenBucket: rate must be > 0, got ${rate}`);
  if (!(burst >= 1) || burst === Infinity) {
    throw new RangeError(`tokenBucket: burst must be a finite number >= 1, got ${burst}`);
  }
  const now = options.now ?? performance.now.bind(performance);
  const perMs = rate / 1000;
  const unlimited = rate === Infinity;
  let tokens = burst;
  let last = now();

  const refill = (): void => {
    const at = now();
    if (at > last) {
      tokens += (at - last) * perMs;
      if (tokens > burst) tokens = burst;
      last = at;
    }
  };

  return {
    rate,
    burst,
    tokens() {
      if (unlimited) return burst;
      refill();
      return tokens;
    },
    allow() {
      if (unlimited) return true;
      refill();
      if (tokens < 1) return false;
      tokens -= 1;
      return true;
    },
    wait(ctx: Context): Promise<void> {
      const done = contextError(ctx);
      if (done !== undefined) return Promise.reject(done);
      if (unlimited) return Promise.resolve();
      refill();
      tokens -= 1;
      if (tokens >= 0) return Promise.resolve();
      const delay = -tokens / perMs;
      if (ctx.deadline !== undefined && delay > ctx.deadline - Date.now()) {
        tokens += 1;
        return Promise.reject(new DeadlineExceededError());
      }
      return new Promise<void>((resolve, reject) => {
        // Only a context that can be cancelled is watched (reading its signal creates it).
        const signal = isCancelable(ctx) ? ctx.signal : undefined;
        const onAbort = (): void => {
          clearTimeout(timer);
          // Give the reserved token back for the callers still waiting.
          refill();
          tokens = Math.min(burst, tokens + 1);
          reject(signal?.reason);
        };
        const timer = setTimeout(() => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        }, Math.ceil(delay));
        signal?.addEventListener('abort', onAbort, { once: true });
      });
    },
  };
}
