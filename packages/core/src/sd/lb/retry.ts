import {
  DeadlineExceededError,
  contextError,
  isCancelable,
  withDeadline,
} from '../../context/index.js';
import type { CancelFunc, Context } from '../../context/index.js';
import type { Endpoint } from '../../endpoint/index.js';
import { ServiceError, codeOf, isCalleeFailure, retryAfterMs } from '../../errors/index.js';
import type { Balancer } from './balancer.js';
import { createDeadlineQueue } from '../../internal/deadline-queue.js';
import type { DeadlineQueue, QueueEntry } from '../../internal/deadline-queue.js';

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

const retryOptions = Object.freeze({ reason: 'RETRY_EXHAUSTED' });

/**
 * RetryError is what a retrying endpoint rejects with when it gives up before the deadline (Go
 * kit's `lb.RetryError`): `rawErrors` holds every attempt's error in order, `final` the error that
 * ended the retries (the last one, or the callback's replacement). The message is
 * `final (previously: e1; e2)`. Its code is the final error's (a retry that gave up on
 * `unavailable` instances is `unavailable`), its reason `RETRY_EXHAUSTED`.
 */
export class RetryError extends ServiceError {
  override readonly name = 'RetryError';
  /** rawErrors is every attempt's error, in order. */
  readonly rawErrors: readonly unknown[];
  /** final is the error that ended the retries. */
  readonly final: unknown;
  constructor(rawErrors: readonly unknown[], final: unknown) {
    const previous = rawErrors.slice(0, -1).map(describe);
    super(
      codeOf(final),
      previous.length > 0
        ? `${describe(final)} (previously: ${previous.join('; ')})`
        : describe(final),
      retryOptions,
    );
    this.rawErrors = rawErrors;
    this.final = final;
  }
}

/** Backoff is exponential back-off with full jitter between attempts. */
export interface Backoff {
  /** baseMs is the cap of the first wait (after attempt 1); it doubles per attempt. */
  readonly baseMs: number;
  /** maxMs caps every wait. */
  readonly maxMs: number;
}

/** RetryTiming tunes the waits between attempts, for {@link retry} and {@link retryWithCallback}. */
export interface RetryTiming {
  /**
   * backoff waits between attempts: after attempt n, a random time in
   * `[0, min(maxMs, baseMs * 2^(n-1)))` ("full jitter"). Default: none — the next attempt
   * goes at once, as in Go kit.
   */
  readonly backoff?: Backoff | undefined;
  /** random is the jitter's source of numbers in [0, 1). Default `Math.random`. */
  readonly random?: (() => number) | undefined;
}

/** RetryOptions tune {@link retry}. */
export interface RetryOptions extends RetryTiming {
  /**
   * retryable tells whether an attempt's error is worth another attempt. Default
   * `isCalleeFailure` (`@svckit/core/errors`): `unavailable`, `deadline_exceeded`, `internal`,
   * `unknown` (a plain `Error`, as Go kit's `lb.Retry` retries it) and `data_loss` are retried;
   * the caller's own mistakes (`invalid_argument`, `not_found`, `already_exists`,
   * `permission_denied`, `unauthenticated`, `failed_precondition`, `out_of_range`,
   * `unimplemented`), `resource_exhausted` (a 413 or 429 is not sent again), `aborted` and
   * `canceled` stop at once. Go kit's exact behaviour, every error retried: `() => true`.
   */
  readonly retryable?: ((err: unknown) => boolean) | undefined;
}

/**
 * retry returns an endpoint that calls `balancer.endpoint()` until a call succeeds, `max`
 * attempts have failed, or an attempt fails with an error that is not retryable (then it
 * rejects with a {@link RetryError}), or `timeoutMs` have passed since the call began (then it
 * rejects with the context's DeadlineExceededError and aborts the attempt in flight). Go kit's
 * `lb.Retry(max, timeout, balancer)`, with svckit's defaults in `options`: only the callee's
 * failures are retried (`retryable`), optional exponential back-off with full jitter
 * (`backoff`), and a server's hint honoured — an error with `retryAfterMs` (an HTTP
 * `Retry-After`, gRPC's retry pushback) delays the next attempt that long, and stops the
 * retries when the wait would pass the deadline.
 *
 * @example
 * const uppercase = retry(3, 500, roundRobin(endpointer), { backoff: { baseMs: 20, maxMs: 200 } });
 * await uppercase(ctx, { s: 'hello' });
 */
