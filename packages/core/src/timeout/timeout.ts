import { isNeverCancelled } from '../context/context.js';
import type { Context } from '../context/context.js';
import { CanceledError, DeadlineExceededError } from '../context/errors.js';
import type { ContextKey } from '../context/key.js';
import type { Endpoint, Middleware } from '../endpoint/endpoint.js';
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
 * FIFO deadline queue and one timer, and the derived context creates its AbortController only
 * when the endpoint reads `signal`.
 *
 * @example
 * const bounded = timeout<Req, Res>(250)(client);
 */
export function timeout<Req = unknown, Res = unknown>(ms: number): Middleware<Req, Res> {
  if (!(ms >= 0) || ms === Infinity) {
    throw new RangeError(`timeout: ms must be a finite number >= 0, got ${ms}`);
  }
  const queue = createDeadlineQueue();
  return (next: Endpoint<Req, Res>): Endpoint<Req, Res> =>
    (ctx, request) => {
      const parentSignal = ctx.signal;
      if (parentSignal.aborted) return Promise.reject(parentSignal.reason);
      const wallNow = Date.now();
      const wall = wallNow + ms;
      const deadline = ctx.deadline !== undefined && ctx.deadline < wall ? ctx.deadline : wall;
      if (deadline <= wallNow) return Promise.reject(new DeadlineExceededError());
      return new Promise<Res>((resolve, reject) => {
        const now = performance.now();
        const call = new CallContext(ctx, deadline, now, now + ms, queue, reject);
        let pending: Promise<Res>;
        try {
          pending = next(call, request);
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
 * CallContext is the derived context of one call and its deadline-queue entry in one object.
 * It is a class (unlike the rest of svckit) so `signal` can be a lazy prototype getter; its
 * `value` asks the caller's context.
 */
class CallContext implements Context, QueueEntry {
  readonly parent: Context;
  readonly deadline: number;
  readonly at: number;
  prev: QueueEntry | undefined = undefined;
  next: QueueEntry | undefined = undefined;
  queued = false;
  private done = false;
  private reason: unknown = undefined;
  private controller: AbortController | undefined = undefined;
  private readonly queue: DeadlineQueue;
  private readonly reject: (reason: unknown) => void;
  private readonly onParentAbort: (() => void) | undefined;

  constructor(
    parent: Context,
    deadline: number,
    now: number,
    at: number,
    queue: DeadlineQueue,
    reject: (reason: unknown) => void,
  ) {
    this.parent = parent;
    this.deadline = deadline;
    this.at = at;
    this.queue = queue;
    this.reject = reject;
    const parentSignal = parent.signal;
    if (isNeverCancelled(parentSignal)) {
      this.onParentAbort = undefined;
    } else {
      // The caller's cancellation, or its own earlier deadline, ends the call too.
      this.onParentAbort = () => this.fail(parentSignal.reason);
      parentSignal.addEventListener('abort', this.onParentAbort, { once: true });
    }
    queue.add(this, now);
  }

  get signal(): AbortSignal {
    let controller = this.controller;
    if (controller === undefined) {
      controller = this.controller = new AbortController();
      if (this.done) controller.abort(this.reason ?? (this.reason = new CanceledError()));
    }
    return controller.signal;
  }

  value<T>(key: ContextKey<T>): T | undefined {
    return this.parent.value(key);
  }

  /** expire is the deadline queue's callback: the call ran out of time. */
  expire(): void {
    this.fail(new DeadlineExceededError());
  }

  /**
   * finish ends the call (cancelling the context) and reports whether it was still running;
   * a reason means it failed for that reason and the caller's promise is rejected with it.
   */
  finish(reason: unknown): boolean {
    if (this.done) return false;
    this.done = true;
    this.queue.remove(this);
    if (this.onParentAbort !== undefined) {
      this.parent.signal.removeEventListener('abort', this.onParentAbort);
    }
    if (reason !== undefined) this.reason = reason;
    // Only a signal someone has read needs aborting; its reason is made only then.
    const controller = this.controller;
    if (controller !== undefined) {
      controller.abort(this.reason ?? (this.reason = new CanceledError()));
    }
    return true;
  }

  private fail(reason: unknown): void {
    if (this.finish(reason)) this.reject(reason);
  }
}
