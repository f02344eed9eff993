import { codeOf } from './code-of.js';

/**
 * isCalleeFailure reports whether err says the callee failed — `unavailable`,
 * `deadline_exceeded`, `internal`, `unknown` or `data_loss` (connection errors included, as
 * they are `unavailable`) — rather than that the caller made a mistake (`invalid_argument`,
 * `not_found`, `permission_denied`, `unauthenticated`, `failed_precondition`, ...), hit a
 * limit (`resource_exhausted`: the callee answered, and sending more makes it worse), lost a
 * race (`aborted`) or gave up (`canceled`).
 *
 * It is the default of both resilience decisions: a circuit breaker counts only these as
 * failures, and `retry` retries only these (a plain `Error` is `unknown`: retried, as Go kit's
 * `lb.Retry` does).
 */
export function isCalleeFailure(err: unknown): boolean {
  switch (codeOf(err)) {
    case 'unavailable':
    case 'deadline_exceeded':
    case 'internal':
    case 'unknown':
    case 'data_loss':
      return true;
    default:
      return false;
  }
}

/** maxDepth bounds how many `cause` links {@link retryAfterMs} follows. */
const maxDepth = 8;

/**
 * retryAfterMs returns the delay, in ms, after which the callee said a retry may succeed, or
 * undefined: the structural `retryAfterMs` property of err or of one of its causes. svckit's
 * HTTP client sets it from a `Retry-After` header, a gRPC client from
 * `grpc-retry-pushback-ms`; a `ServiceError` takes it as an option.
 */
export function retryAfterMs(err: unknown): number | undefined {
  let value = err;
  for (let depth = 0; depth < maxDepth; depth++) {
    if (typeof value !== 'object' || value === null) return undefined;
    const ms = (value as { retryAfterMs?: unknown }).retryAfterMs;
    if (typeof ms === 'number' && ms >= 0 && ms < Infinity) return ms;
    value = (value as { cause?: unknown }).cause;
  }
  return undefined;
}
