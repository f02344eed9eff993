/**
 * CanceledError is the reason a context's signal carries when the context was cancelled
 * explicitly (its cancel function was called, or a parent was cancelled). The message matches
 * Go's `context.Canceled` so errors read the same across svckit and Go kit services.
 */
export class CanceledError extends Error {
  override readonly name = 'CanceledError';
  /** code is a stable machine-readable tag for the error. */
  readonly code = 'CANCELED';
  constructor(message = 'context canceled') {
    super(message);
  }
}

/**
 * DeadlineExceededError is the reason a context's signal carries when its deadline passed.
 * The message matches Go's `context.DeadlineExceeded`.
 */
export class DeadlineExceededError extends Error {
  override readonly name = 'DeadlineExceededError';
  /** code is a stable machine-readable tag for the error. */
  readonly code = 'DEADLINE_EXCEEDED';
  constructor(message = 'context deadline exceeded') {
    super(message);
  }
}

/** isCanceled reports whether err is a {@link CanceledError} (checked structurally by code). */
export function isCanceled(err: unknown): err is CanceledError {
  return hasCode(err, 'CANCELED');
}

/** isDeadlineExceeded reports whether err is a {@link DeadlineExceededError} (checked by code). */
export function isDeadlineExceeded(err: unknown): err is DeadlineExceededError {
  return hasCode(err, 'DEADLINE_EXCEEDED');
}

function hasCode(err: unknown, code: string): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === code;
}
