import {
  CircuitState as CockatielState,
  ConsecutiveBreaker,
  circuitBreaker,
  handleWhen,
} from 'cockatiel';
import type { CircuitBreakerPolicy, IBreaker, IDefaultPolicyContext, IPolicy } from 'cockatiel';
import { BulkheadRejectedError } from '@svckit/core/bulkhead';
import { CircuitOpenError, TooManyRequestsError } from '@svckit/core/circuitbreaker';
import type { CircuitState } from '@svckit/core/circuitbreaker';
import { isCalleeFailure } from '@svckit/core/errors';
import { isCancelable } from '@svckit/core/context';
import type { Endpoint, GenericMiddleware, Middleware } from '@svckit/core/endpoint';

/** CockatielPolicyOptions tune {@link cockatielPolicy}. */
export interface CockatielPolicyOptions {
  /**
   * halfOpen says what a call does when it finds a circuit breaker policy half-open with its
   * probe in flight: `'reject'` (default) fails fast with `TooManyRequestsError`, as gobreaker
   * and the native breaker; `'wait'` keeps cockatiel's behaviour of waiting for the probe.
   */
  readonly halfOpen?: 'reject' | 'wait';
}

/**
 * cockatielPolicy returns a middleware that runs every call through a cockatiel policy — a
 * circuit breaker (Go kit's `circuitbreaker` middlewares), or any other policy or
 * `wrap(...)` of policies (retry, timeout, bulkhead, fallback). The context's signal is passed
 * to `execute`, so cockatiel's timeouts and cancellation see the caller's.
 *
 * cockatiel's fail-fast errors become svckit's: `BrokenCircuitError` and `IsolatedCircuitError`
 * reject as `CircuitOpenError` ("circuit breaker is open") and cockatiel's
 * `BulkheadRejectedError` as svckit's (`bulkhead full`), with cockatiel's error as `cause`;
 * in those cases the endpoint is never called.
 *
 * @example
 * const guarded = cockatielPolicy(cockatielBreaker({ halfOpenAfter: 10_000 }))(client);
 */
export function cockatielPolicy(
  policy: IPolicy<IDefaultPolicyContext, never>,
  options?: CockatielPolicyOptions,
): GenericMiddleware;
export function cockatielPolicy<Req, Res>(
  policy: IPolicy<IDefaultPolicyContext, never>,
  options?: CockatielPolicyOptions,
): Middleware<Req, Res>;
export function cockatielPolicy(
  policy: IPolicy<IDefaultPolicyContext, never>,
  options: CockatielPolicyOptions = {},
): GenericMiddleware {
  const rejectHalfOpen = options.halfOpen !== 'wait' && isCircuitBreaker(policy);
  const translate = (err: unknown): never => {
    throw translateError(err);
  };
  return <Req, Res>(next: Endpoint<Req, Res>): Endpoint<Req, Res> =>
    (ctx, request) => {
      if (rejectHalfOpen && (policy as CircuitBreakerPolicy).state === CockatielState.HalfOpen) {
        return Promise.reject(new TooManyRequestsError());
      }
      // Only a context that can be cancelled hands cockatiel a signal (reading it creates it).
      const signal = isCancelable(ctx) ? ctx.signal : undefined;
      return policy.execute(() => next(ctx, request), signal).catch(translate);
    };
}

/** CockatielBreakerOptions configure {@link cockatielBreaker}; defaults are gobreaker's. */
export interface CockatielBreakerOptions {
  /** breaker is cockatiel's trip policy. Default `new ConsecutiveBreaker(6)`: more than 5 failures in a row. */
  readonly breaker?: IBreaker;
  /** halfOpenAfter is how long the circuit stays open, in ms. Default 60 000. */
  readonly halfOpenAfter?: number;
  /**
   * isFailure tells whether a rejection counts as a failure. Default `isCalleeFailure`:
   * only the callee's failures (`unavailable`, `deadline_exceeded`, `internal`, `unknown`,
   * `data_loss`) count, not the caller's own mistakes, a remote `resource_exhausted` or a
   * cancellation. Resolved responses — `Failer`s included — are always successes.
   */
  readonly isFailure?: (err: unknown) => boolean;
  /** onStateChange is called on every transition, with svckit's state names. */
  readonly onStateChange?: (from: CircuitState, to: CircuitState) => void;
}

/**
 * cockatielBreaker returns a cockatiel `CircuitBreakerPolicy` with gobreaker's defaults (trip
 * after more than 5 consecutive failures, 60 s open, one probe) and svckit's `isFailure` and
 * `onStateChange`, ready for {@link cockatielPolicy}.
 */
export function cockatielBreaker(options: CockatielBreakerOptions = {}): CircuitBreakerPolicy {
  const isFailure = options.isFailure ?? isCalleeFailure;
  const policy = circuitBreaker(
    handleWhen((err) => isFailure(err)),
    {
      breaker: options.breaker ?? new ConsecutiveBreaker(6),
      halfOpenAfter: options.halfOpenAfter ?? 60_000,
    },
  );
  const onStateChange = options.onStateChange;
  if (onStateChange !== undefined) {
    let last = cockatielState(policy);
    policy.onStateChange((state) => {
      const from = last;
      last = stateName(state);
      if (from !== last) onStateChange(from, last);
    });
  }
  return policy;
}

/** cockatielState returns a cockatiel breaker's state with svckit's names (isolated is open). */
export function cockatielState(policy: CircuitBreakerPolicy): CircuitState {
  return stateName(policy.state);
}

function stateName(state: CockatielState): CircuitState {
  if (state === CockatielState.Closed) return 'closed';
  return state === CockatielState.HalfOpen ? 'half-open' : 'open';
}

// cockatiel 3's isIsolatedCircuitError tests the bulkhead's flag, so the flags are read here.
function translateError(err: unknown): unknown {
  if (hasFlag(err, 'isBrokenCircuitError')) {
    // IsolatedCircuitError extends BrokenCircuitError: both mean "open".
    return new CircuitOpenError(undefined, { cause: err });
  }
  if (hasFlag(err, 'isBulkheadRejectedError')) {
    return new BulkheadRejectedError('full', { cause: err });
  }
  return err;
}

// Structural check: a breaker from another copy of cockatiel is still a breaker.
function isCircuitBreaker(policy: unknown): policy is CircuitBreakerPolicy {
  const p = policy as Partial<CircuitBreakerPolicy>;
  return typeof p.isolate === 'function' && typeof p.state === 'number';
}

function hasFlag(err: unknown, flag: string): boolean {
  return err instanceof Error && (err as unknown as Record<string, unknown>)[flag] === true;
}
