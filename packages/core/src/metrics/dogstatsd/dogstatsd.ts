import type { Counter, Gauge, Histogram } from '../metrics.js';
import type { Provider } from '../provider.js';
import { createEngine, sampleRateSuffix, sanitize } from '../internal/statsd-engine.js';
import type { LineEncoder, StatsdOptions } from '../internal/statsd-engine.js';
import { labelPairs } from '../internal/series.js';

/** DogstatsdOptions adds constant tags to the StatsD options. */
export interface DogstatsdOptions extends StatsdOptions {
  /** tags are label name/value pairs added to every line, e.g. `['env', 'prod']`. */
  tags?: readonly string[];
}

/**
 * Dogstatsd is a buffered DogStatsD client (Go kit's `metrics/dogstatsd`): StatsD lines plus
 * `|#k:v,...` tags from `with` and histograms (`|h`). Gauges are sent as absolute values (the
 * Datadog agent has no relative gauges).
 */
export interface Dogstatsd {
  /** newCounter returns a counter (`|c`), summed per flush. */
  newCounter(name: string, sampleRate?: number): Counter;
  /** newGauge returns a gauge (`|g`). */
  newGauge(name: string): Gauge;
  /** newHistogram returns a histogram (`|h`), one line per observation. */
  newHistogram(name: string, sampleRate?: number): Histogram;
  /** newTiming returns a histogram of milliseconds (`|ms`). */
  newTiming(name: string, sampleRate?: number): Histogram;
  /** drain renders and clears everything buffered (Go kit's `WriteTo`), without sending it. */
  drain(): string;
  /** flush sends everything buffered now. */
  flush(): Promise<void>;
  /** stop flushes, waits for pending sends and closes the socket. */
  stop(): Promise<void>;
}

/** dogstatsdEncoder renders DogStatsD lines with the given constant tags. */
export function dogstatsdEncoder(constantTags: readonly string[] = []): LineEncoder {
  const tag = (s: string): string => sanitize(s, /[,|#\r\n]/g);
  return {
    labels: true,
    relativeGauges: false,
    head: (name) => sanitize(name, /[:|@#\r\n]/g) + ':',
    tail(type, rate, lvs) {
      const pairs = labelPairs(constantTags).concat(labelPairs(lvs));
      const tags = pairs.map(([k, v]) => `${tag(k)}:${tag(v)}`).join(',');
      return `|${type}${sampleRateSuffix(rate)}${tags === '' ? '' : `|#${tags}`}\n`;
    },
  };
}

/**
 * createDogstatsd returns a client for the Datadog agent (default 127.0.0.1:8125); options as
 * `createStatsd` plus constant `tags`.
 */
export function createDogstatsd(options: DogstatsdOptions = {}): Dogstatsd {
  const engine = createEngine(dogstatsdEncoder(options.tags), options, 8125);
  return {
    newCounter: (name, sampleRate = 1) => engine.counter(name, sampleRate),
    newGauge: (name) => engine.gauge(name),
    newHistogram: (name, sampleRate = 1) => engine.observer(name, 'h', sampleRate),
    newTiming: (name, sampleRate = 1) => engine.observer(name, 'ms', sampleRate),
    drain: engine.drain,
    flush: engine.flush,
    stop: engine.stop,
  };
}

/** dogstatsdProvider adapts a {@link Dogstatsd} to a {@link Provider} (sample rate 1). */
export function dogstatsdProvider(dogstatsd: Dogstatsd): Provider {
  return {
    newCounter: (name) => dogstatsd.newCounter(name),
    newGauge: (name) => dogstatsd.newGauge(name),
    newHistogram: (name) => dogstatsd.newHistogram(name),
    stop: () => dogstatsd.stop(),
  };
}
