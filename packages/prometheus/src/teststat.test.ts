import { describe, it } from 'node:test';
import { testCounter, testGauge, testHistogram } from '@svckit/core/metrics/teststat';
import type { Quantiles } from '@svckit/core/metrics/teststat';
import {
  Registry,
  newCounterFrom,
  newGaugeFrom,
  newHistogramFrom,
  newSummaryFrom,
} from './index.js';
import { one, samples } from './registry.test.helper.js';

/**
 * bucketQuantile estimates quantile q from cumulative buckets by linear interpolation inside the
 * bucket that holds it (what PromQL's histogram_quantile does).
 */
function bucketQuantile(q: number, buckets: { le: number; count: number }[]): number {
  const total = buckets.at(-1)?.count ?? 0;
  const rank = q * total;
  let prevLe = 0;
  let prevCount = 0;
  for (const b of buckets) {
    if (b.count >= rank) {
      if (!Number.isFinite(b.le)) return prevLe;
      return prevLe + ((b.le - prevLe) * (rank - prevCount)) / (b.count - prevCount);
    }
    prevLe = b.le;
    prevCount = b.count;
  }
  return prevLe;
}

describe('prometheus passes teststat', () => {
  it('counter: reports the exact sum', async () => {
    const registry = new Registry();
    const c = newCounterFrom({ name: 'ts_total', help: 'T.', labelNames: ['k'], registry });
    await testCounter(c.with('k', 'v'), () => one(registry, 'ts_total', { k: 'v' }));
  });

  it('gauge: reports the last value', async () => {
    const registry = new Registry();
    const g = newGaugeFrom({ name: 'ts_gauge', help: 'T.', labelNames: ['k'], registry });
    await testGauge(g.with('k', 'v'), () => one(registry, 'ts_gauge', { k: 'v' }));
  });

  it('summary: quantiles within 1 %', async () => {
    const registry = new Registry();
    const s = newSummaryFrom({
      name: 'ts_summary',
      help: 'T.',
      labelNames: ['k'],
      percentiles: [0.5, 0.9, 0.95, 0.99],
      registry,
    });
    const read = async (): Promise<Quantiles> => ({
      p50: await one(registry, 'ts_summary', { k: 'v', quantile: '0.5' }),
      p90: await one(registry, 'ts_summary', { k: 'v', quantile: '0.9' }),
      p95: await one(registry, 'ts_summary', { k: 'v', quantile: '0.95' }),
      p99: await one(registry, 'ts_summary', { k: 'v', quantile: '0.99' }),
    });
    await testHistogram(s.with('k', 'v'), read, 1);
  });

  it('histogram: bucket-estimated quantiles within 1 %', async () => {
    const registry = new Registry();
    // teststat's distribution is N(500, 25): buckets every 5 from 350 to 650.
    const les = Array.from({ length: 61 }, (_, i) => 350 + 5 * i);
    const h = newHistogramFrom({
      name: 'ts_histogram',
      help: 'T.',
      labelNames: ['k'],
      buckets: les,
      registry,
    });
    const read = async (): Promise<Quantiles> => {
      const buckets = (await samples(registry, 'ts_histogram'))
        .filter((s) => s.metricName === 'ts_histogram_bucket' && s.labels['k'] === 'v')
        .map((s) => ({ le: Number(s.labels['le']), count: s.value }))
        .sort((a, b) => a.le - b.le);
      return {
        p50: bucketQuantile(0.5, buckets),
        p90: bucketQuantile(0.9, buckets),
        p95: bucketQuantile(0.95, buckets),
        p99: bucketQuantile(0.99, buckets),
      };
    };
    await testHistogram(h.with('k', 'v'), read, 1);
  });
});
