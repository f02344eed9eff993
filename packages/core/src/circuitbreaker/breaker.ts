import { isCanceled } from '../context/index.js';
import { isCalleeFailure } from '../errors/index.js';
import { CircuitOpenError, TooManyRequestsError } from './errors.js';
import { stackless } from '../internal/stackless.js';
import { consecutiveFailures } from './trip.js';
import type { Counts, TripPolicy } from './trip.js';
import { createRollingWindow } from './window.js';
import type { MutableCounts, RollingWindow } from './window.js';

/** CircuitState is a breaker's state, as gobreaker's `State` (`closed`, `open`, `half-open`). */
export type CircuitState = 'closed' | 'open' | 'half-open';

/** BreakerOptions configure {@link createBreaker}; every field has gobreaker's default. */
export interface BreakerOptions {
  /** name identifies the breaker in hooks and metrics. Default `''`. */
  readonly name?: string;
  /** maxProbes is how many calls a half-open breaker lets through (gobreaker MaxRequests). Default 1. */
  readonly maxProbes?: number;
  /** openTimeoutMs is how long the breaker stays open before probing (gobreaker Timeout). Default 60 000. */
  readonly openTimeoutMs?: number;
  /** readyToTrip decides, after a failure while closed, whether to open. Default `consecutiveFailures(6)`. */
  readonly readyToTrip?: TripPolicy;
  /** windowMs limits the closed-state counts to a rolling window; 0 (default) keeps them until a state change. */
  readonly windowMs?: number;
  /** windowBuckets is the rolling window's resolution. Default 10. */
  readonly windowBuckets?: number;
  /**
   * isFailure tells whether a rejection counts as a failure; when it returns false the call
   * counts as a success (gobreaker IsSuccessful): the callee answered. Default
   * `isCalleeFailure` (`@svckit/core/errors`): only the callee's failures count —
   * `unavailable` (connection errors included), `deadline_exceeded`, `internal`, `unknown` (a
   * plain `Error`) and `data_loss` — not the caller's own mistakes (`invalid_argument`,
   * `not_found`, `permission_denied`, `unauthenticated`, `failed_precondition`, ...) nor a
   * remote `resource_exhausted` (a 429 says the callee is alive). Go kit's gobreaker counts
   * every error: pass `() => true` for that. Resolved responses always count as successes,
   * including `Failer` responses carrying a business error.
   */
  readonly isFailure?: (err: unknown) => boolean;
  /**
   * isExcluded tells whether a rejection is left out of the counts altogether (gobreaker
   * IsExcluded). Default: cancellations (code `canceled`: the caller's own `CanceledError`, an
   * `AbortError`) are excluded.
   */
  readonly isExcluded?: (err: unknown) => boolean;
  /** onStateChange is called synchronously on every transition, after it happened. Must not throw. */
  readonly onStateChange?: (from: CircuitState, to: CircuitState, name: string) => void;
  /** now is the monotonic clock in ms. Default `performance.now`. */
  readonly now?: () => number;
}

/**
 * Breaker is a circuit breaker state machine (gobreaker's `CircuitBreaker` /
 * `TwoStepCircuitBreaker`). Use it through {@link circuitBreaker}, through `execute`, or with the
 * two-step `acquire` / `onSuccess` / `onError` calls, which allocate nothing.
 */
export interface Breaker {
  /** name is the breaker's name. */
  readonly name: string;
  /** state is the current state; reading it moves an expired open breaker to half-open. */
  readonly state: CircuitState;
  /** counts returns a snapshot of the current counts. */
  counts(): Counts;
  /**
   * acquire asks to make a call. It returns a ticket to hand to `onSuccess`/`onError`, or throws
   * {@link CircuitOpenError} (open) or {@link TooManyRequestsError} (half-open, probes taken).
   */
  acquire(): number;
  /** onSuccess records that the call holding `ticket` succeeded. */
  onSuccess(ticket: number): void;
  /** onError records that the call holding `ticket` rejected with err. */
  onError(ticket: number, err: unknown): void;
  /** execute runs fn under the breaker: fails fast while open, records fn's outcome otherwise. */
  execute<T>(fn: () => Promise<T>): Promise<T>;
}

const CLOSED = 0;
const OPEN = 1;
const HALF_OPEN = 2;
const names: readonly CircuitState[] = ['closed', 'open', 'half-open'];

/**
 * createBreaker returns a native {@link Breaker}. Closed, it passes every call and counts
 * outcomes; when `readyToTrip` says so it opens and fails every call fast for `openTimeoutMs`;
 * then it is half-open: `maxProbes` calls go through, and once that many succeed in a row it
 * closes, while any failure opens it again. Outcomes of calls started before a state change
 * are ignored (gobreaker's generations). No timers: time is read only when needed.
 */
