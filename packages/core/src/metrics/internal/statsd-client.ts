/**
 * Internal: the client and provider objects of the StatsD dialects. Plain StatsD, DogStatsD and
 * Influx StatsD differ only in their {@link LineEncoder}; everything a user calls is built here
 * once over the shared engine.
 */
import type { Histogram } from '../metrics.js';
import type { Provider } from '../provider.js';
import type { Statsd } from '../statsd/statsd.js';
import { createEngine } from './statsd-engine.js';
import type { Engine, LineEncoder, StatsdOptions } from './statsd-engine.js';

/** defaultStatsdPort is StatsD's port, also the Datadog agent's and Telegraf's. */
export const defaultStatsdPort = 8125;

/** TaggedStatsdOptions adds constant tags to the StatsD options. */
export interface TaggedStatsdOptions extends StatsdOptions {
  /** tags are label name/value pairs added to every line, e.g. `['env', 'prod']`. */
  tags?: readonly string[];
}

/** TaggedStatsd is a StatsD client of a dialect with tags, which also has histograms (`|h`). */
export interface TaggedStatsd extends Statsd {
  /** newHistogram returns a histogram (`|h`), one line per observation. */
  newHistogram(name: string, sampleRate?: number): Histogram;
}

/** statsdClient exposes an engine as the methods every dialect's client has. */
export function statsdClient(engine: Engine): Statsd {
  return {
    newCounter: (name, sampleRate = 1) => engine.counter(name, sampleRate),
    newGauge: (name) => engine.gauge(name),
    newTiming: (name, sampleRate = 1) => engine.observer(name, 'ms', sampleRate),
    drain: engine.drain,
    flush: engine.flush,
    stop: engine.stop,
  };
}

/** createTaggedStatsd returns a client of a tagged dialect (default 127.0.0.1:8125). */
export function createTaggedStatsd(encoder: LineEncoder, options: StatsdOptions): TaggedStatsd {
  const engine = createEngine(encoder, options, defaultStatsdPort);
  return {
    ...statsdClient(engine),
    newHistogram: (name, sampleRate = 1) => engine.observer(name, 'h', sampleRate),
  };
}

/**
 * statsdFamilyProvider adapts a client to a {@link Provider} at sample rate 1, with histograms
 * from newHistogram (the Provider's `buckets` argument is not passed on: it is no sample rate).
 */
export function statsdFamilyProvider(
  client: Statsd,
  newHistogram: (name: string) => Histogram,
): Provider {
  return {
    newCounter: (name) => client.newCounter(name),
    newGauge: (name) => client.newGauge(name),
    newHistogram: (name) => newHistogram(name),
    stop: () => client.stop(),
  };
}

/** taggedStatsdProvider adapts a tagged client to a {@link Provider}: histograms are `|h`. */
export function taggedStatsdProvider(client: TaggedStatsd): Provider {
  return statsdFamilyProvider(client, (name) => client.newHistogram(name));
}