export function retry<Req, Res>(
  max: number,
  timeoutMs: number,
  balancer: Balancer<Req, Res>,
  options: RetryOptions = {},
): Endpoint<Req, Res> {
  if (!Number.isInteger(max) || max < 1) {
    throw new RangeError(`retry: max must be an integer >= 1, got ${max}`);
  }
  const retryable = options.retryable ?? isCalleeFailure;
  return retryWithCallback(
    timeoutMs,
    balancer,
    (attempt, err) => ({ keepTrying: attempt < max && retryable(err) }),
    options,
  );
}

/**
 * retryWithCallback is {@link retry} with the stopping rule in `callback` (Go kit's
 * `lb.RetryWithCallback`): after each failure the callback decides whether to go on and may
 * replace the error. Without a callback it retries until the deadline. `options` sets the
 * waits between attempts; a `retryAfterMs` hint is honoured as in {@link retry}.
 *
 * Every attempt receives the same context: a child of the caller's with the overall deadline,
 * whose `signal` aborts when the deadline passes or the caller cancels, and which is cancelled
 * when the call settles. Attempts after a failure without a wait are scheduled with
 * `setImmediate`, so an endpoint that fails instantly cannot starve the event loop (or the
 * deadline timer). The calls of one retrying endpoint share one deadline timer.
 */
export function retryWithCallback<Req, Res>(
  timeoutMs: number,
  balancer: Balancer<Req, Res>,
  callback: RetryCallback = alwaysRetry,
  options: RetryTiming = {},
): Endpoint<Req, Res> {
  if (!(timeoutMs > 0)) throw new RangeError(`retry: timeoutMs must be > 0, got ${timeoutMs}`);
  const backoff = options.backoff;
  if (backoff !== undefined && !(backoff.baseMs >= 0 && backoff.maxMs >= backoff.baseMs)) {
    throw new RangeError('retry: backoff needs 0 <= baseMs <= maxMs');
  }
  // Deadlines are epoch-based (as ctx.deadline), so the queue reads Date.now.
  const queue = createDeadlineQueue(Date.now);
  const policy: Policy<Req, Res> = {
    balancer,
    callback,
    queue,
    backoff,
    random: options.random ?? Math.random,
  };
  return (ctx, request) => {
    const done = contextError(ctx);
    if (done !== undefined) return Promise.reject(done);
    const now = Date.now();
    return new Promise<Res>((resolve, reject) => {
      new RetryCall(policy, ctx, request, now + timeoutMs, resolve, reject).start(now);
    });
  };
}

/**
 * backoffDelay is the wait before attempt `attempt + 1` under full jitter: a random time in
 * `[0, min(maxMs, baseMs * 2^(attempt-1)))`.
 */
export function backoffDelay(attempt: number, backoff: Backoff, random: () => number): number {
  const cap = Math.min(backoff.maxMs, backoff.baseMs * 2 ** Math.min(attempt - 1, 52));
  return Math.floor(random() * cap);
}

const alwaysRetry: RetryCallback = () => ({ keepTrying: true });

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

interface Policy<Req, Res> {
  readonly balancer: Balancer<Req, Res>;
  readonly callback: RetryCallback;
  readonly queue: DeadlineQueue;
  readonly backoff: Backoff | undefined;
  readonly random: () => number;
}

/**
 * RetryCall is the state of one retried call. A class rather than closures: it is allocated on
 * every call, and one object with prototype methods is much cheaper than a dozen closures. It
 * is its own `abort` listener of the caller's signal (`handleEvent`).
 */
