import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DataPointType, MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import type { DataPoint, Histogram as HistogramPoint } from '@opentelemetry/sdk-metrics';
import { testCounter, testGauge, testHistogram } from '@svckit/core/metrics/teststat';
import type { Quantiles } from '@svckit/core/metrics/teststat';
import { newCounter, newGauge, newHistogram, otelProvider } from './index.js';

/** A pull reader: collect() reads what the SDK aggregated, as an exporter would get it. */
class PullReader extends MetricReader {
  protected override onForceFlush(): Promise<void> {
    return Promise.resolve();
  }
  protected override onShutdown(): Promise<void> {
    return Promise.resolve();
  }
}

function setup(): { reader: PullReader; provider: MeterProvider } {
  const reader = new PullReader();
  return { reader, provider: new MeterProvider({ readers: [reader] }) };
}

const types = new Map<string, DataPointType>();

async function points(reader: PullReader, name: string): Promise<DataPoint<unknown>[]> {
  const { resourceMetrics, errors } = await reader.collect();
  assert.deepEqual(errors, []);
  for (const scope of resourceMetrics.scopeMetrics) {
    for (const metric of scope.metrics) {
      types.set(metric.descriptor.name, metric.dataPointType);
      if (metric.descriptor.name === name) return metric.dataPoints as DataPoint<unknown>[];
    }
  }
  throw new Error(`no metric ${name}`);
}

async function one(reader: PullReader, name: string, attrs: Record<string, string>) {
  const found = (await points(reader, name)).filter((p) =>
    Object.entries(attrs).every(([k, v]) => p.attributes[k] === v),
  );
  assert.equal(found.length, 1, `one point of ${name} ${JSON.stringify(attrs)}`);
  return found[0] as DataPoint<unknown>;
}

/** quantile q from explicit buckets by linear interpolation inside the bucket holding it. */
function bucketQuantile(q: number, h: HistogramPoint): number {
  const { boundaries, counts } = h.buckets;
  const rank = q * h.count;
  let seen = 0;
  for (let i = 0; i < counts.length; i++) {
    const c = counts[i] as number;
    if (seen + c >= rank) {
      const lo = i === 0 ? 0 : (boundaries[i - 1] as number);
      const hi = i < boundaries.length ? (boundaries[i] as number) : lo;
      return lo + ((hi - lo) * (rank - seen)) / c;
    }
    seen += c;
  }
  return boundaries.at(-1) ?? 0;
}

describe('OTel metrics backend passes teststat', () => {
  it('counter: the exact sum, by attributes', async () => {
    const { reader, provider } = setup();
    const c = newCounter(provider.getMeter('t'), 'requests', { unit: '{request}' });
    c.with('method', 'other').add(1000);
    await testCounter(c.with('method', 'sum'), async () =>
      Number((await one(reader, 'requests', { method: 'sum' })).value),
    );
    assert.equal((await one(reader, 'requests', { method: 'other' })).value, 1000);
  });

  it('gauge: the last value, set and add per series', async () => {
    const { reader, provider } = setup();
    const g = newGauge(provider.getMeter('t'), 'queue_depth');
    g.with('queue', 'b').set(7);
    await testGauge(g.with('queue', 'a'), async () =>
      Number((await one(reader, 'queue_depth', { queue: 'a' })).value),
    );
    g.with('queue', 'b').add(2);
    assert.equal((await one(reader, 'queue_depth', { queue: 'b' })).value, 9);
    assert.equal(types.get('queue_depth'), DataPointType.GAUGE);
  });

  it('histogram: bucket-estimated quantiles within 1 %', async () => {
    const { reader, provider } = setup();
    const boundaries = Array.from({ length: 61 }, (_, i) => 350 + 5 * i);
    const h = newHistogram(provider.getMeter('t'), 'latency', { unit: 'ms', boundaries });
    const read = async (): Promise<Quantiles> => {
      const p = await one(reader, 'latency', { method: 'sum' });
      assert.equal(types.get('latency'), DataPointType.HISTOGRAM);
      const v = p.value as HistogramPoint;
      assert.deepEqual(v.buckets.boundaries, boundaries);
      return {
        p50: bucketQuantile(0.5, v),
        p90: bucketQuantile(0.9, v),
        p95: bucketQuantile(0.95, v),
        p99: bucketQuantile(0.99, v),
      };
    };
    await testHistogram(h.with('method', 'sum'), read, 1);
  });

  it('an odd label list gets the value "unknown", as every svckit backend', async () => {
    const { reader, provider } = setup();
    newCounter(provider.getMeter('t'), 'odd').with('method').add(1);
    assert.equal((await one(reader, 'odd', { method: 'unknown' })).value, 1);
  });

  it('otelProvider serves Provider code from a meter provider', async () => {
    const { reader, provider } = setup();
    const p = otelProvider({ meterProvider: provider });
    p.newCounter('calls').with('m', 'x').add(2);
    p.newGauge('up').set(1);
    p.newHistogram('dur').observe(12);
    await p.stop();
    assert.equal((await one(reader, 'calls', { m: 'x' })).value, 2);
    assert.equal((await one(reader, 'up', {})).value, 1);
    assert.equal(((await one(reader, 'dur', {})).value as HistogramPoint).count, 1);
    const { resourceMetrics } = await reader.collect();
    assert.equal(resourceMetrics.scopeMetrics[0]?.scope.name, '@svckit/opentelemetry');
  });
});
