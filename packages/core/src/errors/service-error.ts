import type { Code } from './code.js';

/** ServiceErrorOptions are the optional parts of a {@link ServiceError}. */
export interface ServiceErrorOptions {
  /**
   * details are structured facts for the caller (gRPC's `google.rpc.Status.details`: field
   * violations, quota failures, ...). Default: none.
   */
  readonly details?: readonly unknown[] | undefined;
  /** cause is the error this one wraps (the standard `Error` cause). */
  readonly cause?: unknown;
  /**
   * reason is the proximate cause as an UPPER_SNAKE_CASE constant (`google.rpc.ErrorInfo`'s
   * `reason`), finer than the code: `RATE_LIMITED`, `CIRCUIT_OPEN`, `EMAIL_TAKEN`.
   */
  readonly reason?: string | undefined;
  /**
   * retryAfterMs tells callers when a retry may succeed; HTTP servers send it as `Retry-After`,
   * svckit's `retry` waits that long before the next attempt.
   */
  readonly retryAfterMs?: number | undefined;
}

const noDetails: readonly unknown[] = Object.freeze([]);

/**
 * ServiceError is an error with a canonical {@link Code}: what a service throws when a call
 * must fail with a meaning every transport can carry. Over HTTP it becomes the code's status
 * (`invalid_argument` is 400, `not_found` 404, ...) with the message as the body; over gRPC the
 * code's status; over JSON-RPC the code's error code. Every error svckit raises is one.
 *
 * Errors are recognised by their `code` (and `reason`), never by `instanceof`: two copies of
 * svckit in one process still agree, and any object with a canonical `code` counts.
 *
 * @example
 * if (typeof req.a !== 'number') throw new ServiceError('invalid_argument', 'a must be a number');
 */
export class ServiceError extends Error {
  override readonly name: string = 'ServiceError';
  /** code is the canonical code. */
  readonly code: Code;
  /** details are structured facts for the caller; empty unless given. */
  readonly details: readonly unknown[];
  /** reason is the proximate cause (UPPER_SNAKE_CASE), when one was given. */
  readonly reason: string | undefined;
  /** retryAfterMs is when a retry may succeed, in ms, when known. */
  readonly retryAfterMs: number | undefined;

  constructor(code: Code, message: string, options: ServiceErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.details = options.details ?? noDetails;
    this.reason = options.reason;
    this.retryAfterMs = options.retryAfterMs;
  }
}
