/**
 * Counter describes a metric that only goes up: requests served, errors seen (Go kit's
 * `metrics.Counter`). `with` returns a new counter bound to more label values and never mutates
 * the receiver.
 */
export interface Counter {
  /** with returns a counter with the given label name/value pairs appended. */
  with(...labelValues: string[]): Counter;
  /** add increases the counter by delta (delta must not be negative). */
  add(delta: number): void;
}

/**
 * Gauge describes a metric that takes a value that can go up and down: queue depth, in-flight
 * requests (Go kit's `metrics.Gauge`).
 */
export interface Gauge {
  /** with returns a gauge with the given label name/value pairs appended. */
  with(...labelValues: string[]): Gauge;
  /** set sets the gauge to value. */
  set(value: number): void;
  /** add adds delta (possibly negative) to the gauge. */
  add(delta: number): void;
}

/**
 * Histogram describes a metric that records observations into a distribution: latencies,
 * sizes (Go kit's `metrics.Histogram`).
 */
export interface Histogram {
  /** with returns a histogram with the given label name/value pairs appended. */
  with(...labelValues: string[]): Histogram;
  /** observe records one observation. */
  observe(value: number): void;
}

/** unknownLabelValue pads an odd list of label name/value pairs (Go kit's "unknown"). */
export const unknownLabelValue = 'unknown';

/**
 * withLabelValues returns `existing` followed by `more`, padding an odd `more` with
 * {@link unknownLabelValue}. It always returns a new array, so `with` never mutates the
 * original metric's labels.
 */
export function withLabelValues(
  existing: readonly string[],
  more: readonly string[],
): readonly string[] {
  const out = existing.concat(more);
  if (more.length % 2 === 1) out.push(unknownLabelValue);
  return out;
}
