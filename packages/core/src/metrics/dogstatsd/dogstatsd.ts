import type { Provider } from '../provider.js';
import { sampleRateSuffix, sanitize } from '../internal/statsd-engine.js';
import type { LineEncoder } from '../internal/statsd-engine.js';
import { createTaggedStatsd, taggedStatsdProvider } from '../internal/statsd-client.js';
import type { TaggedStatsd, TaggedStatsdOptions } from '../internal/statsd-client.js';
import { labelPairs } from '../internal/series.js';

/** DogstatsdOptions are the StatsD options plus constant `tags` (name/value pairs). */
export type DogstatsdOptions = TaggedStatsdOptions;

/**
 * Dogstatsd is a buffered DogStatsD client (Go kit's `metrics/dogstatsd`): StatsD lines plus
 * `|#k:v,...` tags from `with` and histograms (`|h`). Counters (`|c`) are summed per flush,
 * timings are `|ms`. Gauges (`|g`) are sent as absolute values (the Datadog agent has no
 * relative gauges).
 */
export type Dogstatsd = TaggedStatsd;

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
  return createTaggedStatsd(dogstatsdEncoder(options.tags), options);
}

/** dogstatsdProvider adapts a {@link Dogstatsd} to a {@link Provider} (sample rate 1). */
export function dogstatsdProvider(dogstatsd: Dogstatsd): Provider {
  return taggedStatsdProvider(dogstatsd);
}
