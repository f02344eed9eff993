/**
 * stackless constructs an error without capturing a stack trace. Fail-fast rejections (open
 * breaker, rate limit, full bulkhead) are the hot path of an overloaded service, and capturing
 * a stack costs ten times more than the rest of the rejection, while it would only ever point
 * at the same line of the middleware (Go kit returns sentinel errors there). Internal to core.
 */
export function stackless<E extends Error>(make: () => E): E {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return make();
  } finally {
    Error.stackTraceLimit = limit;
  }
}
