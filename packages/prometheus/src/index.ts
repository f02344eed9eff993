/**
 * @module @svckit/prometheus
 *
 * Prometheus metrics for svckit (Go kit's `metrics/prometheus`) on prom-client: counters,
 * gauges, histograms and summaries behind `@svckit/core/metrics`' interfaces, with label names
 * declared up front and bound by `with(name, value, ...)`, registered with a registry you pass
 * (default: svckit's own {@link defaultRegistry}, never prom-client's global), and a `/metrics`
 * handler, an svckit HTTP `Server` (Node and Fetch faces).
 */
export type { CounterOptions } from './counter.js';
export { newCounter, newCounterFrom } from './counter.js';
export type { GaugeOptions } from './gauge.js';
export { newGauge, newGaugeFrom } from './gauge.js';
export type { HistogramOptions } from './histogram.js';
export { newHistogram, newHistogramFrom } from './histogram.js';
export type { SummaryOptions } from './summary.js';
export { defaultPercentiles, newSummary, newSummaryFrom } from './summary.js';
export type { MetricsHandlerOptions } from './handler.js';
export { acceptsGzip, metricsHandler } from './handler.js';
export type { AnyRegistry, MetricOptions } from './registry.js';
export { defaultRegistry } from './registry.js';
export { InconsistentLabelsError } from './labels.js';
export { Registry } from 'prom-client';
export type { PrometheusProviderOptions } from './provider.js';
export { prometheusProvider } from './provider.js';
