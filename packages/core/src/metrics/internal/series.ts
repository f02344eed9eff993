import { withLabelValues } from '../metrics.js';

/**
 * SeriesMap holds one cell per distinct label-value list of a metric family, so every
 * `with(...)` call for the same labels lands on the same series (Go kit's `lv.Space`).
 */
export interface SeriesMap<T> {
  /** get returns the cell for labelValues, creating it on first use. */
  get(labelValues: readonly string[]): T;
  /** with returns the cell for `existing` extended by `more` (padded as Go kit does). */
  with(existing: readonly string[], more: readonly string[]): T;
  /** forEach visits every cell in creation order. */
  forEach(fn: (cell: T, labelValues: readonly string[]) => void): void;
  /** size is the number of series. */
  readonly size: number;
}

/** seriesKey joins label values with a separator that cannot be confused with their text. */
export function seriesKey(labelValues: readonly string[]): string {
  return labelValues.length === 0 ? '' : labelValues.join('\u0000');
}

/** createSeriesMap returns an empty map whose cells are built by make. */
export function createSeriesMap<T>(make: (labelValues: readonly string[]) => T): SeriesMap<T> {
  const cells = new Map<string, { cell: T; labelValues: readonly string[] }>();
  const get = (labelValues: readonly string[]): T => {
    const key = seriesKey(labelValues);
    let entry = cells.get(key);
    if (entry === undefined) {
      const frozen = Object.freeze(labelValues.slice());
      entry = { cell: make(frozen), labelValues: frozen };
      cells.set(key, entry);
    }
    return entry.cell;
  };
  // Children of each series by the label values passed to `with`, so the hot
  // `counter.with('method', m).add(1)` pattern costs one join and two map lookups.
  const children = new Map<readonly string[], Map<string, T>>();
  return {
    get,
    with(existing, more) {
      let cache = children.get(existing);
      if (cache === undefined) {
        cache = new Map();
        children.set(existing, cache);
      }
      const key = more.length === 2 ? more[0] + '\u0000' + more[1] : more.join('\u0000');
      let cell = cache.get(key);
      if (cell === undefined) {
        cell = get(withLabelValues(existing, more));
        cache.set(key, cell);
      }
      return cell;
    },
    forEach(fn) {
      for (const { cell, labelValues } of cells.values()) fn(cell, labelValues);
    },
    get size() {
      return cells.size;
    },
  };
}

/** labelPairs turns `[k1, v1, k2, v2]` into `[[k1, v1], [k2, v2]]`. */
export function labelPairs(labelValues: readonly string[]): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (let i = 0; i + 1 < labelValues.length; i += 2)
    out.push([labelValues[i]!, labelValues[i + 1]!]);
  return out;
}
