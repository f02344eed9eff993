import type { Provider } from '../provider.js';
import { sampleRateSuffix, sanitize } from '../internal/statsd-engine.js';
import type { LineEncoder } from '../internal/statsd-engine.js';
import { createTaggedStatsd, taggedStatsdProvider } from '../internal/statsd-client.js';
import type { TaggedStatsd, TaggedStatsdOptions } from '../internal/statsd-client.js';
import { labelPairs } from '../internal/series.js';

/** InfluxstatsdOptions are the StatsD options plus constant `tags` (name/value pairs). */
export type InfluxstatsdOptions = TaggedStatsdOptions;

/**
 * Influxstatsd is a buffered client for Telegraf's StatsD input in Influx style (Go kit's
 * `metrics/influxstatsd`): tags go after the name, `name,k=v:1|c`. Counters (`|c`) are summed
 * per flush, histograms are `|h`, timings `|ms`; gauges (`|g`) add as `+d`/`-d`.
 */
export type Influxstatsd = TaggedStatsd;

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
  return createTaggedStatsd(influxstatsdEncoder(options.tags), options);
}

/** influxstatsdProvider adapts an {@link Influxstatsd} to a {@link Provider} (sample rate 1). */
export function influxstatsdProvider(client: Influxstatsd): Provider {
  return taggedStatsdProvider(client);
}
