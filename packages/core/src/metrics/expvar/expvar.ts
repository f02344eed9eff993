import type { Provider } from '../provider.js';
import { createCounter } from '../generic/counter.js';
import type { GenericCounter } from '../generic/counter.js';
import { createGauge } from '../generic/gauge.js';
import type { GenericGauge } from '../generic/gauge.js';
import { createHistogram } from '../generic/histogram.js';
import type { GenericHistogram } from '../generic/histogram.js';
import { labelPairs } from '../internal/series.js';

/**
 * Expvar is a registry of in-memory metrics served as one JSON document (Go kit's
 * `metrics/expvar` over Go's `expvar`): counters and gauges by name, histograms as
 * `name.p50`, `.p90`, `.p95`, `.p99`, labelled series as `name{k="v"}`, plus `cmdline` and
 * `memstats`.
 */
export interface Expvar extends Provider {
  newCounter(name: string): GenericCounter;
  newGauge(name: string): GenericGauge;
  newHistogram(name: string, buckets?: number): GenericHistogram;
  /** publish adds a variable whose value fn computes at each read (Go's `expvar.Func`). */
  publish(name: string, fn: () => unknown): void;
  /** vars returns the current JSON-ready snapshot of every variable. */
  vars(): Record<string, unknown>;
}

/** ExpvarOptions configures {@link createExpvar}. */
export interface ExpvarOptions {
  /** builtins adds `cmdline` and `memstats` (default true), as Go's expvar does. */
  builtins?: boolean;
}

/**
 * createExpvar returns an empty registry. Registering a name twice throws, as Go's
 * `expvar.Publish` does.
 */
export function createExpvar(options: ExpvarOptions = {}): Expvar {
  const published = new Map<string, () => unknown>();
  const metrics = new Map<string, (out: Record<string, unknown>) => void>();
  const builtins = options.builtins ?? true;
  const claim = (name: string): void => {
    if (typeof name !== 'string' || name === '') throw new TypeError('expvar: empty name');
    if (
      published.has(name) ||
      metrics.has(name) ||
      (builtins && (name === 'cmdline' || name === 'memstats'))
    ) {
      throw new Error(`expvar: reuse of exported var name: ${name}`);
    }
  };
  return {
    newCounter(name) {
      claim(name);
      const c = createCounter(name);
      metrics.set(name, (out) =>
        c.series((s) => void (out[seriesName(name, s.labelValues())] = s.value())),
      );
      return c;
    },
    newGauge(name) {
      claim(name);
      const g = createGauge(name);
      metrics.set(name, (out) =>
        g.series((s) => void (out[seriesName(name, s.labelValues())] = s.value())),
      );
      return g;
    },
    newHistogram(name, buckets) {
      claim(name);
      const h = createHistogram(name, buckets);
      metrics.set(name, (out) =>
        h.series((s) => {
          const base = seriesName(name, s.labelValues());
          for (const [suffix, q] of quantileSuffixes) out[base + suffix] = finite(s.quantile(q));
        }),
      );
      return h;
    },
    publish(name, fn) {
      claim(name);
      published.set(name, fn);
    },
    vars() {
      const out: Record<string, unknown> = {};
      if (builtins) {
        out.cmdline = cmdline();
        out.memstats = memstats();
      }
      for (const write of metrics.values()) write(out);
      for (const [name, fn] of published) out[name] = fn();
      return out;
    },
    stop: () => Promise.resolve(),
  };
}

const quantileSuffixes: ReadonlyArray<readonly [string, number]> = [
  ['.p50', 0.5],
  ['.p90', 0.9],
  ['.p95', 0.95],
  ['.p99', 0.99],
];

function finite(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}

function seriesName(name: string, lvs: readonly string[]): string {
  if (lvs.length === 0) return name;
  return `${name}{${labelPairs(lvs)
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join(',')}}`;
}

interface ProcessLike {
  argv?: string[];
  memoryUsage?: () => Record<string, number>;
}

function proc(): ProcessLike | undefined {
  return (globalThis as unknown as { process?: ProcessLike }).process;
}

function cmdline(): string[] {
  return proc()?.argv?.slice() ?? [];
}

function memstats(): Record<string, number> {
  const usage = proc()?.memoryUsage?.();
  if (usage === undefined) return {};
  // Node's figures under their own names, plus the Go names dashboards for expvar look for.
  return {
    ...usage,
    Alloc: usage.heapUsed ?? 0,
    HeapAlloc: usage.heapUsed ?? 0,
    HeapSys: usage.heapTotal ?? 0,
    Sys: usage.rss ?? 0,
  };
}
