import type { Counter } from '../metrics.js';
import { createSeriesMap } from '../internal/series.js';
import type { SeriesMap } from '../internal/series.js';

/**
 * GenericCounter is an in-memory counter (Go kit's `generic.Counter`). Every `with` call for the
 * same labels returns the same series, so `c.with('method', 'GET').add(1)` on each request
 * accumulates.
 */
export interface GenericCounter extends Counter {
  /** name of the metric family. */
  readonly name: string;
  /** labelValues are this series' label name/value pairs. */
  labelValues(): readonly string[];
  with(...labelValues: string[]): GenericCounter;
  /** value returns the current total. */
  value(): number;
  /** valueReset returns the current total and resets it to 0 (a delta since the last call). */
  valueReset(): number;
  /** series visits every labelled series of the family, this one's included. */
  series(fn: (counter: GenericCounter) => void): void;
}

/** createCounter returns a new in-memory counter family called name, starting at 0. */
export function createCounter(name: string): GenericCounter {
  const family: SeriesMap<GenericCounter> = createSeriesMap((lvs) =>
    makeCounter(name, lvs, family),
  );
  return family.get([]);
}

function makeCounter(
  name: string,
  lvs: readonly string[],
  family: SeriesMap<GenericCounter>,
): GenericCounter {
  let total = 0;
  return {
    name,
    labelValues: () => lvs,
    with: (...more) => family.with(lvs, more),
    add(delta) {
      total += delta;
    },
    value: () => total,
    valueReset() {
      const v = total;
      total = 0;
      return v;
    },
    series: (fn) => family.forEach((c) => fn(c)),
  };
}
