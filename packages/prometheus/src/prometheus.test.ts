import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  Counter as PromCounter,
  Histogram as PromHistogram,
  register as globalRegistry,
} from 'prom-client';
import {
  InconsistentLabelsError,
  Registry,
  defaultRegistry,
  newCounter,
  newCounterFrom,
  newGaugeFrom,
  newHistogram,
  newHistogramFrom,
  newSummaryFrom,
  prometheusProvider,
} from './index.js';
import { valueOf } from './registry.test.helper.js';

// Deterministic pseudo-random numbers so a failure reproduces.
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function normal(rand: () => number, mean: number, stdev: number): number {
  const u = Math.max(rand(), 1e-12);
  return mean + stdev * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}

describe('prometheus counter', () => {
  it('reports the sum of every add per label set', async () => {
    const registry = new Registry();
    const counter = newCounterFrom({
      name: 'requests_total',
      help: 'Requests.',
      labelNames: ['method'],
      registry,
    });
    const rand = rng(1);
    const want: Record<string, number> = { GET: 0, POST: 0 };
    for (let i = 0; i < 1000; i++) {
      const method = i % 3 === 0 ? 'POST' : 'GET';
      const delta = Math.floor(rand() * 10);
      want[method] = (want[method] ?? 0) + delta;
      counter.with('method', method).add(delta);
    }
    assert.equal(await valueOf(registry, 'requests_total', { method: 'GET' }), want['GET']);
    assert.equal(await valueOf(registry, 'requests_total', { method: 'POST' }), want['POST']);
    // Collecting twice does not add twice.
    assert.equal(await valueOf(registry, 'requests_total', { method: 'GET' }), want['GET']);
    counter.with('method', 'GET').add(1);
    assert.equal(
      await valueOf(registry, 'requests_total', { method: 'GET' }),
      (want['GET'] ?? 0) + 1,
    );
  });

  it('builds the name from namespace, subsystem and name, and takes the registry as 2nd argument', async () => {
    const registry = new Registry();
    const counter = newCounterFrom(
      { namespace: 'my_group', subsystem: 'string_service', name: 'hits_total', help: 'Hits.' },
      registry,
    );
    counter.add(3);
    assert.equal(await valueOf(registry, 'my_group_string_service_hits_total'), 3);
  });

  it("never registers with prom-client's global registry by default", async () => {
    const counter = newCounterFrom({ name: 'svckit_default_registry_total', help: 'Default.' });
    counter.add(2);
    assert.match(await defaultRegistry.metrics(), /^svckit_default_registry_total 2$/m);
    assert.doesNotMatch(await globalRegistry.metrics(), /svckit_default_registry_total/);
    assert.notEqual(defaultRegistry, globalRegistry);
  });

  it('shows a series at 0 from the first with(...).add(0)', async () => {
    const registry = new Registry();
    const counter = newCounterFrom({ name: 'zero_total', help: 'Z.', labelNames: ['k'], registry });
    counter.with('k', 'v').add(0);
    assert.equal(await valueOf(registry, 'zero_total', { k: 'v' }), 0);
  });

  it('rejects negative and non-finite deltas', () => {
    const counter = newCounterFrom({ name: 'neg_total', help: 'N.', registry: new Registry() });
    assert.throws(() => counter.add(-1), RangeError);
    assert.throws(() => counter.add(Number.NaN), RangeError);
    assert.throws(() => counter.add(Number.POSITIVE_INFINITY), RangeError);
  });

  it('wraps an existing prom-client counter and keeps its own collect hook', async () => {
    const registry = new Registry();
    let collected = 0;
    const prom = new PromCounter({
      name: 'wrapped_total',
      help: 'W.',
      labelNames: ['a'],
      registers: [registry],
      collect() {
        collected++;
      },
    });
    const counter = newCounter(prom);
    counter.with('a', 'x').add(4);
    assert.equal(await valueOf(registry, 'wrapped_total', { a: 'x' }), 4);
    assert.equal(collected, 1);
  });
});

