import type { Histogram } from './metrics.js';

/** TimeUnit is the unit a {@link Timer} reports in: seconds (default), ms, µs or ns. */
export type TimeUnit = 's' | 'ms' | 'us' | 'ns';

/** TimerOptions configures {@link createTimer}. */
export interface TimerOptions {
  /** unit of the observed value; default `'s'` (Go kit's default `time.Second`). */
  unit?: TimeUnit;
  /** now returns the current time in milliseconds; default `performance.now`. */
  now?: () => number;
}

/**
 * Timer measures the time since it was created and observes it into a histogram (Go kit's
 * `metrics.Timer`).
 */
export interface Timer {
  /** elapsed returns the time since the timer started, in the timer's unit. */
  elapsed(): number;
  /** observeDuration observes {@link Timer.elapsed} into the histogram and returns it. */
  observeDuration(): number;
}

const msPerUnit: Readonly<Record<TimeUnit, number>> = { s: 1000, ms: 1, us: 0.001, ns: 0.000001 };

/**
 * createTimer starts a timer that observes elapsed time into histogram, in seconds unless
 * `unit` says otherwise (e.g. `'ms'` for a StatsD timing). Negative durations (a clock step)
 * are observed as 0.
 */
export function createTimer(histogram: Histogram, options: TimerOptions = {}): Timer {
  const now = options.now ?? (() => performance.now());
  const divisor = msPerUnit[options.unit ?? 's'];
  if (divisor === undefined) throw new TypeError(`createTimer: unknown unit ${options.unit}`);
  const start = now();
  const elapsed = (): number => Math.max(0, (now() - start) / divisor);
  return {
    elapsed,
    observeDuration() {
      const d = elapsed();
      histogram.observe(d);
      return d;
    },
  };
}
