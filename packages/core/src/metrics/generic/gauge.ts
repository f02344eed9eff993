import type { Gauge } from '../metrics.js';
import { createSeriesMap } from '../internal/series.js';
import type { SeriesMap } from '../internal/series.js';

/** GenericGauge is an in-memory gauge (Go kit's `generic.Gauge`). */
export interface GenericGauge extends Gauge {
  /** name of the metric family. */
  readonly name: string;
  /** labelValues are this series' label name/value pairs. */
  labelValues(): readonly string[];
  with(...labelValues: string[]): GenericGauge;
  /** value returns the current value. */
  value(): number;
  /** series visits every labelled series of the family, this one's included. */
  series(fn: (gauge: GenericGauge) => void): void;
}

/** createGauge returns a new in-memory gauge family called name, starting at 0. */
export function createGauge(name: string): GenericGauge {
  const family: SeriesMap<GenericGauge> = createSeriesMap((lvs) => makeGauge(name, lvs, family));
  return family.get([]);
}

function makeGauge(
  name: string,
  lvs: readonly string[],
  family: SeriesMap<GenericGauge>,
): GenericGauge {
  let current = 0;
  return {
    name,
    labelValues: () => lvs,
    with: (...more) => family.with(lvs, more),
    set(value) {
      current = value;
    },
    add(delta) {
      current += delta;
    },
    value: () => current,
    series: (fn) => family.forEach((g) => fn(g)),
  };
}