describe('prometheus labels', () => {
  it('with never mutates the receiver', async () => {
    const registry = new Registry();
    const counter = newCounterFrom({
      name: 'immutable_total',
      help: 'I.',
      labelNames: ['a', 'b'],
      registry,
    });
    const a1 = counter.with('a', '1');
    const a1b1 = a1.with('b', '1');
    const a1b2 = a1.with('b', '2');
    a1b1.add(1);
    a1b2.add(10);
    assert.equal(await valueOf(registry, 'immutable_total', { a: '1', b: '1' }), 1);
    assert.equal(await valueOf(registry, 'immutable_total', { a: '1', b: '2' }), 10);
    // a1 itself still lacks b, and the root lacks both.
    assert.throws(() => a1.add(1), /no value for label "b"/);
    assert.throws(() => counter.add(1), /no value for label "a"/);
  });

  it('pads an odd list of label values with "unknown"', async () => {
    const registry = new Registry();
    const counter = newCounterFrom({ name: 'odd_total', help: 'O.', labelNames: ['a'], registry });
    counter.with('a').add(1);
    assert.equal(await valueOf(registry, 'odd_total', { a: 'unknown' }), 1);
  });

  it('rejects an undeclared label name with an error naming the metric and its labels', () => {
    const counter = newCounterFrom({
      namespace: 'ns',
      name: 'bad_total',
      help: 'B.',
      labelNames: ['method', 'error'],
      registry: new Registry(),
    });
    assert.throws(
      () => counter.with('methd', 'GET'),
      (err: unknown) => {
        assert.ok(err instanceof InconsistentLabelsError);
        assert.equal(err.metric, 'ns_bad_total');
        assert.deepEqual(err.expected, ['method', 'error']);
        assert.match(err.message, /"ns_bad_total"/);
        assert.match(err.message, /unknown label name "methd"/);
        assert.match(err.message, /\[method, error\]/);
        return true;
      },
    );
  });

  it('rejects a missing label value when the metric is used', () => {
    const histogram = newHistogramFrom({
      name: 'missing_seconds',
      help: 'M.',
      labelNames: ['method', 'error'],
      registry: new Registry(),
    });
    assert.throws(
      () => histogram.with('method', 'GET').observe(1),
      (err: unknown) =>
        err instanceof InconsistentLabelsError && /no value for label "error"/.test(err.message),
    );
  });

  it('rejects labels on a metric that declared none', () => {
    const gauge = newGaugeFrom({ name: 'plain', help: 'P.', registry: new Registry() });
    assert.throws(() => gauge.with('a', 'b'), /declares no labels/);
  });

  it('keeps label values that contain the separator apart', async () => {
    const registry = new Registry();
    const counter = newCounterFrom({
      name: 'nul_total',
      help: 'N.',
      labelNames: ['a', 'b'],
      registry,
    });
    counter.with('a', 'x\u0000', 'b', 'y').add(1);
    counter.with('a', 'x', 'b', '\u0000y').add(2);
    assert.equal(await valueOf(registry, 'nul_total', { a: 'x\u0000', b: 'y' }), 1);
    assert.equal(await valueOf(registry, 'nul_total', { a: 'x', b: '\u0000y' }), 2);
  });

  it('lets a later value of the same label win, as Go kit does', async () => {
    const registry = new Registry();
    const counter = newCounterFrom({
      name: 'later_total',
      help: 'L.',
      labelNames: ['a'],
      registry,
    });
    counter.with('a', 'first').with('a', 'second').add(1);
    assert.equal(await valueOf(registry, 'later_total', { a: 'second' }), 1);
    assert.equal(await valueOf(registry, 'later_total', { a: 'first' }), undefined);
  });
});

describe('prometheus gauge', () => {
  it('reports the last value after set and add', async () => {
    const registry = new Registry();
    const gauge = newGaugeFrom({ name: 'queue_depth', help: 'Q.', labelNames: ['q'], registry });
    const rand = rng(2);
    let want = 0;
    for (let i = 0; i < 500; i++) {
      if (i % 5 === 0) {
        want = Math.round(rand() * 100);
        gauge.with('q', 'a').set(want);
      } else {
        const d = Math.round(rand() * 10) - 5;
        want += d;
        gauge.with('q', 'a').add(d);
      }
    }
    assert.equal(await valueOf(registry, 'queue_depth', { q: 'a' }), want);
    gauge.with('q', 'a').set(-3.5);
    assert.equal(await valueOf(registry, 'queue_depth', { q: 'a' }), -3.5);
  });
});

describe('prometheus histogram', () => {
  it('counts observations into cumulative buckets with sum and count', async () => {
    const registry = new Registry();
    const buckets = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];
    const histogram = newHistogramFrom({
      name: 'latency_seconds',
      help: 'L.',
      labelNames: ['method'],
      buckets,
      registry,
    });
    const rand = rng(3);
    const values: number[] = [];
    for (let i = 0; i < 2000; i++) {
      const v = normal(rand, 0.5, 0.1);
      values.push(v);
      histogram.with('method', 'GET').observe(v);
    }
    const name = 'latency_seconds';
    const count = await valueOf(registry, name, { method: 'GET' }, `${name}_count`);
    const sum = await valueOf(registry, name, { method: 'GET' }, `${name}_sum`);
    assert.equal(count, values.length);
    assert.ok(Math.abs((sum ?? 0) - values.reduce((a, b) => a + b, 0)) < 1e-6);
    for (const le of buckets) {
      const got = await valueOf(
        registry,
        name,
        { method: 'GET', le: String(le) },
        `${name}_bucket`,
      );
      assert.equal(got, values.filter((v) => v <= le).length, `bucket le=${le}`);
    }
    // The normal distribution puts about half the mass below the mean.
    const atMean = await valueOf(registry, name, { method: 'GET', le: '0.5' }, `${name}_bucket`);
    assert.ok(Math.abs((atMean ?? 0) / values.length - 0.5) < 0.05);
  });
});

