import type { Context } from '../../context/index.js';
import { DeadlineExceededError } from '../../context/index.js';
import { isNeverCancelled } from '../../context/context.js';
import type { ContextKey } from '../../context/key.js';
import type { Endpoint } from '../../endpoint/index.js';
import { ServiceError, codeOf } from '../../errors/index.js';
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
 * loop (or the deadline timer). The calls of one retrying endpoint share one deadline timer.
 */
export function retryWithCallback<Req, Res>(
  timeoutMs: number,
  balancer: Balancer<Req, Res>,
  callback: RetryCallback = alwaysRetry,
): Endpoint<Req, Res> {
  if (!(timeoutMs > 0)) throw new RangeError(`retry: timeoutMs must be > 0, got ${timeoutMs}`);
  // Deadlines are epoch-based (as ctx.deadline), so the queue reads Date.now.
  const queue = createDeadlineQueue(Date.now);
  const policy: Policy<Req, Res> = { balancer, callback, queue };
  return (ctx, request) => {
    const parentSignal = ctx.signal;
    if (parentSignal.aborted) return Promise.reject(parentSignal.reason);
    const now = Date.now();
    return new Promise<Res>((resolve, reject) => {
      new RetryCall(policy, ctx, request, now + timeoutMs, resolve, reject).start(now);
    });
  };
}

const alwaysRetry: RetryCallback = () => ({ keepTrying: true });

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

interface Policy<Req, Res> {
  readonly balancer: Balancer<Req, Res>;
  readonly callback: RetryCallback;
  readonly queue: DeadlineQueue;
}

/**
 * RetryCall is the state of one retried call. A class rather than closures: it is allocated on
 * every call, and one object with prototype methods is much cheaper than a dozen closures.
 */
class RetryCall<Req, Res> implements QueueEntry {
  /** prev, next and queued belong to the deadline queue. */
  prev: QueueEntry | undefined = undefined;
  next: QueueEntry | undefined = undefined;
  queued = false;
  private settled = false;
  private attempt = 0;
  private rawErrors: unknown[] | undefined;
  private readonly ctx: AttemptContext;
  private readonly watchParent: boolean;
  private onParentAbort: (() => void) | undefined;

  constructor(
    private readonly policy: Policy<Req, Res>,
    private readonly parent: Context,
    private readonly request: Req,
    readonly at: number,
    private readonly resolve: (response: Res) => void,
    private readonly reject: (reason: unknown) => void,
  ) {
    const deadline = parent.deadline !== undefined && parent.deadline < at ? parent.deadline : at;
    this.ctx = new AttemptContext(parent, deadline);
    this.watchParent = !isNeverCancelled(parent.signal);
  }

  start(now: number): void {
    // The caller's earlier deadline, if any, fires through its own signal.
    if (this.watchParent) {
      this.onParentAbort = () => this.cancel(this.parent.signal.reason);
      this.parent.signal.addEventListener('abort', this.onParentAbort, { once: true });
    }
    this.policy.queue.add(this, now);
    this.attemptOnce(now);
  }

  /** expire is called by the deadline queue when the retry's own timeout passes. */
  expire(): void {
    this.cancel(new DeadlineExceededError());
  }

  private attemptOnce(now: number): void {
    if (this.settled) return;
    if (now >= this.ctx.deadline) return this.cancel(new DeadlineExceededError());
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
    this.finish();
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
    if (decision.keepTrying) {
      setImmediate(() => this.attemptOnce(Date.now()));
      return;
    }
    this.finish();
    this.reject(
      new RetryError(this.rawErrors, decision.error !== undefined ? decision.error : err),
    );
  };

  private cancel(reason: unknown): void {
    if (this.settled) return;
    this.finish();
    this.ctx.abort(reason);
    this.reject(reason);
  }

  private finish(): void {
    this.settled = true;
    this.policy.queue.remove(this);
    if (this.onParentAbort !== undefined) {
      this.parent.signal.removeEventListener('abort', this.onParentAbort);
    }
  }
}

/**
 * AttemptContext is the context every attempt of one retried call shares: a child of the
 * caller's context with the retry's deadline. Its AbortSignal is created only if an attempt
 * reads it; most endpoints never do, and an AbortController per call would dominate the cost.
 */
class AttemptContext implements Context {
  #controller: AbortController | undefined;
  #aborted = false;
  #reason: unknown;

  constructor(
    readonly parent: Context,
    readonly deadline: number,
  ) {}

  get signal(): AbortSignal {
    if (this.#controller === undefined) {
      this.#controller = new AbortController();
      if (this.#aborted) this.#controller.abort(this.#reason);
    }
    return this.#controller.signal;
  }

  value<T>(key: ContextKey<T>): T | undefined {
    return this.parent.value(key);
  }

  abort(reason: unknown): void {
    if (this.#aborted) return;
    this.#aborted = true;
    this.#reason = reason;
    this.#controller?.abort(reason);
  }
}
