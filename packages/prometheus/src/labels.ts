/**
 * Label bookkeeping shared by every Prometheus metric: label names are declared up front, `with`
 * binds values by name, and a metric whose every label has a value resolves to one series
 * ("cell"), created once and cached by its label values.
 */
import { unknownLabelValue } from '@svckit/core/metrics';

/**
 * InconsistentLabelsError is thrown when a metric is given a label name it did not declare, or
 * is used before every declared label has a value (Go kit's Prometheus vectors panic with
 * "inconsistent label cardinality" in both cases).
 */
export class InconsistentLabelsError extends Error {
  /** metric is the full Prometheus name of the metric. */
  readonly metric: string;
  /** expected lists the label names the metric declared. */
  readonly expected: readonly string[];

  constructor(metric: string, expected: readonly string[], problem: string) {
    const declared = expected.length === 0 ? 'no labels' : `labels [${expected.join(', ')}]`;
    super(`prometheus: metric "${metric}": ${problem}; it declares ${declared}`);
    this.name = 'InconsistentLabelsError';
    this.metric = metric;
    this.expected = expected;
  }
}

/** LabelSpace is the shared state of one metric vector: its label names and its series. */
export interface LabelSpace<Cell> {
  /** metric is the full Prometheus name, used in error messages. */
  readonly metric: string;
  /** names are the declared label names, in declaration order. */
  readonly names: readonly string[];
  /** cells maps the label values (one value, or the JSON array of several) to the series. */
  readonly cells: Map<string, Cell>;
  /** create makes the series for one complete set of labels. */
  readonly create: (labels: Record<string, string>) => Cell;
}

/** Values holds one value per declared label; undefined marks a label that `with` has not set yet. */
export type Values = readonly (string | undefined)[];

const maxWithCache = 1024;

/** labelSpace creates the shared state of one metric vector. */
export function labelSpace<Cell>(
  metric: string,
  names: readonly string[],
  create: (labels: Record<string, string>) => Cell,
): LabelSpace<Cell> {
  return { metric, names: [...names], cells: new Map(), create };
}

/**
 * bindValues returns a copy of `values` with the given name/value pairs applied (an odd list was
 * already padded by the caller's convention: a missing value is "unknown"). An undeclared name
 * throws {@link InconsistentLabelsError}.
 */
export function bindValues(
  space: LabelSpace<unknown>,
  values: Values,
  labelValues: readonly string[],
): Values {
  const out = values.slice();
  const names = space.names;
  for (let i = 0; i < labelValues.length; i += 2) {
    const name = labelValues[i] as string;
    const index = names.indexOf(name);
    if (index < 0) {
      throw new InconsistentLabelsError(space.metric, names, `unknown label name "${name}"`);
    }
    out[index] = labelValues[i + 1] ?? unknownLabelValue;
  }
  return out;
}

/**
 * resolveCell returns the series for a complete set of label values, creating it on first use.
 * A declared label without a value throws {@link InconsistentLabelsError}.
 */
export function resolveCell<Cell>(space: LabelSpace<Cell>, values: Values): Cell {
  const key = values.length === 1 ? (values[0] ?? '') : JSON.stringify(values);
  const found = space.cells.get(key);
  if (found !== undefined) return found;
  const labels: Record<string, string> = {};
  for (let i = 0; i < space.names.length; i++) {
    const name = space.names[i] as string;
    const value = values[i];
    if (value === undefined) {
      throw new InconsistentLabelsError(space.metric, space.names, `no value for label "${name}"`);
    }
    labels[name] = value;
  }
  const cell = space.create(labels);
  space.cells.set(key, cell);
  return cell;
}

/**
 * WithCache memoises `with(...)` results of one metric by their arguments, so that
 * `metric.with('method', 'GET').add(1)` in a loop reuses one bound metric instead of building
 * a new one on each call. It is bounded: past 1024 entries new results are not kept.
 */
export interface WithCache<M> {
  /** lookup returns the metric cached for these arguments, if any. */
  lookup(labelValues: readonly string[]): M | undefined;
  /** store keeps metric for these arguments (unless the cache is full). */
  store(labelValues: readonly string[], metric: M): void;
}

/** TrieNode is one level of the cache: the metric for the arguments so far, and what follows. */
interface TrieNode<M> {
  metric: M | undefined;
  next: Map<string, TrieNode<M>> | undefined;
}

/**
 * withCache creates an empty {@link WithCache}: a trie of Maps keyed by each argument in turn,
 * so a lookup hashes the (usually literal, pre-hashed) argument strings and allocates nothing.
 */
export function withCache<M>(): WithCache<M> {
  const root: TrieNode<M> = { metric: undefined, next: undefined };
  let size = 0;
  return {
    lookup(labelValues) {
      let node: TrieNode<M> | undefined = root;
      for (let i = 0; i < labelValues.length && node !== undefined; i++) {
        node = node.next?.get(labelValues[i] as string);
      }
      return node?.metric;
    },
    store(labelValues, metric) {
      if (size >= maxWithCache) return;
      let node = root;
      for (const arg of labelValues) {
        node.next ??= new Map();
        let child = node.next.get(arg);
        if (child === undefined) {
          child = { metric: undefined, next: undefined };
          node.next.set(arg, child);
        }
        node = child;
      }
      if (node.metric === undefined) {
        node.metric = metric;
        size++;
      }
    },
  };
}

/**
 * cachedWith returns the `with` of a metric bound to values: the metric for the added
 * labelValues is made once by make and then found in the metric's own {@link WithCache}.
 */
export function cachedWith<M>(
  space: LabelSpace<unknown>,
  values: Values,
  make: (values: Values) => M,
): (...labelValues: string[]) => M {
  const cache = withCache<M>();
  return (...labelValues) => {
    let bound = cache.lookup(labelValues);
    if (bound === undefined) {
      bound = make(bindValues(space, values, labelValues));
      cache.store(labelValues, bound);
    }
    return bound;
  };
}