describe('prometheus histogram registration', () => {
  it('renders like prom-client: le first, +Inf, _sum and _count, and series from first use', async () => {
    const registry = new Registry();
    const h = newHistogramFrom({
      name: 'render_seconds',
      help: 'R.',
      labelNames: ['method'],
      buckets: [0.1, 1],
      registry,
    });
    h.with('method', 'a').observe(0.1); // on the bound: counted in le="0.1"
    h.with('method', 'a').observe(5);
    const text = await registry.metrics();
    assert.match(text, /^# TYPE render_seconds histogram$/m);
    assert.match(text, /^render_seconds_bucket\{le="0\.1",method="a"\} 1$/m);
    assert.match(text, /^render_seconds_bucket\{le="1",method="a"\} 1$/m);
    assert.match(text, /^render_seconds_bucket\{le="\+Inf",method="a"\} 2$/m);
    assert.match(text, /^render_seconds_sum\{method="a"\} 5\.1$/m);
    assert.match(text, /^render_seconds_count\{method="a"\} 2$/m);
    const json = await registry.getMetricsAsJSON();
    assert.equal(json[0]?.name, 'render_seconds');
  });

  it('is reset by registry.resetMetrics()', async () => {
    const registry = new Registry();
    const h = newHistogramFrom({ name: 'reset_seconds', help: 'R.', registry });
    h.observe(1);
    registry.resetMetrics();
    assert.match(await registry.metrics(), /^reset_seconds_count 0$/m);
  });

  it('rejects a duplicate name, a reserved or invalid label, bad buckets and non-finite values', () => {
    const registry = new Registry();
    const h = newHistogramFrom({ name: 'dup_seconds', help: 'D.', registry });
    assert.throws(
      () => newHistogramFrom({ name: 'dup_seconds', help: 'D.', registry }),
      /already been registered/,
    );
    assert.throws(
      () => newHistogramFrom({ name: 'le_seconds', help: 'L.', labelNames: ['le'], registry }),
      /"le" is a reserved label name/,
    );
    assert.throws(
      () => newHistogramFrom({ name: 'bad-name', help: 'B.', registry }),
      /invalid metric name "bad-name"/,
    );
    assert.throws(
      () => newHistogramFrom({ name: 'x_seconds', help: 'X.', labelNames: ['a-b'], registry }),
      /invalid label name "a-b"/,
    );
    assert.throws(
      () => newHistogramFrom({ name: 'y_seconds', help: 'Y.', buckets: [1, 1], registry }),
      /strictly ascending/,
    );
    assert.throws(() => h.observe(Number.NaN), TypeError);
  });

  it('wraps an existing prom-client histogram', async () => {
    const registry = new Registry();
    const prom = new PromHistogram({
      name: 'wrapped_seconds',
      help: 'W.',
      labelNames: ['m'],
      buckets: [1],
      registers: [registry],
    });
    const h = newHistogram(prom);
    h.with('m', 'x').observe(0.5);
    h.with('m', 'x').observe(2);
    assert.match(await registry.metrics(), /^wrapped_seconds_bucket\{le="1",m="x"\} 1$/m);
    assert.match(await registry.metrics(), /^wrapped_seconds_count\{m="x"\} 2$/m);
    assert.throws(() => h.with('n', 'x'), InconsistentLabelsError);
  });
});

describe('prometheus summary', () => {
  it('reports quantiles of a normal distribution within tolerance', async () => {
    const registry = new Registry();
    const summary = newSummaryFrom({
      name: 'size_bytes',
      help: 'S.',
      percentiles: [0.5, 0.9, 0.95, 0.99],
      registry,
    });
    const rand = rng(4);
    const values: number[] = [];
    for (let i = 0; i < 5000; i++) {
      const v = normal(rand, 500, 100);
      values.push(v);
      summary.observe(v);
    }
    values.sort((a, b) => a - b);
    for (const q of [0.5, 0.9, 0.95, 0.99]) {
      const got = await valueOf(registry, 'size_bytes', { quantile: String(q) });
      const want = values[Math.floor(q * (values.length - 1))] ?? 0;
      assert.ok(got !== undefined, `quantile ${q} reported`);
      assert.ok(Math.abs(got - want) / want < 0.02, `q${q}: got ${got}, want about ${want}`);
    }
  });
});

describe('prometheusProvider', () => {
  it('creates metrics under a namespace and subsystem with generated help', async () => {
    const registry = new Registry();
    const p = prometheusProvider({
      namespace: 'ns',
      subsystem: 'sub',
      labelNames: ['m'],
      registry,
    });
    p.newCounter('calls_total').with('m', 'a').add(2);
    p.newGauge('depth').with('m', 'a').set(3);
    p.newHistogram('took_seconds', 50).with('m', 'a').observe(0.2);
    await p.stop();
    const text = await registry.metrics();
    assert.match(text, /^# HELP ns_sub_calls_total Total count of calls_total$/m);
    assert.match(text, /^ns_sub_calls_total\{m="a"\} 2$/m);
    assert.match(text, /^# HELP ns_sub_depth Current value of depth$/m);
    assert.match(text, /^ns_sub_depth\{m="a"\} 3$/m);
    assert.match(text, /^ns_sub_took_seconds_count\{m="a"\} 1$/m);
  });
});
