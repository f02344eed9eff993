import { metrics } from '@opentelemetry/api';
import type {
  Attributes,
  Counter as OtelCounter,
  Gauge as OtelGauge,
  Histogram as OtelHistogram,
  Meter,
  MeterProvider,
} from '@opentelemetry/api';
import type { Counter, Gauge, Histogram, Provider } from '@svckit/core/metrics';
import { withLabelValues } from '@svckit/core/metrics';
import { instrumentationName, instrumentationVersion } from './tracer.js';

/** InstrumentOptions describe one instrument. */
export interface InstrumentOptions {
  /** description of the instrument. */
  readonly description?: string | undefined;
  /** unit of its values, UCUM (`ms`, `By`, `{request}`). */
  readonly unit?: string | undefined;
}

/** HistogramOptions describe a histogram. */
export interface HistogramOptions extends InstrumentOptions {
  /**
   * boundaries advise the SDK's explicit bucket boundaries (a view still overrides them);
   * default the SDK's.
   */
  readonly boundaries?: readonly number[] | undefined;
}

/** attributesOf turns svckit's label pairs into OTel attributes. */
function attributesOf(labelValues: readonly string[]): Attributes {
  const attributes: Attributes = {};
  for (let i = 0; i + 1 < labelValues.length; i += 2) {
    attributes[labelValues[i] as string] = labelValues[i + 1];
  }
  return attributes;
}

function instrument(options: InstrumentOptions): { description?: string; unit?: string } {
  const out: { description?: string; unit?: string } = {};
  if (options.description !== undefined) out.description = options.description;
  if (options.unit !== undefined) out.unit = options.unit;
  return out;
}

/**
 * newCounter is a svckit `Counter` on an OTel counter (monotonic: negative deltas are the
 * SDK's to drop). `with('method', 'sum')` adds the attribute `method=sum`.
 */
export function newCounter(meter: Meter, name: string, options: InstrumentOptions = {}): Counter {
  return counterWith(meter.createCounter(name, instrument(options)), []);
}

function counterWith(counter: OtelCounter, labelValues: readonly string[]): Counter {
  const attributes = attributesOf(labelValues);
  return {
    with: (...more) => counterWith(counter, withLabelValues(labelValues, more)),
    add: (delta) => counter.add(delta, attributes),
  };
}

/**
 * newGauge is a svckit `Gauge` on an OTel synchronous gauge. `add` moves the series' last
 * value (kept here per attribute set, as OTel gauges only record) and records the sum.
 */
export function newGauge(meter: Meter, name: string, options: InstrumentOptions = {}): Gauge {
  return gaugeWith(meter.createGauge(name, instrument(options)), new Map(), []);
}

function gaugeWith(
  gauge: OtelGauge,
  values: Map<string, number>,
  labelValues: readonly string[],
): Gauge {
  const attributes = attributesOf(labelValues);
  const series = labelValues.join('\u0000');
  return {
    with: (...more) => gaugeWith(gauge, values, withLabelValues(labelValues, more)),
    set(value) {
      values.set(series, value);
      gauge.record(value, attributes);
    },
    add(delta) {
      const value = (values.get(series) ?? 0) + delta;
      values.set(series, value);
      gauge.record(value, attributes);
    },
  };
}

/** newHistogram is a svckit `Histogram` on an OTel histogram. */
export function newHistogram(
  meter: Meter,
  name: string,
  options: HistogramOptions = {},
): Histogram {
  const advice =
    options.boundaries === undefined
      ? {}
      : { advice: { explicitBucketBoundaries: [...options.boundaries] } };
  return histogramWith(meter.createHistogram(name, { ...instrument(options), ...advice }), []);
}

function histogramWith(histogram: OtelHistogram, labelValues: readonly string[]): Histogram {
  const attributes = attributesOf(labelValues);
  return {
    with: (...more) => histogramWith(histogram, withLabelValues(labelValues, more)),
    observe: (value) => histogram.record(value, attributes),
  };
}

/** OtelProviderOptions choose the meter of {@link otelProvider}. */
export interface OtelProviderOptions {
  /** meter makes the instruments; default `meterProvider`'s meter for this package. */
  readonly meter?: Meter | undefined;
  /** meterProvider supplies the meter; default the global one (`metrics.getMeterProvider()`). */
  readonly meterProvider?: MeterProvider | undefined;
}

/**
 * otelProvider is a svckit metrics `Provider` on OTel meters, for code written against
 * `Provider` (core's instrumenting middleware, Go kit-style services). `newHistogram`'s bucket
 * count does not apply (the SDK's aggregation and views decide); `stop` does nothing, the
 * application shuts its `MeterProvider` down.
 */
export function otelProvider(options: OtelProviderOptions = {}): Provider {
  const meter =
    options.meter ??
    (options.meterProvider ?? metrics.getMeterProvider()).getMeter(
      instrumentationName,
      instrumentationVersion,
    );
  return {
    newCounter: (name) => newCounter(meter, name),
    newGauge: (name) => newGauge(meter, name),
    newHistogram: (name) => newHistogram(meter, name),
    stop: () => Promise.resolve(),
  };
}
