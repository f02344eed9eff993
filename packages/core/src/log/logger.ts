/**
 * Logger is the one interface every svckit component logs through (go-kit/log's `Logger`):
 * alternating keys and values, e.g. `logger.log('method', 'uppercase', 'took', 12)`. It returns
 * nothing to await; implementations write synchronously or buffer, and never throw for a bad
 * value.
 */
export interface Logger {
  /** log records one event made of alternating keys and values. */
  log(...keyvals: unknown[]): void;
}
