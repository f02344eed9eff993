import type { Counter, Gauge, Histogram } from './metrics.js';

/**
 * Provider creates metrics for one backend by name, so an application can switch backends in
 * one place (Go kit's `metrics/provider.Provider`). Every backend entry point exports a factory
 * that returns one.
 */
export interface Provider {
  /** newCounter returns a counter called name. */
  newCounter(name: string): Counter;
  /** newGauge returns a gauge called name. */
  newGauge(name: string): Gauge;
  /**
   * newHistogram returns a histogram called name; buckets is the number of bins an in-memory
   * estimator keeps (backends that aggregate elsewhere ignore it).
   */
  newHistogram(name: string, buckets?: number): Histogram;
  /** stop flushes what is buffered and releases timers and sockets. */
  stop(): Promise<void>;
}
