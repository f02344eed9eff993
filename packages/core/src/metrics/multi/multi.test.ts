import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCounter, createGauge, createHistogram } from '../generic/index.js';
import { testCounter, testGauge, testHistogram } from '../teststat/index.js';
import {
  discardCounter,
  discardGauge,
  discardHistogram,
  discardProvider,
} from '../discard/index.js';
import { multiCounter, multiGauge, multiHistogram, multiProvider } from './index.js';
import type { Provider } from '../provider.js';

describe('multi', () => {
  it('fans out to every backend and each passes teststat', async () => {
    const a = createCounter('a');
    const b = createCounter('b');
    await testCounter(multiCounter(a, b), () => {
      assert.equal(a.value(), b.value());
      return a.value();
    });
    const ga = createGauge('a');
    const gb = createGauge('b');
    await testGauge(multiGauge(ga, gb), () => {
      assert.equal(ga.value(), gb.value());
      return gb.value();
    });
    const ha = createHistogram('a');
    const hb = createHistogram('b');
    await testHistogram(
      multiHistogram(ha, hb),
      () => ({
        p50: hb.quantile(0.5),
        p90: hb.quantile(0.9),
        p95: hb.quantile(0.95),
        p99: hb.quantile(0.99),
      }),
      1,
    );
    assert.equal(ha.count(), hb.count());
  });

  it('with labels every child and leaves the original alone', () => {
    const a = createCounter('a');
    const b = createCounter('b');
    const m = multiCounter(a, b);
    m.with('k', 'v').add(4);
    assert.equal(a.value(), 0);
    assert.equal(a.with('k', 'v').value(), 4);
    assert.equal(b.with('k', 'v').value(), 4);
  });

  it('provider stops every provider and reports the first failure', async () => {
    const stopped: string[] = [];
    const failing: Provider = {
      ...discardProvider(),
      stop: async () => {
        stopped.push('bad');
        throw new Error('boom');
      },
    };
    const good: Provider = { ...discardProvider(), stop: async () => void stopped.push('good') };
    await assert.rejects(multiProvider(failing, good).stop(), /boom/);
    assert.deepEqual(stopped.sort(), ['bad', 'good']);
  });
});

describe('discard', () => {
  it('accepts everything and returns itself from with', async () => {
    discardCounter.add(1);
    discardGauge.set(1);
    discardGauge.add(1);
    discardHistogram.observe(1);
    assert.equal(discardCounter.with('a', 'b'), discardCounter);
    assert.equal(discardGauge.with('a'), discardGauge);
    assert.equal(discardHistogram.with(), discardHistogram);
    const p = discardProvider();
    assert.equal(p.newCounter('x'), discardCounter);
    await p.stop();
  });
});
