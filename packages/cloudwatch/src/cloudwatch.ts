/**
 * The CloudWatch metrics backend (Go kit's `metrics/cloudwatch`): counters, gauges and histograms
 * buffered in memory and sent with PutMetricData on `send()` or on an interval, in batches, with
 * histogram percentiles sent as separate metrics and labels as dimensions.
 */
import { CloudWatchClient, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import type { MetricDatum } from '@aws-sdk/client-cloudwatch';
import type { Context } from '@svckit/core/context';
import type { Logger } from '@svckit/core/log';
import type { Counter, Gauge, Histogram } from '@svckit/core/metrics';
import { withLabelValues } from '@svckit/core/metrics';
import { observeInto, percentileSuffix, quantiles } from './quantile.js';
import { cellFor } from './series.js';
import type { Cell, Store } from './series.js';

/** PutMetricDataClient is the part of the SDK's `CloudWatchClient` svckit uses. */
export interface PutMetricDataClient {
  send(command: PutMetricDataCommand): Promise<unknown>;
}

/** CloudWatchOptions configure {@link newCloudWatch}. */
export interface CloudWatchOptions {
  /** namespace of every metric, e.g. `MyService` (must not start with `AWS/`). */
  readonly namespace: string;
  /** client sends PutMetricData; default `new CloudWatchClient({})` (region from environment). */
  readonly client?: PutMetricDataClient;
  /** percentiles sent for each histogram, each in [0, 1]; default 0.5, 0.9, 0.95, 0.99. */
  readonly percentiles?: readonly number[];
  /** batchSize is the datums per PutMetricData call; default 20 (as Go kit), at most 1000. */
  readonly batchSize?: number;
  /** concurrency is how many PutMetricData calls run at once; default 10. */
  readonly concurrency?: number;
  /** maxObservations kept per histogram series per interval (then sampled); default 10000. */
  readonly maxObservations?: number;
  /** logger receives the errors of {@link CloudWatch.writeLoop}'s sends. */
  readonly logger?: Logger;
}

/** CloudWatch creates metrics and sends what they recorded (Go kit's `*cloudwatch.CloudWatch`). */
export interface CloudWatch {
  /** newCounter returns a counter; each send reports the sum added since the previous send. */
  newCounter(name: string): Counter;
  /** newGauge returns a gauge; each send reports its value if it was set or added to since. */
  newGauge(name: string): Gauge;
  /**
   * newHistogram returns a histogram; each send reports, for each configured percentile p, the
   * metric `<name>_<p*100>` (e.g. `latency_99`) over the observations since the previous send.
   */
  newHistogram(name: string): Histogram;
  /**
   * send reports everything recorded since the last send in PutMetricData calls of `batchSize`
   * datums. It rejects with an AggregateError listing the failed calls (the datums of those
   * calls are dropped, as in Go kit).
   */
  send(): Promise<void>;
  /**
   * writeLoop calls send every intervalMs until ctx is done, then sends once more and resolves.
   * Errors are logged (`logger`), never thrown (Go kit's `WriteLoop`).
   */
  writeLoop(ctx: Context, intervalMs: number): Promise<void>;
}

/** defaultPercentiles are the histogram percentiles sent unless told otherwise. */
export const defaultPercentiles: readonly number[] = [0.5, 0.9, 0.95, 0.99];

/** maxBatchSize is the most datums CloudWatch accepts in one PutMetricData call. */
export const maxBatchSize = 1000;

/** newCloudWatch creates a CloudWatch metrics backend (Go kit's `cloudwatch.New`). */
export function newCloudWatch(options: CloudWatchOptions): CloudWatch {
  const namespace = options.namespace;
  if (namespace === '' || namespace.startsWith('AWS/')) {
    throw new RangeError(`cloudwatch: invalid namespace "${namespace}"`);
  }
  const percentiles = [...(options.percentiles ?? defaultPercentiles)];
  for (const p of percentiles) {
    if (!(p >= 0 && p <= 1)) throw new RangeError(`cloudwatch: percentile ${p} not in [0, 1]`);
  }
  const suffixes = percentiles.map(percentileSuffix);
  const batchSize = positiveInt('batchSize', options.batchSize ?? 20, maxBatchSize);
  const concurrency = positiveInt('concurrency', options.concurrency ?? 10, 1000);
  const capacity = positiveInt('maxObservations', options.maxObservations ?? 10_000, 1e9);
  const client = options.client ?? new CloudWatchClient({});
  const counters: Store = new Map();
  const gauges: Store = new Map();
  const histograms: Store = new Map();

  const counter = (name: string, lvs: readonly string[]): Counter => {
    let cell: Cell | undefined;
    return {
      with: (...more) => counter(name, withLabelValues(lvs, more)),
      add(delta) {
        if (!(delta >= 0 && delta !== Infinity)) {
          throw new RangeError(`cloudwatch: counter "${name}": delta must be finite and >= 0`);
        }
        cell ??= cellFor(counters, name, lvs);
        cell.value += delta;
        cell.touched = true;
      },
    };
  };
  const gauge = (name: string, lvs: readonly string[]): Gauge => {
    let cell: Cell | undefined;
    const update = (value: number): void => {
      if (!Number.isFinite(value)) {
        throw new RangeError(`cloudwatch: gauge "${name}": value must be finite, got ${value}`);
      }
      (cell as Cell).value = value;
      (cell as Cell).touched = true;
    };
    return {
      with: (...more) => gauge(name, withLabelValues(lvs, more)),
      set(value) {
        cell ??= cellFor(gauges, name, lvs);
        update(value);
      },
      add(delta) {
        cell ??= cellFor(gauges, name, lvs);
        update(cell.value + delta);
      },
    };
  };
  const histogram = (name: string, lvs: readonly string[]): Histogram => {
    let cell: Cell | undefined;
    return {
      with: (...more) => histogram(name, withLabelValues(lvs, more)),
      observe(value) {
        if (!Number.isFinite(value)) {
          throw new RangeError(`cloudwatch: histogram "${name}": value must be finite`);
        }
        cell ??= cellFor(histograms, name, lvs);
        observeInto(cell.reservoir, value, capacity);
        cell.touched = true;
      },
    };
  };

  /** collect turns every touched series into datums and resets it. */
  const collect = (): MetricDatum[] => {
    const now = new Date();
    const datums: MetricDatum[] = [];
    const datum = (cell: Cell, name: string, value: number): void => {
      datums.push({
        MetricName: name,
        Timestamp: now,
        Value: value,
        ...(cell.dimensions.length > 0 ? { Dimensions: [...cell.dimensions] } : {}),
      });
    };
    for (const cell of counters.values()) {
      if (!cell.touched) continue;
      datum(cell, cell.name, cell.value);
      cell.value = 0;
      cell.touched = false;
    }
    for (const cell of gauges.values()) {
      if (!cell.touched) continue;
      datum(cell, cell.name, cell.value); // the value is kept for later adds
      cell.touched = false;
    }
    for (const cell of histograms.values()) {
      if (!cell.touched) continue;
      const values = quantiles(cell.reservoir.values, percentiles);
      values.forEach((v, i) => datum(cell, `${cell.name}_${suffixes[i] as string}`, v));
      cell.reservoir.values = [];
      cell.reservoir.seen = 0;
      cell.touched = false;
    }
    return datums;
  };

  const send = async (): Promise<void> => {
    const datums = collect();
    const batches: MetricDatum[][] = [];
    for (let i = 0; i < datums.length; i += batchSize) batches.push(datums.slice(i, i + batchSize));
    const errors: unknown[] = [];
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < batches.length) {
        const batch = batches[next++] as MetricDatum[];
        try {
          await client.send(new PutMetricDataCommand({ Namespace: namespace, MetricData: batch }));
        } catch (err) {
          errors.push(err);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, batches.length) }, worker));
    if (errors.length > 0) {
      const first = errors[0] instanceof Error ? errors[0].message : String(errors[0]);
      throw new AggregateError(
        errors,
        `cloudwatch: ${errors.length} of ${batches.length} PutMetricData calls failed: ${first}`,
      );
    }
  };

  const writeLoop = async (ctx: Context, intervalMs: number): Promise<void> => {
    positiveInt('intervalMs', intervalMs, 2 ** 31 - 1);
    const sendLogged = async (): Promise<void> => {
      try {
        await send();
      } catch (err) {
        options.logger?.log('msg', 'cloudwatch send failed', 'err', err);
      }
    };
    while (!ctx.signal.aborted) {
      const ticked = await new Promise<boolean>((resolve) => {
        const done = (): void => {
          clearTimeout(timer);
          resolve(false);
        };
        const timer = setTimeout(() => {
          ctx.signal.removeEventListener('abort', done);
          resolve(true);
        }, intervalMs);
        ctx.signal.addEventListener('abort', done, { once: true });
      });
      if (!ticked) break;
      await sendLogged();
    }
    await sendLogged();
  };

  return {
    newCounter: (name) => counter(name, []),
    newGauge: (name) => gauge(name, []),
    newHistogram: (name) => histogram(name, []),
    send,
    writeLoop,
  };
}

function positiveInt(what: string, n: number, max: number): number {
  if (!Number.isInteger(n) || n < 1 || n > max) {
    throw new RangeError(`cloudwatch: ${what} must be an integer in [1, ${max}], got ${n}`);
  }
  return n;
}
