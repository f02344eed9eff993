/**
 * The registry svckit's Prometheus metrics land in by default, the options every metric
 * factory shares, and the hook that lets buffered series flush before each scrape.
 */
import { Registry } from 'prom-client';
import type { RegistryContentType } from 'prom-client';

/**
 * AnyRegistry is a prom-client registry of either exposition format (Prometheus text or
 * OpenMetrics).
 */
export type AnyRegistry = Registry<RegistryContentType>;

/**
 * defaultRegistry is the registry svckit's metrics register with when none is passed. It is
 * svckit's own (a fresh prom-client `Registry`), never prom-client's global one: pass
 * `registry: register` from prom-client to share that explicitly.
 */
export const defaultRegistry: Registry = new Registry();

/**
 * MetricOptions are the options of every metric factory (Go kit: `prometheus.CounterOpts`
 * and friends). The full name is `namespace_subsystem_name`, skipping absent parts.
 */
export interface MetricOptions {
  /** namespace is the first part of the name, e.g. `my_group`. */
  readonly namespace?: string;
  /** subsystem is the middle part of the name, e.g. `string_service`. */
  readonly subsystem?: string;
  /** name is the last part of the name, e.g. `request_count`. */
  readonly name: string;
  /** help is the metric's description (required by the exposition format). */
  readonly help: string;
  /** labelNames are every label the metric carries; `with` must give each a value. */
  readonly labelNames?: readonly string[];
  /** registry receives the metric; default {@link defaultRegistry}. */
  readonly registry?: AnyRegistry;
}

/** fullName joins namespace, subsystem and name with underscores, as Prometheus' BuildFQName. */
export function fullName(options: MetricOptions): string {
  return [options.namespace, options.subsystem, options.name]
    .filter((part): part is string => part !== undefined && part !== '')
    .join('_');
}

/** PromMetricInternals is what svckit reads of a prom-client metric beyond its typed API. */
interface PromMetricInternals {
  name: string;
  labelNames?: string[];
  collect?: (this: unknown) => unknown;
}

/** promName returns a prom-client metric's name. */
export function promName(metric: object): string {
  return (metric as PromMetricInternals).name;
}

/** promLabelNames returns the label names a prom-client metric was declared with. */
export function promLabelNames(metric: object): readonly string[] {
  return (metric as PromMetricInternals).labelNames ?? [];
}

/**
 * beforeCollect makes `flush` run each time prom-client collects the metric (on every
 * `registry.metrics()` and `metric.get()`), before any `collect` the metric already had.
 */
export function beforeCollect(metric: object, flush: () => void): void {
  const m = metric as PromMetricInternals;
  const previous = m.collect;
  m.collect = function collect(this: unknown) {
    flush();
    return previous?.call(this);
  };
}

/**
 * registers picks the registry a new metric joins (the explicit argument, else the option, else
 * {@link defaultRegistry}) in the shape prom-client's metric constructors take.
 */
export function registers(options: MetricOptions, registry?: AnyRegistry): Registry[] {
  return [(registry ?? options.registry ?? defaultRegistry) as Registry];
}

/** PromConfig is the part of a prom-client metric's configuration every kind shares. */
export interface PromConfig {
  name: string;
  help: string;
  labelNames: string[];
  registers: Registry[];
}

/** promConfig builds a {@link PromConfig} from svckit's options: full name, labels, registry. */
export function promConfig(options: MetricOptions, registry?: AnyRegistry): PromConfig {
  return {
    name: fullName(options),
    help: options.help,
    labelNames: [...(options.labelNames ?? [])],
    registers: registers(options, registry),
  };
}
