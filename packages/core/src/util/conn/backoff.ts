/** defaultInitialBackoffMs is the first wait after a failed dial (Go kit: one second). */
export const defaultInitialBackoffMs = 1000;

/** defaultMaxBackoffMs caps the back-off (Go kit: one minute). */
export const defaultMaxBackoffMs = 60_000;

/**
 * exponential returns the next back-off after `ms`: doubled, times a jitter in [0.5, 1.5),
 * capped at maxMs (Go kit's `conn.Exponential`).
 */
export function exponential(
  ms: number,
  maxMs: number = defaultMaxBackoffMs,
  random: () => number = Math.random,
): number {
  return Math.min(maxMs, ms * 2 * (random() + 0.5));
}
