import { ServiceError, reasonOf } from '../errors/index.js';

const openOptions = Object.freeze({ reason: 'CIRCUIT_OPEN' });

/**
 * CircuitOpenError is the error a circuit breaker fails fast with while it is open: the call
 * never reaches the endpoint. The message matches Go kit's gobreaker middleware
 * (`gobreaker.ErrOpenState`, "circuit breaker is open"). Every svckit breaker adapter
 * (native, opossum, cockatiel) rejects with it. Code `unavailable` (HTTP 503), reason
 * `CIRCUIT_OPEN`.
 */
export class CircuitOpenError extends ServiceError {
  override readonly name: string = 'CircuitOpenError';
  constructor(message = 'circuit breaker is open', options?: ErrorOptions) {
    super(
      'unavailable',
      message,
      options?.cause === undefined ? openOptions : { ...openOptions, cause: options.cause },
    );
  }
}

/**
 * TooManyRequestsError is the error a half-open breaker rejects with once its probe calls are
 * all taken (gobreaker's `ErrTooManyRequests`, "too many requests"). It extends
 * {@link CircuitOpenError}; code `unavailable`, reason `CIRCUIT_TOO_MANY_REQUESTS`.
 */
export class TooManyRequestsError extends CircuitOpenError {
  override readonly name: string = 'TooManyRequestsError';
  override readonly reason = 'CIRCUIT_TOO_MANY_REQUESTS';
  constructor(message = 'too many requests', options?: ErrorOptions) {
    super(message, options);
  }
}

/**
 * isCircuitOpen reports whether err is a breaker's fail-fast rejection, open or half-open
 * (reason `CIRCUIT_OPEN` or `CIRCUIT_TOO_MANY_REQUESTS`; checked structurally).
 */
export function isCircuitOpen(err: unknown): err is CircuitOpenError {
  const reason = reasonOf(err);
  return reason === 'CIRCUIT_OPEN' || reason === 'CIRCUIT_TOO_MANY_REQUESTS';
}
