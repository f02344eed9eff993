import type { Context } from '../../context/index.js';
import { DeadlineExceededError } from '../../context/index.js';
import { isNeverCancelled } from '../../context/context.js';
import type { ContextKey } from '../../context/key.js';
import type { Endpoint } from '../../endpoint/index.js';
import type { Balancer } from './balancer.js';

/**
 * RetryDecision is what a {@link RetryCallback} answers: whether to try again and, optionally,
 * the error to report instead of the one that just happened.
 */
export interface RetryDecision {
  /** keepTrying asks for another attempt. */
  keepTrying: boolean;
  /** error, when set, replaces the attempt's error (it becomes the final error if we stop). */
  error?: unknown;
}

/**
 * RetryCallback is consulted after every failed attempt (Go kit's `lb.Callback`) with the
 * attempt number (1 for the first) and its error.
 */
export type RetryCallback = (attempt: number, error: unknown) => RetryDecision;

/**
 * RetryError is what a retrying endpoint rejects with when it gives up before the deadline (Go
 * kit's `lb.RetryError`): `rawErrors` holds every attempt's error in order, `final` the error that
 * ended the retries (the last one, or the callback's replacement). The message is
 * `final (previously: e1; e2)`.
 */
export class RetryError extends Error {
  override readonly name = 'RetryError';
  /** code is a stable machine-readable tag for the error. */
  readonly code = 'RETRY_EXHAUSTED';
  /** rawErrors is every attempt's error, in order. */
  readonly rawErrors: readonly unknown[];
  /** final is the error that ended the retries. */
  readonly final: unknown;
  constructor(rawErrors: readonly unknown[], final: unknown) {
    const previous = rawErrors.slice(0, -1).map(describe);
    super(
      previous.length > 0
        ? `${describe(final)} (previously: ${previous.join('; ')})`
        : describe(final),
    );
    this.rawErrors = rawErrors;
    this.final = final;
  }
}

/**
 * retry returns an endpoint that calls `balancer.endpoint()` until a call succeeds, `max`
 * attempts have failed (then it rejects with a {@link RetryError}), or `timeoutMs` have passed
 * since the call began (then it rejects with the context's DeadlineExceededError and aborts the
 * attempt in flight). Go kit's `lb.Retry(max, timeout, balancer)`.
 *
 * @example
 * const uppercase = retry(3, 500, roundRobin(endpointer));
 * await uppercase(ctx, { s: 'hello' });
 */
export function retry<Req, Res>(
  max: number,
  timeoutMs: number,
  balancer: Balancer<Req, Res>,
): Endpoint<Req, Res> {
  if (!Number.isInteger(max) || max < 1) {
    throw new RangeError(`retry: max must be an integer >= 1, got ${max}`);
  }
  return retryWithCallback(timeoutMs, balancer, (attempt) => ({ keepTrying: attempt < max }));
}

/**
 * retryWithCallback is {@link retry} with the stopping rule in `callback` (Go kit's
 * `lb.RetryWithCallback`): after each failure the callback decides whether to go on and may
 * replace the error. Without a callback it retries until the deadline.
 *
 * Every attempt receives the same context: a child of the caller's with the overall deadline,
 * whose `signal` aborts when the deadline passes or the caller cancels. Attempts after a failure
 * are scheduled with `setImmediate`, so an endpoint that fails instantly cannot starve the event
 * loop (or the deadline timer).
 */
export function retryWithCallback<Req, Res>(
  timeoutMs: number,
  balancer: Balancer<Req, Res>,
  callback: RetryCallback = alwaysRetry,
): Endpoint<Req, Res> {
  if (!(timeoutMs > 0)) throw new RangeError(`retry: timeoutMs must be > 0, got ${timeoutMs}`);
  return (ctx, request) => {
    const parentSignal = ctx.signal;
    if (parentSignal.aborted) return Promise.reject(parentSignal.reason);
    const now = Date.now();
    const own = now + timeoutMs;
    const deadline = ctx.deadline === undefined || ctx.deadline > own ? own : ctx.deadline;
    return new Promise<Res>((resolve, reject) => {
      const attemptCtx = createAttemptContext(ctx, deadline);
      const watchParent = !isNeverCancelled(parentSignal);
      let rawErrors: unknown[] | undefined;
      let attempt = 0;
      let done = false;

      const finish = (): void => {
        done = true;
        clearTimeout(timer);
        if (watchParent) parentSignal.removeEventListener('abort', onParentAbort);
      };
      const cancel = (reason: unknown): void => {
        if (done) return;
        finish();
        attemptCtx.abort(reason);
        reject(reason);
      };
      const onParentAbort = (): void => cancel(parentSignal.reason);
      const onDeadline = (): void => cancel(new DeadlineExceededError());
      const onSuccess = (response: Res): void => {
        if (done) return;
        finish();
        resolve(response);
      };
      const onFailure = (err: unknown): void => {
        if (done) return;
        attempt++;
        (rawErrors ??= []).push(err);
        let decision: RetryDecision;
        try {
          decision = callback(attempt, err);
        } catch (thrown) {
          decision = { keepTrying: false, error: thrown };
        }
        if (decision.keepTrying) {
          setImmediate(run);
          return;
        }
        finish();
        reject(new RetryError(rawErrors, decision.error !== undefined ? decision.error : err));
      };
      const run = (): void => {
        if (done) return;
        if (Date.now() >= deadline) return onDeadline();
        let result: Promise<Res>;
        try {
          result = balancer.endpoint()(attemptCtx, request);
        } catch (err) {
          return onFailure(err);
        }
        result.then(onSuccess, onFailure);
      };

      const timer = setTimeout(onDeadline, deadline - now);
      if (watchParent) parentSignal.addEventListener('abort', onParentAbort, { once: true });
      run();
    });
  };
}

const alwaysRetry: RetryCallback = () => ({ keepTrying: true });

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** AttemptContext is the context every attempt of one retried call shares. */
interface AttemptContext extends Context {
  abort(reason: unknown): void;
}

/**
 * createAttemptContext builds a child of parent with the retry's deadline whose AbortSignal is
 * created only if an attempt reads it: most endpoints never do, and an AbortController plus an
 * abort per call would dominate the retry's cost. It keeps the context node shape (parent, key,
 * val) so values still resolve through contexts derived from it.
 */
function createAttemptContext(parent: Context, deadline: number): AttemptContext {
  let controller: AbortController | undefined;
  let aborted = false;
  let reason: unknown;
  return {
    parent,
    key: undefined,
    val: undefined,
    deadline,
    get signal(): AbortSignal {
      if (controller === undefined) {
        controller = new AbortController();
        if (aborted) controller.abort(reason);
      }
      return controller.signal;
    },
    value<T>(key: ContextKey<T>): T | undefined {
      return parent.value(key);
    },
    abort(why: unknown): void {
      if (aborted) return;
      aborted = true;
      reason = why;
      controller?.abort(why);
    },
  } as AttemptContext;
}
