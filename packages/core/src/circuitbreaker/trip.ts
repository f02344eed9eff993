/**
 * Counts are the request tallies a breaker keeps for its current state (gobreaker's `Counts`).
 * They are cleared on every state change. While closed with a `windowMs`, `requests`,
 * `successes` and `failures` cover only that rolling window; the consecutive counts run on
 * until the other outcome resets them. Calls still in flight are not counted yet.
 */
export interface Counts {
  /** requests is the number of completed calls counted (successes + failures). */
  readonly requests: number;
  /** successes is the number of calls that counted as successes. */
  readonly successes: number;
  /** failures is the number of calls that counted as failures. */
  readonly failures: number;
  /** consecutiveSuccesses is the number of successes since the last failure. */
  readonly consecutiveSuccesses: number;
  /** consecutiveFailures is the number of failures since the last success. */
  readonly consecutiveFailures: number;
}

/**
 * TripPolicy decides, after each failure while closed, whether the breaker opens
 * (gobreaker's `ReadyToTrip`). It is called with the live counts: read them, do not keep them.
 */
export type TripPolicy = (counts: Counts) => boolean;

/**
 * consecutiveFailures returns a {@link TripPolicy} that opens the breaker once `count` calls in
 * a row have failed. The default policy is `consecutiveFailures(6)`, gobreaker's default
 * "more than 5 consecutive failures".
 */
export function consecutiveFailures(count: number): TripPolicy {
  if (!Number.isInteger(count) || count < 1) {
    throw new RangeError(`consecutiveFailures: count must be an integer >= 1, got ${count}`);
  }
  return (counts) => counts.consecutiveFailures >= count;
}

/** FailureRatioOptions configure {@link failureRatio}. */
export interface FailureRatioOptions {
  /** ratio of failed calls (0 < ratio <= 1) at or above which the breaker opens. */
  readonly ratio: number;
  /**
   * minimumRequests is how many calls must have completed (in the window) before the ratio is
   * trusted, so that one early failure does not open the breaker. Default 10.
   */
  readonly minimumRequests?: number;
}

/**
 * failureRatio returns a {@link TripPolicy} that opens the breaker when at least
 * `minimumRequests` calls have completed and the share of failures among them reaches `ratio`.
 * Pair it with the breaker's `windowMs` so only recent calls count ("50 % of the calls of the
 * last 10 s failed").
 *
 * @example
 * createBreaker({ readyToTrip: failureRatio({ ratio: 0.5, minimumRequests: 20 }), windowMs: 10_000 });
 */
export function failureRatio(options: FailureRatioOptions): TripPolicy {
  const { ratio } = options;
  const minimum = options.minimumRequests ?? 10;
  if (!(ratio > 0 && ratio <= 1)) {
    throw new RangeError(`failureRatio: ratio must be in (0, 1], got ${ratio}`);
  }
  if (!Number.isInteger(minimum) || minimum < 1) {
    throw new RangeError(`failureRatio: minimumRequests must be an integer >= 1, got ${minimum}`);
  }
  return (counts) => counts.requests >= minimum && counts.failures >= ratio * counts.requests;
}
