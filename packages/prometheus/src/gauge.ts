/**
 * The Prometheus gauge (Go kit's `prometheus.Gauge`): a prom-client `Gauge` behind svckit's
 * {@link Gauge} interface. The bound series keeps the current value and hands it to prom-client
 * when it collects (each scrape).
 */
import { Gauge as PromGauge } from 'prom-client';
import type { Gauge } from '@svckit/core/metrics';
import { cachedWith, labelSpace, resolveCell } from './labels.js';
import type { LabelSpace, Values } from './labels.js';
import { beforeCollect, promConfig, promLabelNames, promName } from './registry.js';
import type { AnyRegistry, MetricOptions } from './registry.js';

/** GaugeOptions configure {@link newGaugeFrom}. */
export type GaugeOptions = MetricOptions;

interface GaugeCell {
  readonly labels: Record<string, string>;
  value: number;
  dirty: boolean;
}

/**
 * newGaugeFrom creates a prom-client gauge, registers it (with `registry`, else
 * `options.registry`, else {@link defaultRegistry}) and returns it as a svckit {@link Gauge}
 * (Go kit's `prometheus.NewGaugeFrom`).
 */
export function newGaugeFrom(options: GaugeOptions, registry?: AnyRegistry): Gauge {
  const prom = new PromGauge(promConfig(options, registry));
  return newGauge(prom);
}

/**
 * newGauge wraps an existing prom-client gauge (Go kit's `prometheus.NewGauge(gv)`). svckit then
 * owns the values of the series it touches: use one wrapper per prom-client gauge.
 */
export function newGauge(prom: PromGauge): Gauge {
  const names = promLabelNames(prom);
  const space = labelSpace<GaugeCell>(promName(prom), names, (labels) => {
    prom.set(labels, 0);
    return { labels, value: 0, dirty: false };
  });
  beforeCollect(prom, () => {
    for (const cell of space.cells.values()) {
      if (!cell.dirty) continue;
      cell.dirty = false;
      prom.set(cell.labels, cell.value);
    }
  });
  return boundGauge(space, new Array<undefined>(names.length));
}

function boundGauge(space: LabelSpace<GaugeCell>, values: Values): Gauge {
  let cell: GaugeCell | undefined;
  const check = (what: string, n: number): void => {
    if (typeof n !== 'number') {
      throw new TypeError(`prometheus: gauge "${space.metric}": ${what} must be a number`);
    }
  };
  return {
    with: cachedWith(space, values, (v) => boundGauge(space, v)),
    set(value: number): void {
      check('value', value);
      const c = (cell ??= resolveCell(space, values));
      c.value = value;
      c.dirty = true;
    },
    add(delta: number): void {
      check('delta', delta);
      const c = (cell ??= resolveCell(space, values));
      c.value += delta;
      c.dirty = true;
    },
  };
}
