/**
 * Failer may be implemented by a response that carries a business error inside a successful
 * result (Go kit's `endpoint.Failer`). Transports and middlewares inspect it to tell business
 * failures (e.g. "empty string") from transport failures: a breaker should not trip on them,
 * metrics label them separately, an HTTP encoder may map them to a 4xx.
 */
export interface Failer {
  /** failed returns the business error, or undefined when the call succeeded. */
  failed(): Error | undefined;
}

/** isFailer reports whether value structurally implements {@link Failer}. */
export function isFailer(value: unknown): value is Failer {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { failed?: unknown }).failed === 'function'
  );
}

/**
 * failedError returns the business error carried by response when it is a {@link Failer}
 * whose `failed()` returns an error, and undefined otherwise.
 */
export function failedError(response: unknown): Error | undefined {
  return isFailer(response) ? response.failed() : undefined;
}