export function createBreaker(options: BreakerOptions = {}): Breaker {
  const name = options.name ?? '';
  const maxProbes = options.maxProbes ?? 1;
  const openTimeoutMs = options.openTimeoutMs ?? 60_000;
  const windowMs = options.windowMs ?? 0;
  const windowBuckets = options.windowBuckets ?? 10;
  const readyToTrip = options.readyToTrip ?? consecutiveFailures(6);
  const isFailure = options.isFailure ?? isCalleeFailure;
  const isExcluded = options.isExcluded ?? isCanceled;
  const onStateChange = options.onStateChange;
  const now = options.now ?? performance.now.bind(performance);
  checkInteger('maxProbes', maxProbes, 1);
  checkInteger('windowBuckets', windowBuckets, 1);
  if (!(openTimeoutMs >= 0)) throw new RangeError(`createBreaker: openTimeoutMs must be >= 0`);
  if (!(windowMs >= 0) || windowMs === Infinity) {
    throw new RangeError(`createBreaker: windowMs must be a finite number >= 0`);
  }

  const c: MutableCounts = {
    requests: 0,
    successes: 0,
    failures: 0,
    consecutiveSuccesses: 0,
    consecutiveFailures: 0,
  };
  const window: RollingWindow | undefined =
    windowMs > 0 ? createRollingWindow(c, windowMs, windowBuckets, now()) : undefined;
  let state = CLOSED;
  let generation = 0;
  let probes = 0;
  let openUntil = 0;

  function setState(to: number, at: number): void {
    const from = state;
    if (from === to) return;
    state = to;
    generation++;
    probes = 0;
    c.requests = c.successes = c.failures = 0;
    c.consecutiveSuccesses = c.consecutiveFailures = 0;
    if (to === OPEN) openUntil = at + openTimeoutMs;
    if (window !== undefined && to === CLOSED) window.reset(at);
    onStateChange?.(names[from] as CircuitState, names[to] as CircuitState, name);
  }

  function success(ticket: number): void {
    if (ticket !== generation) return;
    if (window !== undefined && state === CLOSED) {
      window.advance(now());
      window.record(false);
    }
    c.requests++;
    c.successes++;
    c.consecutiveSuccesses++;
    c.consecutiveFailures = 0;
    if (state === HALF_OPEN && c.consecutiveSuccesses >= maxProbes) setState(CLOSED, now());
  }

  function failure(ticket: number): void {
    if (ticket !== generation) return;
    if (window !== undefined && state === CLOSED) {
      window.advance(now());
      window.record(true);
    }
    c.requests++;
    c.failures++;
    c.consecutiveFailures++;
    c.consecutiveSuccesses = 0;
    if (state === HALF_OPEN || readyToTrip(c)) setState(OPEN, now());
  }

  const breaker: Breaker = {
    name,
    get state() {
      if (state === OPEN) {
        const at = now();
        if (at >= openUntil) setState(HALF_OPEN, at);
      }
      return names[state] as CircuitState;
    },
    counts: () => ({ ...c }),
    acquire() {
      if (state === CLOSED) return generation;
      if (state === OPEN) {
        const at = now();
        if (at < openUntil) throw stackless(openError);
        setState(HALF_OPEN, at);
      }
      if (probes >= maxProbes) throw stackless(tooManyRequests);
      probes++;
      return generation;
    },
    onSuccess: success,
    onError(ticket, err) {
      if (isExcluded(err)) {
        // An excluded probe frees its half-open slot; it says nothing about the dependency.
        if (ticket === generation && state === HALF_OPEN) probes--;
      } else if (isFailure(err)) {
        failure(ticket);
      } else {
        success(ticket);
      }
    },
    async execute<T>(fn: () => Promise<T>): Promise<T> {
      const ticket = breaker.acquire();
      let result: T;
      try {
        result = await fn();
      } catch (err) {
        breaker.onError(ticket, err);
        throw err;
      }
      success(ticket);
      return result;
    },
  };
  return breaker;
}

/**
 * stateValue maps a {@link CircuitState} to a number for a gauge: closed 0, half-open 1,
 * open 2 (higher is worse).
 */
export function stateValue(state: CircuitState): number {
  return state === 'closed' ? 0 : state === 'half-open' ? 1 : 2;
}

function openError(): CircuitOpenError {
  return new CircuitOpenError();
}

function tooManyRequests(): TooManyRequestsError {
  return new TooManyRequestsError();
}

function checkInteger(field: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) {
    throw new RangeError(`createBreaker: ${field} must be an integer >= ${min}, got ${value}`);
  }
}
