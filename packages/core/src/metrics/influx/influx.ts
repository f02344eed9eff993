import type { Counter, Gauge, Histogram } from '../metrics.js';
import type { Provider } from '../provider.js';
import type { Logger } from '../../log/index.js';
import { createHistogram, defaultBuckets } from '../generic/histogram.js';
import type { GenericHistogram } from '../generic/histogram.js';
import { createFlusher } from '../internal/flusher.js';
import { createSeriesMap, labelPairs } from '../internal/series.js';
import type { SeriesMap } from '../internal/series.js';
import { formatPoint } from './line-protocol.js';
import type { Precision } from './line-protocol.js';
import { createWriter, InfluxWriteError } from './write-api.js';

/**
 * InfluxOptions configures {@link createInflux}. Give `database` for the InfluxDB 1.x API
 * (`POST /write?db=`) or `org` and `bucket` for 2.x (`POST /api/v2/write`).
 */
export interface InfluxOptions {
  /** url of the server, e.g. `http://127.0.0.1:8086`. */
  url: string;
  /** database (1.x). */
  database?: string;
  /** retentionPolicy (1.x `rp`). */
  retentionPolicy?: string;
  /** username and password (1.x) are sent as HTTP Basic auth. */
  username?: string;
  /** password for username. */
  password?: string;
  /** org (2.x). */
  org?: string;
  /** bucket (2.x). */
  bucket?: string;
  /** token is sent as `Authorization: Token <token>` (2.x, and 1.8+ compatibility API). */
  token?: string;
  /** precision of timestamps; default 'ms'. */
  precision?: Precision;
  /** tags are constant label name/value pairs added to every point. */
  tags?: readonly string[];
  /** prefix is prepended to every measurement name. */
  prefix?: string;
  /** flushIntervalMs between writes; default 1000; 0 writes only on demand and on stop. */
  flushIntervalMs?: number;
  /** maxBatchPoints bounds the points of one request; default 5000. */
  maxBatchPoints?: number;
  /** timeoutMs bounds one request; default 10000. */
  timeoutMs?: number;
  /** maxRetainedBytes keeps points a down or failing (5xx) server could not take; default 1 MiB. */
  maxRetainedBytes?: number;
  /** onError receives write failures (default: the logger, if any). */
  onError?: (err: Error) => void;
  /** logger receives failures when no onError is given. */
  logger?: Logger;
  /** now returns the time in ms; default Date.now. */
  now?: () => number;
  /** fetch replaces the global fetch. */
  fetch?: typeof fetch;
}

/**
 * Influx batches points into InfluxDB line protocol over its HTTP write API (Go kit's
 * `metrics/influx`): per flush, counters write field `count` (the delta), gauges `value`, and
 * histograms `p50`, `p90`, `p95`, `p99` of that flush's observations; tags from `with`.
 */
export interface Influx {
  /** newCounter returns a counter written as field `count`. */
  newCounter(name: string): Counter;
  /** newGauge returns a gauge written as field `value`. */
  newGauge(name: string): Gauge;
  /** newHistogram returns a histogram written as fields `p50 p90 p95 p99`. */
  newHistogram(name: string, buckets?: number): Histogram;
  /** drain renders one flush's points (Go kit's `WriteTo`) without sending them. */
  drain(): string;
  /** flush writes one flush's points now. */
  flush(): Promise<void>;
  /** stop writes what is left and stops the timer. */
  stop(): Promise<void>;
}

interface Entry {
  dirty: boolean;
  point: () => Array<readonly [string, number]>;
  name: string;
  lvs: readonly string[];
}

