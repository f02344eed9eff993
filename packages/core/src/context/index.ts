/**
 * @module @svckit/core/context
 *
 * An explicit, immutable request context (Go's `context` package): cancellation through an
 * `AbortSignal`, deadlines that shrink but never grow down the call tree, and typed values
 * under typed keys. Every endpoint takes a {@link Context} as its first argument.
 *
 * Derivation is lazy: `withCancel`, `withDeadline`, `withTimeout` and `withSignal` create no
 * AbortController, listener or timer until someone reads `signal`, so the contexts the
 * library makes per call (a request's, a retry's, a timeout's) cost an object each.
 */
export type { Context } from './context.js';
export { background, withValue, remaining, contextError, isCancelable } from './context.js';
export type { CancelFunc, SignalSource } from './cancel.js';
export { withCancel, withDeadline, withTimeout, withSignal } from './cancel.js';
export type { ContextKey } from './key.js';
export { createKey } from './key.js';
export { CanceledError, DeadlineExceededError, isCanceled, isDeadlineExceeded } from './errors.js';
