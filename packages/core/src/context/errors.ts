import { ServiceError, codeOf } from '../errors/index.js';

const canceledOptions = Object.freeze({ reason: 'CANCELED' });
const deadlineOptions = Object.freeze({ reason: 'DEADLINE_EXCEEDED' });

/**
 * CanceledError is the reason a context's signal carries when the context was cancelled
 * explicitly (its cancel function was called, or a parent was cancelled). The message matches
 * Go's `context.Canceled` so errors read the same across svckit and Go kit services. Code
 * `canceled`, reason `CANCELED`.
 */
export class CanceledError extends ServiceError {
  override readonly name = 'CanceledError';
  constructor(message = 'context canceled') {
    super('canceled', message, canceledOptions);
  }
}

/**
 * DeadlineExceededError is the reason a context's signal carries when its deadline passed.
 * The message matches Go's `context.DeadlineExceeded`. Code `deadline_exceeded`, reason
 * `DEADLINE_EXCEEDED`.
 */
export class DeadlineExceededError extends ServiceError {
  override readonly name = 'DeadlineExceededError';
  constructor(message = 'context deadline exceeded') {
    super('deadline_exceeded', message, deadlineOptions);
  }
}

/**
 * isCanceled reports whether err means the call was canceled: its code is `canceled` (a
 * {@link CanceledError}, a client that went away, an `AbortError`; see `codeOf`).
 */
export function isCanceled(err: unknown): boolean {
  return codeOf(err) === 'canceled';
}

/**
 * isDeadlineExceeded reports whether err means a deadline passed: its code is
 * `deadline_exceeded` (a {@link DeadlineExceededError}, a `TimeoutError`, a 504; see `codeOf`).
 */
export function isDeadlineExceeded(err: unknown): boolean {
  return codeOf(err) === 'deadline_exceeded';
}
