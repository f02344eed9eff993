import type { Endpoint, GenericMiddleware, Middleware } from '../endpoint/index.js';
import { createBreaker } from './breaker.js';
import type { Breaker, BreakerOptions } from './breaker.js';

/**
 * circuitBreaker returns a middleware that runs every call through a circuit breaker (Go kit's
 * `circuitbreaker.Gobreaker`). Pass a {@link Breaker} from {@link createBreaker} to share it
 * between endpoints or read its state for metrics, or options to get a fresh one.
 *
 * While the breaker is open the returned endpoint rejects at once with `CircuitOpenError`
 * ("circuit breaker is open") and never calls the wrapped endpoint; half-open with its probes
 * taken, with `TooManyRequestsError` ("too many requests"). A rejected call counts as a
 * failure (see `isFailure`/`isExcluded`); a resolved response counts as a success, even a
 * `Failer` whose `failed()` returns a business error.
 *
 * @example
 * const breaker = createBreaker({ name: 'users', openTimeoutMs: 30_000 });
 * const guarded = circuitBreaker(breaker)(usersClient);
 */
export function circuitBreaker(breakerOrOptions?: Breaker | BreakerOptions): GenericMiddleware;
export function circuitBreaker<Req, Res>(
  breakerOrOptions?: Breaker | BreakerOptions,
): Middleware<Req, Res>;
export function circuitBreaker(breakerOrOptions: Breaker | BreakerOptions = {}): GenericMiddleware {
  const breaker = isBreaker(breakerOrOptions) ? breakerOrOptions : createBreaker(breakerOrOptions);
  return <Req, Res>(next: Endpoint<Req, Res>): Endpoint<Req, Res> => {
    // Settle handlers are made once per breaker generation (a state change), not per call.
    let generation = -1;
    let settled: (res: Res) => Res = identity;
    let rejected: (err: unknown) => never = rethrow;
    return (ctx, request) => {
      let ticket: number;
      try {
        ticket = breaker.acquire();
      } catch (err) {
        return Promise.reject(err);
      }
      if (ticket !== generation) {
        const held = ticket;
        generation = held;
        settled = (res) => {
          breaker.onSuccess(held);
          return res;
        };
        rejected = (err) => {
          breaker.onError(held, err);
          throw err;
        };
      }
      let pending: Promise<Res>;
      try {
        pending = next(ctx, request);
      } catch (err) {
        breaker.onError(ticket, err);
        return Promise.reject(err);
      }
      return pending.then(settled, rejected);
    };
  };
}

function isBreaker(value: Breaker | BreakerOptions): value is Breaker {
  return typeof (value as Partial<Breaker>).acquire === 'function';
}

function identity<T>(value: T): T {
  return value;
}

function rethrow(err: unknown): never {
  throw err;
}
