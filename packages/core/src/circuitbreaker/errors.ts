/**
 * CircuitOpenError is the error a circuit breaker fails fast with while it is open: the call
 * never reaches the endpoint. The message matches Go kit's gobreaker middleware
 * (`gobreaker.ErrOpenState`, "circuit breaker is open"). Every svckit breaker adapter
 * (native, opossum, cockatiel) rejects with it, so callers test one class. It is a
 * `StatusCoder` (503 Service Unavailable) for HTTP transports.
 */
export class CircuitOpenError extends Error {
  override readonly name: string = 'CircuitOpenError';
  /** code is a stable machine-readable tag for the error. */
  readonly code: string = 'CIRCUIT_OPEN';
  constructor(message = 'circuit breaker is open', options?: ErrorOptions) {
    super(message, options);
  }
  /** statusCode returns 503: the dependency is unavailable for now. */
  statusCode(): number {
    return 503;
  }
}

/**
 * TooManyRequestsError is the error a half-open breaker rejects with once its probe calls are
 * all taken (gobreaker's `ErrTooManyRequests`, "too many requests"). It extends
 * {@link CircuitOpenError}, so `instanceof CircuitOpenError` catches both fail-fast cases.
 */
export class TooManyRequestsError extends CircuitOpenError {
  override readonly name: string = 'TooManyRequestsError';
  override readonly code: string = 'CIRCUIT_TOO_MANY_REQUESTS';
  constructor(message = 'too many requests', options?: ErrorOptions) {
    super(message, options);
  }
}

/** isCircuitOpen reports whether err is a {@link CircuitOpenError} (or a subclass). */
export function isCircuitOpen(err: unknown): err is CircuitOpenError {
  return err instanceof CircuitOpenError;
}
