/**
 * Where CloudWatch metrics accumulate between sends: one cell per metric name and label values,
 * created on first use and reset (not removed) by each send, so bound metrics keep their cell.
 */
import type { Reservoir } from './quantile.js';

/** Dimension is a CloudWatch dimension, made from one label name/value pair. */
export interface Dimension {
  readonly Name: string;
  readonly Value: string;
}

/** Cell is the state of one series between two sends. */
export interface Cell {
  readonly name: string;
  readonly dimensions: readonly Dimension[];
  /** touched is true when the series was used since the last send. */
  touched: boolean;
  /** value is the counter's sum since the last send, or the gauge's current value. */
  value: number;
  /** reservoir holds a histogram's observations since the last send. */
  readonly reservoir: Reservoir;
}

/** Store maps a series key (metric name + label values) to its cell. */
export type Store = Map<string, Cell>;

/** dimensionsOf turns alternating label names and values into CloudWatch dimensions. */
export function dimensionsOf(labelValues: readonly string[]): Dimension[] {
  const out: Dimension[] = [];
  for (let i = 0; i < labelValues.length; i += 2) {
    out.push({ Name: labelValues[i] as string, Value: labelValues[i + 1] as string });
  }
  return out;
}

/** cellFor returns the cell of name + labelValues in store, creating it on first use. */
export function cellFor(store: Store, name: string, labelValues: readonly string[]): Cell {
  const key = labelValues.length === 0 ? name : JSON.stringify([name, labelValues]);
  let cell = store.get(key);
  if (cell === undefined) {
    cell = {
      name,
      dimensions: dimensionsOf(labelValues),
      touched: false,
      value: 0,
      reservoir: { values: [], seen: 0 },
    };
    store.set(key, cell);
  }
  return cell;
}
