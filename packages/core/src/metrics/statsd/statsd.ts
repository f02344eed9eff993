import type { Counter, Gauge, Histogram } from '../metrics.js';
import type { Provider } from '../provider.js';
import { createEngine, sampleRateSuffix, sanitize } from '../internal/statsd-engine.js';
import type { LineEncoder, StatsdOptions } from '../internal/statsd-engine.js';
import {
  defaultStatsdPort,
  statsdClient,
  statsdFamilyProvider,
} from '../internal/statsd-client.js';

/**
 * Statsd is a buffered StatsD client (Go kit's `metrics/statsd`): counters add up per flush
 * (`name:sum|c`), gauges send their last value (`name:v|g`, adds as `name:+d|g`), timings send
 * every observation (`name:v|ms`), with `|@rate` when sampled. StatsD has no tags: `with` is
 * accepted and ignored, as in Go kit.
 */
export interface Statsd {
  /** newCounter returns a counter; sampleRate in (0, 1] drops observations and appends `|@rate`. */
  newCounter(name: string, sampleRate?: number): Counter;
  /** newGauge returns a gauge. */
  newGauge(name: string): Gauge;
  /** newTiming returns a histogram of durations in milliseconds (`|ms`). */
  newTiming(name: string, sampleRate?: number): Histogram;
  /** drain renders and clears everything buffered (Go kit's `WriteTo`), without sending it. */
  drain(): string;
  /** flush sends everything buffered now. */
  flush(): Promise<void>;
  /** stop flushes, waits for pending sends and closes the socket. */
  stop(): Promise<void>;
}

/** statsdEncoder renders plain StatsD lines; `:`, `|`, `@` and line breaks in names become `_`. */
export const statsdEncoder: LineEncoder = {
  labels: false,
  relativeGauges: true,
  head: (name) => sanitize(name, /[:|@\r\n]/g) + ':',
  tail: (type, rate) => `|${type}${sampleRateSuffix(rate)}\n`,
};

/**
 * createStatsd returns a client sending to `host:port` (default 127.0.0.1:8125) over UDP in
 * datagrams of at most `maxPacketSize` bytes, or over TCP through a reconnecting manager, every
 * `flushIntervalMs` (default 1000, unref'd) and on `stop()`.
 */
export function createStatsd(options: StatsdOptions = {}): Statsd {
  return statsdClient(createEngine(statsdEncoder, options, defaultStatsdPort));
}

/**
 * statsdProvider adapts a {@link Statsd} to a {@link Provider}: histograms are timings, sample
 * rate 1 (Go kit's `provider.NewStatsdProvider`).
 */
export function statsdProvider(statsd: Statsd): Provider {
  return statsdFamilyProvider(statsd, (name) => statsd.newTiming(name));
}
