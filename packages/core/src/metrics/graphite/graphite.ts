import type { Counter, Gauge, Histogram } from '../metrics.js';
import type { Provider } from '../provider.js';
import type { Logger } from '../../log/index.js';
import { isConnectionUnavailable } from '../../util/conn/index.js';
import { createCounter } from '../generic/counter.js';
import type { GenericCounter } from '../generic/counter.js';
import { createGauge } from '../generic/gauge.js';
import type { GenericGauge } from '../generic/gauge.js';
import { createHistogram, defaultBuckets } from '../generic/histogram.js';
import type { GenericHistogram } from '../generic/histogram.js';
import { createFlusher } from '../internal/flusher.js';
import { labelPairs } from '../internal/series.js';
import { createTransport } from '../internal/transport.js';
import type { TransportOptions } from '../internal/transport.js';

/** GraphiteOptions configures {@link createGraphite}; the network defaults to TCP 127.0.0.1:2003. */
export interface GraphiteOptions extends TransportOptions {
  /** prefix is prepended to every metric name, e.g. `'myservice.'`. */
  prefix?: string;
  /** flushIntervalMs between flushes; default 1000; 0 flushes only on demand and on stop. */
  flushIntervalMs?: number;
  /**
   * tags sends label pairs as Graphite 1.1 tags (`name;k=v`). Default false: labels are
   * dropped and every `with` shares one series, as in Go kit.
   */
  tags?: boolean;
  /** maxRetainedBytes keeps lines a down collector could not take; default 1 MiB. */
  maxRetainedBytes?: number;
  /** onError receives send failures (default: the logger, if any). */
  onError?: (err: Error) => void;
  /** logger receives failures when no onError is given. */
  logger?: Logger;
  /** now returns the time in ms; default Date.now. */
  now?: () => number;
}

/**
 * Graphite sends the plaintext protocol, `name value unix_seconds\n` (Go kit's
 * `metrics/graphite`): each flush, counters send their delta since the previous flush, gauges
 * their value, and histograms `.p50 .p90 .p95 .p99` of the observations since the previous
 * flush (nothing when there were none).
 */
export interface Graphite {
  /** newCounter returns a counter. */
  newCounter(name: string): GenericCounter;
  /** newGauge returns a gauge. */
  newGauge(name: string): GenericGauge;
  /** newHistogram returns a histogram whose estimator keeps `buckets` centroids (default 50). */
  newHistogram(name: string, buckets?: number): GenericHistogram;
  /** drain renders the lines of one flush (Go kit's `WriteTo`) without sending them. */
  drain(): string;
  /** flush sends one flush's lines now. */
  flush(): Promise<void>;
  /** stop flushes, waits for pending sends and closes the connection. */
  stop(): Promise<void>;
}

/** defaultGraphitePort is Carbon's plaintext port. */
export const defaultGraphitePort = 2003;

/** createGraphite returns a Graphite client flushing every `flushIntervalMs` and on stop. */
export function createGraphite(options: GraphiteOptions = {}): Graphite {
  const prefix = options.prefix ?? '';
  const useTags = options.tags ?? false;
  const now = options.now ?? Date.now;
  const transport = createTransport({ protocol: 'tcp', ...options }, defaultGraphitePort);
  const counters: GenericCounter[] = [];
  const gauges: GenericGauge[] = [];
  const histograms: GenericHistogram[] = [];

  const seriesName = (name: string, lvs: readonly string[], suffix = ''): string => {
    let out = cleanName(prefix + name) + suffix;
    if (useTags)
      for (const [k, v] of labelPairs(lvs)) out += `;${cleanTag(k)}=${cleanTag(v) || 'unknown'}`;
    return out;
  };

  const drain = (): string => {
    const ts = Math.floor(now() / 1000);
    let out = '';
    for (const family of counters) {
      family.series(
        (c) => void (out += `${seriesName(c.name, c.labelValues())} ${c.valueReset()} ${ts}\n`),
      );
    }
    for (const family of gauges) {
      family.series(
        (g) => void (out += `${seriesName(g.name, g.labelValues())} ${g.value()} ${ts}\n`),
      );
    }
    for (const family of histograms) {
      family.series((h) => {
        if (h.count() === 0) return;
        for (const [suffix, q] of quantiles) {
          out += `${seriesName(h.name, h.labelValues(), suffix)} ${h.quantile(q)} ${ts}\n`;
        }
        h.reset();
      });
    }
    return out;
  };

  const flusher = createFlusher(drain, (text) => transport.send(text), isConnectionUnavailable, {
    intervalMs: options.flushIntervalMs ?? 1000,
    maxRetainedBytes: options.maxRetainedBytes ?? 1 << 20,
    onError: options.onError,
    logger: options.logger,
    ready: transport.ready,
  });

  // Without tags, labels are dropped: `with` returns the same (unlabelled) series.
  const untagged = <T extends { with(...lvs: string[]): T }>(m: T): T => {
    if (useTags) return m;
    const wrapper: T = { ...m, with: () => wrapper };
    return wrapper;
  };

  return {
    newCounter(name) {
      const c = createCounter(name);
      counters.push(c);
      return untagged(c);
    },
    newGauge(name) {
      const g = createGauge(name);
      gauges.push(g);
      return untagged(g);
    },
    newHistogram(name, buckets = defaultBuckets) {
      const h = createHistogram(name, buckets);
      histograms.push(h);
      return untagged(h);
    },
    drain,
    flush: flusher.flush,
    stop: () => flusher.stop(() => transport.close()),
  };
}

/** graphiteProvider adapts a {@link Graphite} to a {@link Provider} (Go kit's `NewGraphiteProvider`). */
export function graphiteProvider(graphite: Graphite): Provider {
  return {
    newCounter: (name): Counter => graphite.newCounter(name),
    newGauge: (name): Gauge => graphite.newGauge(name),
    newHistogram: (name, buckets): Histogram => graphite.newHistogram(name, buckets),
    stop: () => graphite.stop(),
  };
}

const quantiles: ReadonlyArray<readonly [string, number]> = [
  ['.p50', 0.5],
  ['.p90', 0.9],
  ['.p95', 0.95],
  ['.p99', 0.99],
];

function cleanName(name: string): string {
  return name.replace(/[\s;]/g, '_');
}

function cleanTag(text: string): string {
  return text.replace(/[\s;!^=~]/g, '_');
}
