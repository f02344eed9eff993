import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  testCounter,
  testGauge,
  testHistogram,
  fillHistogram,
  quantilesOf,
} from '../teststat/index.js';
import {
  createCounter,
  createGauge,
  createHistogram,
  createStreamingHistogram,
  genericProvider,
} from './index.js';

describe('generic', () => {
  it('counter passes teststat and valueReset returns the delta', async () => {
    const c = createCounter('requests');
    await testCounter(c, () => c.value());
    const v = c.value();
    assert.equal(c.valueReset(), v);
    assert.equal(c.value(), 0);
  });

  it('gauge passes teststat', async () => {
    const g = createGauge('depth');
    await testGauge(g, () => g.value());
  });

  it('histogram passes teststat within 1% with 50 buckets', async () => {
    const h = createHistogram('latency', 50);
    await testHistogram(
      h,
      () => ({
        p50: h.quantile(0.5),
        p90: h.quantile(0.9),
        p95: h.quantile(0.95),
        p99: h.quantile(0.99),
      }),
      1,
    );
    assert.equal(h.count(), 1234);
    assert.ok(h.distribution().length <= 50);
  });

  it('histogram estimates stay close to the exact sample quantiles, memory bounded', () => {
    const h = createStreamingHistogram(20);
    const samples = fillHistogram(
      {
        with: () => {
          throw new Error('unused');
        },
        observe: (v) => h.add(v),
      },
      20000,
      100,
      30,
      5,
    );
    const exact = quantilesOf(samples);
    for (const [k, q] of [
      ['p50', 0.5],
      ['p90', 0.9],
      ['p95', 0.95],
      ['p99', 0.99],
    ] as const) {
      const off = Math.abs(h.quantile(q) - exact[k]) / exact[k];
      assert.ok(off < 0.02, `${k}: exact ${exact[k]}, estimated ${h.quantile(q)}`);
    }
    assert.equal(h.bins().length, 20);
    assert.equal(h.count(), 20000);
    h.reset();
    assert.ok(Number.isNaN(h.quantile(0.5)));
    h.add(7);
    assert.equal(h.quantile(0.5), 7);
    assert.equal(h.quantile(0), 7);
    assert.equal(h.quantile(1), 7);
    assert.throws(() => createHistogram('x', 1), /buckets must be an integer >= 2/);
  });

  it('with never mutates the original and returns the same series for the same labels', () => {
    const c = createCounter('hits');
    const get = c.with('method', 'GET');
    get.add(2);
    c.with('method', 'GET').add(3);
    assert.equal(c.value(), 0);
    assert.deepEqual(c.labelValues(), []);
    assert.equal(get.value(), 5);
    assert.deepEqual(get.labelValues(), ['method', 'GET']);
    const odd = c.with('code');
    assert.deepEqual(odd.labelValues(), ['code', 'unknown']);
    const nested = get.with('code', '200');
    assert.deepEqual(nested.labelValues(), ['method', 'GET', 'code', '200']);
    assert.deepEqual(get.labelValues(), ['method', 'GET']);
    const names: string[] = [];
    c.series((s) => names.push(s.labelValues().join('=')));
    assert.deepEqual(names, ['', 'method=GET', 'code=unknown', 'method=GET=code=200']);

    const g = createGauge('g');
    g.with('a', 'b').set(9);
    assert.equal(g.value(), 0);
    const h = createHistogram('h');
    h.with('a', 'b').observe(1);
    assert.equal(h.count(), 0);
    assert.equal(h.with('a', 'b').count(), 1);
  });

  it('provider creates generic metrics', async () => {
    const p = genericProvider();
    const c = p.newCounter('c');
    c.add(1);
    assert.equal((c as ReturnType<typeof createCounter>).value(), 1);
    await p.stop();
  });
});
