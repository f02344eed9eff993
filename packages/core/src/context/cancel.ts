import { isNeverCancelled, node } from './context.js';
import type { Context } from './context.js';
import { CanceledError, DeadlineExceededError } from './errors.js';

/**
 * CancelFunc cancels its context (and every context derived from it) and releases the timer and
 * parent listener the context holds. Calling it more than once does nothing. Always call it when
 * the work is done, typically in a `finally` block, as with Go's `context.CancelFunc`.
 */
export type CancelFunc = (reason?: unknown) => void;

/**
 * withCancel returns a child of parent with its own cancel function. Cancelling the parent
 * cancels the child with the parent's reason; cancelling the child leaves the parent alone.
 */
export function withCancel(parent: Context): [Context, CancelFunc] {
  return derive(parent, parent.deadline, undefined);
}

/**
 * withDeadline returns a child of parent that is cancelled with a {@link DeadlineExceededError}
 * at `deadline` (ms since the epoch, or a Date). The child's deadline never exceeds the
 * parent's: asking for a later one keeps the parent's.
 */
export function withDeadline(parent: Context, deadline: number | Date): [Context, CancelFunc] {
  const at = typeof deadline === 'number' ? deadline : deadline.getTime();
  return derive(
    parent,
    parent.deadline === undefined ? at : Math.min(parent.deadline, at),
    undefined,
  );
}

/** withTimeout is `withDeadline(parent, Date.now() + ms)`. */
export function withTimeout(parent: Context, ms: number): [Context, CancelFunc] {
  return withDeadline(parent, Date.now() + ms);
}

/**
 * withSignal returns a child of parent that is also cancelled when `signal` aborts (with the
 * signal's reason). Transports use it to tie a request's context to the client connection.
 */
export function withSignal(parent: Context, signal: AbortSignal): [Context, CancelFunc] {
  return derive(parent, parent.deadline, signal);
}

function derive(
  parent: Context,
  deadline: number | undefined,
  extra: AbortSignal | undefined,
): [Context, CancelFunc] {
  const controller = new AbortController();
  const parentSignal = parent.signal;
  const watchParent = !isNeverCancelled(parentSignal);
  let timer: ReturnType<typeof setTimeout> | undefined;

  const onParentAbort = (): void => cancel(parentSignal.reason);
  const onExtraAbort = (): void => cancel(extra?.reason);
  const cancel: CancelFunc = (reason?: unknown) => {
    if (controller.signal.aborted) return;
    if (watchParent) parentSignal.removeEventListener('abort', onParentAbort);
    if (extra !== undefined) extra.removeEventListener('abort', onExtraAbort);
    if (timer !== undefined) clearTimeout(timer);
    controller.abort(reason === undefined ? new CanceledError() : reason);
  };

  const ctx = node(parent, undefined, undefined, controller.signal, deadline);
  if (parentSignal.aborted) {
    controller.abort(parentSignal.reason);
    return [ctx, cancel];
  }
  if (extra?.aborted) {
    controller.abort(extra.reason);
    return [ctx, cancel];
  }
  if (watchParent) parentSignal.addEventListener('abort', onParentAbort, { once: true });
  if (extra !== undefined) extra.addEventListener('abort', onExtraAbort, { once: true });
  // A deadline inherited unchanged from the parent fires through the parent's own timer.
  if (deadline !== undefined && deadline !== parent.deadline) {
    const ms = deadline - Date.now();
    if (ms <= 0) {
      cancel(new DeadlineExceededError());
    } else {
      // The timer keeps the process alive until the deadline, so code awaiting the context's
      // signal is never cut short; calling cancel releases it at once.
      timer = setTimeout(() => cancel(new DeadlineExceededError()), ms);
    }
  }
  return [ctx, cancel];
}
