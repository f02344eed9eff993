/**
 * The Prometheus counter (Go kit's `prometheus.Counter`): a prom-client `Counter` behind svckit's
 * {@link Counter} interface. Increments accumulate in the bound series and are handed to
 * prom-client when it collects (each scrape), so the hot path is one addition.
 */
import { Counter as PromCounter } from 'prom-client';
import type { Counter } from '@svckit/core/metrics';
import { cachedWith, labelSpace, resolveCell } from './labels.js';
import type { LabelSpace, Values } from './labels.js';
import { beforeCollect, promConfig, promLabelNames, promName } from './registry.js';
import type { AnyRegistry, MetricOptions } from './registry.js';

/** CounterOptions configure {@link newCounterFrom}. */
export type CounterOptions = MetricOptions;

interface CounterCell {
  readonly labels: Record<string, string>;
  pending: number;
}

/**
 * newCounterFrom creates a prom-client counter, registers it (with `registry`, else
 * `options.registry`, else {@link defaultRegistry}) and returns it as a svckit {@link Counter}
 * (Go kit's `prometheus.NewCounterFrom(opts, labelNames)`).
 *
 * @example
 * const requests = newCounterFrom({ name: 'http_requests_total', help: 'Requests.', labelNames: ['method'] });
 * requests.with('method', 'GET').add(1);
 */
export function newCounterFrom(options: CounterOptions, registry?: AnyRegistry): Counter {
  const prom = new PromCounter(promConfig(options, registry));
  return newCounter(prom);
}

/**
 * newCounter wraps an existing prom-client counter (Go kit's `prometheus.NewCounter(cv)`); its
 * declared label names are the ones `with` accepts. Use one wrapper per prom-client counter.
 */
export function newCounter(prom: PromCounter): Counter {
  const names = promLabelNames(prom);
  const space = labelSpace<CounterCell>(promName(prom), names, (labels) => {
    prom.inc(labels, 0); // the series exists (at 0) from its first use, as in client_golang
    return { labels, pending: 0 };
  });
  beforeCollect(prom, () => {
    for (const cell of space.cells.values()) {
      if (cell.pending === 0) continue;
      const delta = cell.pending;
      cell.pending = 0;
      prom.inc(cell.labels, delta);
    }
  });
  return boundCounter(space, new Array<undefined>(names.length));
}

function boundCounter(space: LabelSpace<CounterCell>, values: Values): Counter {
  let cell: CounterCell | undefined;
  return {
    with: cachedWith(space, values, (v) => boundCounter(space, v)),
    add(delta: number): void {
      if (!(delta >= 0 && delta !== Infinity)) {
        throw new RangeError(
          `prometheus: counter "${space.metric}": delta must be a finite number >= 0, got ${delta}`,
        );
      }
      (cell ??= resolveCell(space, values)).pending += delta;
    },
  };
}
