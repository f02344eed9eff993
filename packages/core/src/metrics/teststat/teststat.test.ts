import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Counter, Gauge, Histogram } from '../metrics.js';
import {
  compareQuantiles,
  defaultDistribution,
  expectedQuantiles,
  fillCounter,
  fillHistogram,
  inverseNormal,
  quantilesOf,
  seededRandom,
  testCounter,
  testGauge,
  testHistogram,
  TeststatError,
} from './index.js';

function exactCounter(): Counter & { value: number } {
  const c = { value: 0, with: () => c, add: (d: number) => void (c.value += d) };
  return c;
}
function exactGauge(): Gauge & { value: number } {
  const g = {
    value: 0,
    with: () => g,
    set: (v: number) => void (g.value = v),
    add: (d: number) => void (g.value += d),
  };
  return g;
}
function exactHistogram(): Histogram & { samples: number[] } {
  const h = {
    samples: [] as number[],
    with: () => h,
    observe: (v: number) => void h.samples.push(v),
  };
  return h;
}

describe('teststat', () => {
  it('is deterministic for a seed and differs across seeds', () => {
    const a = seededRandom(1);
    const b = seededRandom(1);
    const c = seededRandom(2);
    const xs = [a(), a(), a()];
    assert.deepEqual(xs, [b(), b(), b()]);
    assert.notDeepEqual(xs, [c(), c(), c()]);
    assert.ok(xs.every((x) => x >= 0 && x < 1));
  });

  it('computes normal quantiles', () => {
    assert.ok(Math.abs(inverseNormal(0.975) - 1.959963985) < 1e-6);
    assert.ok(Math.abs(inverseNormal(0.01) + 2.326347874) < 1e-6);
    const q = expectedQuantiles(500, 25);
    assert.equal(q.p50, 500);
    assert.ok(Math.abs(q.p99 - 558.1587) < 1e-3);
  });

  it('passes an exact backend and the samples match the theory within 1%', async () => {
    const c = exactCounter();
    await testCounter(c, () => c.value);
    const g = exactGauge();
    await testGauge(g, async () => g.value);
    const h = exactHistogram();
    await testHistogram(h, () => quantilesOf(h.samples), 1);
    assert.equal(h.samples.length, defaultDistribution.count);
    const { mean, stddev } = defaultDistribution;
    assert.deepEqual(
      compareQuantiles(expectedQuantiles(mean, stddev), quantilesOf(h.samples), 1),
      [],
    );
  });

  it('rejects a wrong sum, a wrong gauge and skewed quantiles with a clear message', async () => {
    const c = exactCounter();
    await assert.rejects(
      testCounter(c, () => c.value + 1),
      (err: unknown) => {
        assert.ok(err instanceof TeststatError);
        assert.equal(err.name, 'AssertionError');
        assert.match(err.message, /^counter: want \d+, have \d+$/);
        return true;
      },
    );
    const g = exactGauge();
    await assert.rejects(
      testGauge(g, () => g.value - 3),
      /^AssertionError: gauge: want/,
    );
    const h = exactHistogram();
    await assert.rejects(
      testHistogram(
        h,
        () => {
          const q = quantilesOf(h.samples);
          return { ...q, p99: q.p99 * 1.1 };
        },
        2,
      ),
      /histogram: p99: want 558\.159, have .* tolerance 2%\)$/,
    );
    await assert.rejects(
      testHistogram(exactHistogram(), () => ({ p50: NaN, p90: 0, p95: 0, p99: 0 }), 5),
      /p50: want 500\.000, have NaN/,
    );
  });

  it('fills the same values for the same seed', () => {
    assert.equal(fillCounter(exactCounter(), 3), fillCounter(exactCounter(), 3));
    const a = exactHistogram();
    const b = exactHistogram();
    fillHistogram(a, 10, 50, 10, 9);
    fillHistogram(b, 10, 50, 10, 9);
    assert.deepEqual(a.samples, b.samples);
    assert.ok(a.samples.every((v) => v >= 0));
  });
});