/** createInflux returns a client writing to the server at `url`. */
export function createInflux(options: InfluxOptions): Influx {
  const precision = options.precision ?? 'ms';
  const prefix = options.prefix ?? '';
  const now = options.now ?? Date.now;
  const maxBatch = options.maxBatchPoints ?? 5000;
  const constantTags = labelPairs(options.tags ?? []);
  const post = createWriter(options, precision);
  const dirty: Entry[] = [];
  const mark = (e: Entry): void => {
    if (!e.dirty) {
      e.dirty = true;
      dirty.push(e);
    }
  };

  const drain = (): string => {
    const t = now();
    let out = '';
    for (const e of dirty) {
      e.dirty = false;
      const tags = constantTags.concat(labelPairs(e.lvs));
      out += formatPoint(
        { measurement: prefix + e.name, tags, fields: e.point(), timeMs: t },
        precision,
      );
    }
    dirty.length = 0;
    return out;
  };

  const send = async (text: string): Promise<void> => {
    const lines = text.split('\n').filter((l) => l !== '');
    for (let i = 0; i < lines.length; i += maxBatch) {
      const batch = lines.slice(i, i + maxBatch);
      try {
        await post(batch.join('\n') + '\n');
      } catch (err) {
        // Keep the batches not yet accepted together, so a retry resends exactly those.
        (err as { unsent?: string }).unsent = lines.slice(i).join('\n') + '\n';
        throw err;
      }
    }
  };

  const flusher = createFlusher(
    drain,
    send,
    (err) =>
      err instanceof InfluxWriteError &&
      (err.status === 0 || err.status >= 500 || err.status === 429),
    {
      intervalMs: options.flushIntervalMs ?? 1000,
      maxRetainedBytes: options.maxRetainedBytes ?? 1 << 20,
      onError: options.onError,
      logger: options.logger,
    },
  );

  return {
    newCounter(name) {
      const fam: SeriesMap<Counter> = createSeriesMap<Counter>((lvs) => {
        let delta = 0;
        const e: Entry = {
          dirty: false,
          name,
          lvs,
          point() {
            const v = delta;
            delta = 0;
            return [['count', v]];
          },
        };
        return {
          with: (...more) => fam.with(lvs, more),
          add(d) {
            if (!Number.isFinite(d)) return;
            delta += d;
            mark(e);
          },
        };
      });
      return fam.get([]);
    },
    newGauge(name) {
      const fam: SeriesMap<Gauge> = createSeriesMap<Gauge>((lvs) => {
        let value = 0;
        const e: Entry = { dirty: false, name, lvs, point: () => [['value', value]] };
        return {
          with: (...more) => fam.with(lvs, more),
          set(v) {
            if (!Number.isFinite(v)) return;
            value = v;
            mark(e);
          },
          add(d) {
            if (!Number.isFinite(d)) return;
            value += d;
            mark(e);
          },
        };
      });
      return fam.get([]);
    },
    newHistogram(name, buckets = defaultBuckets) {
      createHistogram(name, buckets); // validates buckets
      const fam: SeriesMap<Histogram> = createSeriesMap<Histogram>((lvs) => {
        const h: GenericHistogram = createHistogram(name, buckets);
        const e: Entry = {
          dirty: false,
          name,
          lvs,
          point() {
            const fields: Array<readonly [string, number]> = [
              ['p50', h.quantile(0.5)],
              ['p90', h.quantile(0.9)],
              ['p95', h.quantile(0.95)],
              ['p99', h.quantile(0.99)],
            ];
            h.reset();
            return fields;
          },
        };
        return {
          with: (...more) => fam.with(lvs, more),
          observe(v) {
            if (!Number.isFinite(v)) return;
            h.observe(v);
            mark(e);
          },
        };
      });
      return fam.get([]);
    },
    drain,
    flush: flusher.flush,
    stop: () => flusher.stop(() => Promise.resolve()),
  };
}

/** influxProvider adapts an {@link Influx} to a {@link Provider}. */
export function influxProvider(influx: Influx): Provider {
  return {
    newCounter: (name) => influx.newCounter(name),
    newGauge: (name) => influx.newGauge(name),
    newHistogram: (name, buckets) => influx.newHistogram(name, buckets),
    stop: () => influx.stop(),
  };
}
