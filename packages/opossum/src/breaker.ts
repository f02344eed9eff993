import CircuitBreaker from 'opossum';
import { CircuitOpenError, TooManyRequestsError } from '@svckit/core/circuitbreaker';
import type { CircuitState } from '@svckit/core/circuitbreaker';
import type { Context } from '@svckit/core/context';
import { isCalleeFailure } from '@svckit/core/errors';
import type { Endpoint, GenericMiddleware, Middleware } from '@svckit/core/endpoint';

/**
 * OpossumBreaker is an opossum `CircuitBreaker` whose action calls an endpoint: `fire(next,
 * ctx, request)` runs `next(ctx, request)`. One breaker can guard any number of endpoints
 * (they share its state), as with Go kit's gobreaker middleware.
 */
export type OpossumBreaker = CircuitBreaker<[Endpoint<any, any>, Context, unknown], unknown>;

/** OpossumBreakerOptions are opossum's options plus svckit's `isFailure` and `onStateChange`. */
export interface OpossumBreakerOptions extends Omit<CircuitBreaker.Options, 'errorFilter'> {
  /**
   * isFailure tells whether a rejection counts as a failure; when false, opossum counts the call
   * as a success (its `errorFilter`). Default `isCalleeFailure`: only the callee's
   * failures (`unavailable`, `deadline_exceeded`, `internal`, `unknown`, `data_loss`) count,
   * not the caller's own mistakes, a remote `resource_exhausted` or a cancellation. Resolved
   * responses — `Failer`s included — are always successes.
   */
  readonly isFailure?: (err: unknown) => boolean;
  /** onStateChange is called on every transition, with svckit's state names. */
  readonly onStateChange?: (from: CircuitState, to: CircuitState, name: string) => void;
}

/**
 * createOpossumBreaker returns an {@link OpossumBreaker}. Options are opossum's, with one
 * svckit default changed: `timeout` is `false`, because opossum's timeout rejects without
 * stopping the endpoint; bound calls with `@svckit/core/timeout` (or a ctx deadline), which
 * aborts the endpoint's signal. Call `shutdown()` when done: it stops opossum's stats timers.
 */
export function createOpossumBreaker(options: OpossumBreakerOptions = {}): OpossumBreaker {
  const { isFailure = isCalleeFailure, onStateChange, ...opossum } = options;
  const breaker: OpossumBreaker = new CircuitBreaker(call, {
    timeout: false,
    ...opossum,
    errorFilter: (err: unknown) => !isFailure(err),
  });
  if (onStateChange !== undefined) {
    let last: CircuitState = opossumState(breaker);
    const moved = (to: CircuitState) => () => {
      const from = last;
      last = to;
      if (from !== to) onStateChange(from, to, breaker.name);
    };
    breaker.on('open', moved('open'));
    breaker.on('halfOpen', moved('half-open'));
    breaker.on('close', moved('closed'));
  }
  return breaker;
}

/**
 * opossumBreaker returns a middleware that runs every call through an opossum circuit breaker
 * (Go kit's `circuitbreaker.Gobreaker`/`Hystrix`, with opossum). Pass a breaker from
 * {@link createOpossumBreaker} to share it or watch its events, or options to get a fresh one.
 * While the breaker is open the call rejects at once with `CircuitOpenError` ("circuit breaker
 * is open") and never reaches the endpoint; half-open, once its single probe is in flight,
 * with `TooManyRequestsError` ("too many requests"). Opossum's own error is the `cause`.
 *
 * @example
 * const breaker = createOpossumBreaker({ errorThresholdPercentage: 50, resetTimeout: 30_000 });
 * const guarded = opossumBreaker(breaker)(client);
 */
export function opossumBreaker(
  breakerOrOptions?: OpossumBreaker | OpossumBreakerOptions,
): GenericMiddleware;
export function opossumBreaker<Req, Res>(
  breakerOrOptions?: OpossumBreaker | OpossumBreakerOptions,
): Middleware<Req, Res>;
export function opossumBreaker(
  breakerOrOptions: OpossumBreaker | OpossumBreakerOptions = {},
): GenericMiddleware {
  // Structural check: a breaker from another copy of opossum is still a breaker.
  const breaker =
    typeof (breakerOrOptions as Partial<OpossumBreaker>).fire === 'function'
      ? (breakerOrOptions as OpossumBreaker)
      : createOpossumBreaker(breakerOrOptions as OpossumBreakerOptions);
  const translate = (err: unknown): never => {
    throw translateError(breaker, err);
  };
  return <Req, Res>(next: Endpoint<Req, Res>): Endpoint<Req, Res> =>
    (ctx, request) =>
      (breaker.fire(next, ctx, request) as Promise<Res>).catch(translate);
}

/** opossumState returns an opossum breaker's state with svckit's names (for metrics). */
export function opossumState(breaker: CircuitBreaker<any, any>): CircuitState {
  if (breaker.halfOpen) return 'half-open';
  return breaker.opened ? 'open' : 'closed';
}

function call(next: Endpoint<any, any>, ctx: Context, request: unknown): Promise<unknown> {
  return next(ctx, request);
}

function translateError(breaker: OpossumBreaker, err: unknown): unknown {
  if ((err as { code?: unknown } | null)?.code !== 'EOPENBREAKER') return err;
  return breaker.halfOpen
    ? new TooManyRequestsError(undefined, { cause: err })
    : new CircuitOpenError(undefined, { cause: err });
}
