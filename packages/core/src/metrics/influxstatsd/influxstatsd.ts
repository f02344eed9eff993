import type { Counter, Gauge, Histogram } from '../metrics.js';
import type { Provider } from '../provider.js';
import { createEngine, sampleRateSuffix, sanitize } from '../internal/statsd-engine.js';
import type { LineEncoder, StatsdOptions } from '../internal/statsd-engine.js';
import { labelPairs } from '../internal/series.js';

/** InfluxstatsdOptions adds constant tags to the StatsD options. */
export interface InfluxstatsdOptions extends StatsdOptions {
  /** tags are label name/value pairs added to every line, e.g. `['env', 'prod']`. */
  tags?: readonly string[];
}

/**
 * Influxstatsd is a buffered client for Telegraf's StatsD input in Influx style (Go kit's
 * `metrics/influxstatsd`): tags go after the name, `name,k=v:1|c`.
 */
export interface Influxstatsd {
  /** newCounter returns a counter (`|c`), summed per flush. */
  newCounter(name: string, sampleRate?: number): Counter;
  /** newGauge returns a gauge (`|g`; adds as `+d`/`-d`). */
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

/** influxstatsdEncoder renders Influx-style StatsD lines with the given constant tags. */
export function influxstatsdEncoder(constantTags: readonly string[] = []): LineEncoder {
  const part = (s: string): string => sanitize(s, /[,=: |\r\n]/g);
  return {
    labels: true,
    relativeGauges: true,
    head(name, lvs) {
      const pairs = labelPairs(constantTags).concat(labelPairs(lvs));
      let out = sanitize(name, /[,:| \r\n]/g);
      for (const [k, v] of pairs) out += `,${part(k)}=${part(v)}`;
      return out + ':';
    },
    tail: (type, rate) => `|${type}${sampleRateSuffix(rate)}\n`,
  };
}

/**
 * createInfluxstatsd returns a client for Telegraf's StatsD listener (default 127.0.0.1:8125);
 * options as `createStatsd` plus constant `tags`.
 */
export function createInfluxstatsd(options: InfluxstatsdOptions = {}): Influxstatsd {
  const engine = createEngine(influxstatsdEncoder(options.tags), options, 8125);
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

/** influxstatsdProvider adapts an {@link Influxstatsd} to a {@link Provider} (sample rate 1). */
export function influxstatsdProvider(client: Influxstatsd): Provider {
  return {
    newCounter: (name) => client.newCounter(name),
    newGauge: (name) => client.newGauge(name),
    newHistogram: (name) => client.newHistogram(name),
    stop: () => client.stop(),
  };
}
