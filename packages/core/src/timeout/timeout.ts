import {
  DeadlineExceededError,
  contextError,
  isCancelable,
  withDeadline,
} from '../context/index.js';
import type { CancelFunc, Context } from '../context/index.js';
import type { Endpoint, GenericMiddleware, Middleware } from '../endpoint/index.js';
import { createDeadlineQueue } from '../internal/deadline-queue.js';
import type { DeadlineQueue, QueueEntry } from '../internal/deadline-queue.js';

/**
 * timeout returns a middleware that gives every call a deadline `ms` from now (Go kit has no
 * such middleware; in Go one writes `context.WithTimeout` by hand). The endpoint receives a
 * derived context, as from `withTimeout(ctx, ms)`: its `deadline` is the earlier of the
 * caller's and now + ms, so it travels to the next hop, and its `signal` aborts with a
 * `DeadlineExceededError` at the deadline or with the caller's reason when the caller cancels.
 * The call rejects with `DeadlineExceededError` ("context deadline exceeded") when the
 * endpoint has not settled in time, even if it ignores the signal. The derived context is
 * always cancelled when the call settles.
 *
 * Cost: no timer and no AbortController per call. All calls through one `timeout(ms)` share a
 * FIFO deadline queue and one timer, and the derived context (a lazy `withDeadline`) creates
 * its AbortController only when the endpoint reads `signal`.
 *
 * @example
 * const bounded = timeout(250)(client);
 */
export function timeout(ms: number): GenericMiddleware;
export function timeout<Req, Res>(ms: number): Middleware<Req, Res>;
export function timeout(ms: number): GenericMiddleware {
  if (!(ms >= 0) || ms === Infinity) {
    throw new RangeError(`timeout: ms must be a finite number >= 0, got ${ms}`);
  }
  const queue = createDeadlineQueue();
  return <Req, Res>(next: Endpoint<Req, Res>): Endpoint<Req, Res> =>
    (ctx, request) => {
      const done = contextError(ctx);
      if (done !== undefined) return Promise.reject(done);
      const wallNow = Date.now();
      const wall = wallNow + ms;
      const deadline = ctx.deadline !== undefined && ctx.deadline < wall ? ctx.deadline : wall;
      if (deadline <= wallNow) return Promise.reject(new DeadlineExceededError());
      return new Promise<Res>((resolve, reject) => {
        const now = performance.now();
        const [child, cancel] = withDeadline(ctx, deadline);
        const call = new Call(ctx, cancel, now + ms, queue, reject);
        queue.add(call, now);
        let pending: Promise<Res>;
        try {
          pending = next(child, request);
        } catch (err) {
          pending = Promise.reject(err);
        }
        pending.then(
          (res) => {
            if (call.finish(undefined)) resolve(res);
          },
          (err: unknown) => {
            if (call.finish(undefined)) reject(err);
          },
        );
      });
    };
}

/**
 * Call is one call's entry in the deadline queue: it rejects the call when its time is up or
 * the caller cancels, and cancels the derived context when the call ends either way. It is
 * its own `abort` listener of the caller's signal (`handleEvent`).
 */
class Call implements QueueEntry {
  prev: QueueEntry | undefined = undefined;
  next: QueueEntry | undefined = undefined;
  queued = false;
  private done = false;
  private readonly parentSignal: AbortSignal | undefined;

  constructor(
    parent: Context,
    private readonly cancel: CancelFunc,
    readonly at: number,
    private readonly queue: DeadlineQueue,
    private readonly reject: (reason: unknown) => void,
  ) {
    // The caller's cancellation, or its own earlier deadline, ends the call too. A context
    // that can never be cancelled is not watched (reading its signal would create it).
    if (isCancelable(parent)) {
      this.parentSignal = parent.signal;
      this.parentSignal.addEventListener('abort', this, { once: true });
    } else this.parentSignal = undefined;
  }

  /** expire is the deadline queue's callback: the call ran out of time. */
  expire(): void {
    this.fail(new DeadlineExceededError());
  }

  /** handleEvent is the caller's signal aborting. */
  handleEvent(): void {
    this.fail(this.parentSignal?.reason);
  }

  /**
   * finish ends the call (cancelling the derived context, with reason if given) and reports
   * whether it was still running.
   */
  finish(reason: unknown): boolean {
    if (this.done) return false;
    this.done = true;
    this.queue.remove(this);
    this.parentSignal?.removeEventListener('abort', this);
    this.cancel(reason);
    return true;
  }

  private fail(reason: unknown): void {
    if (this.finish(reason)) this.reject(reason);
  }
}