class RetryCall<Req, Res> implements QueueEntry {
  /** prev, next and queued belong to the deadline queue. */
  prev: QueueEntry | undefined = undefined;
  next: QueueEntry | undefined = undefined;
  queued = false;
  private settled = false;
  private attempt = 0;
  private rawErrors: unknown[] | undefined;
  private readonly ctx: Context;
  private readonly cancelCtx: CancelFunc;
  private parentSignal: AbortSignal | undefined = undefined;
  private timer: ReturnType<typeof setTimeout> | undefined = undefined;

  constructor(
    private readonly policy: Policy<Req, Res>,
    private readonly parent: Context,
    private readonly request: Req,
    readonly at: number,
    private readonly resolve: (response: Res) => void,
    private readonly reject: (reason: unknown) => void,
  ) {
    // A lazy child: its signal, listener and timer exist only if an attempt reads the signal.
    const derived = withDeadline(parent, at);
    this.ctx = derived[0];
    this.cancelCtx = derived[1];
  }

  start(now: number): void {
    // The caller's cancellation, or its earlier deadline, ends the call; a context that can
    // never be cancelled is not watched (reading its signal would create it).
    if (isCancelable(this.parent)) {
      this.parentSignal = this.parent.signal;
      this.parentSignal.addEventListener('abort', this, { once: true });
    }
    this.policy.queue.add(this, now);
    this.attemptOnce(now);
  }

  /** expire is called by the deadline queue when the retry's own timeout passes. */
  expire(): void {
    this.cancel(new DeadlineExceededError());
  }

  /** handleEvent is the caller's signal aborting. */
  handleEvent(): void {
    this.cancel(this.parentSignal?.reason);
  }

  private attemptOnce(now: number): void {
    this.timer = undefined;
    if (this.settled) return;
    if (now >= (this.ctx.deadline as number)) return this.cancel(new DeadlineExceededError());
    let result: Promise<Res>;
    try {
      result = this.policy.balancer.endpoint()(this.ctx, this.request);
    } catch (err) {
      return this.onFailure(err);
    }
    result.then(this.onSuccess, this.onFailure);
  }

  private readonly onSuccess = (response: Res): void => {
    if (this.settled) return;
    this.finish(undefined);
    this.resolve(response);
  };

  private readonly onFailure = (err: unknown): void => {
    if (this.settled) return;
    this.attempt++;
    (this.rawErrors ??= []).push(err);
    let decision: RetryDecision;
    try {
      decision = this.policy.callback(this.attempt, err);
    } catch (thrown) {
      decision = { keepTrying: false, error: thrown };
    }
    const final = decision.error !== undefined ? decision.error : err;
    if (decision.keepTrying) {
      const wait = this.waitBefore(err);
      if (wait >= 0) {
        if (wait === 0) setImmediate(retryNow, this);
        else this.timer = setTimeout(() => this.run(), wait);
        return;
      }
    }
    this.finish(undefined);
    this.reject(new RetryError(this.rawErrors, final));
  };

  /**
   * waitBefore is the wait before the next attempt: the back-off, or the callee's hint when
   * longer; -1 when the hint would pass the deadline (retrying then is pointless).
   */
  private waitBefore(err: unknown): number {
    const { backoff, random } = this.policy;
    let wait = backoff === undefined ? 0 : backoffDelay(this.attempt, backoff, random);
    const hint = retryAfterMs(err);
    if (hint !== undefined) {
      if (Date.now() + hint >= (this.ctx.deadline as number)) return -1;
      if (hint > wait) wait = hint;
    }
    return wait;
  }

  /** run is the next attempt, after a wait. */
  run(): void {
    this.attemptOnce(Date.now());
  }

  private cancel(reason: unknown): void {
    if (this.settled) return;
    this.finish(reason);
    this.reject(reason);
  }

  /** finish settles the call and cancels the attempts' context (with reason when given). */
  private finish(reason: unknown): void {
    this.settled = true;
    this.policy.queue.remove(this);
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.parentSignal?.removeEventListener('abort', this);
    this.cancelCtx(reason);
  }
}

function retryNow(call: { run(): void }): void {
  call.run();
}
