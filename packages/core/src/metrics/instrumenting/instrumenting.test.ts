import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { background } from '../../context/index.js';
import type { Endpoint } from '../../endpoint/index.js';
import type { Counter, Histogram } from '../index.js';
import { withLabelValues } from '../index.js';
import { createCounter, createHistogram } from '../generic/index.js';
import { instrumenting } from './index.js';
import type { InstrumentingOptions } from './index.js';

/** Recorder keeps every add/observe with the label values it was bound to. */
interface Recorded {
  readonly labels: Record<string, string>;
  readonly value: number;
}

function recorder(): { counter: Counter; histogram: Histogram; calls: Recorded[] } {
  const calls: Recorded[] = [];
  const labelsOf = (lvs: readonly string[]): Record<string, string> => {
    const out: Record<string, string> = {};
    for (let i = 0; i < lvs.length; i += 2) out[lvs[i] as string] = lvs[i + 1] as string;
    return out;
  };
  const counter = (lvs: readonly string[]): Counter => ({
    with: (...more) => counter(withLabelValues(lvs, more)),
    add: (value) => void calls.push({ labels: labelsOf(lvs), value }),
  });
  const histogram = (lvs: readonly string[]): Histogram => ({
    with: (...more) => histogram(withLabelValues(lvs, more)),
    observe: (value) => void calls.push({ labels: labelsOf(lvs), value }),
  });
  return { counter: counter([]), histogram: histogram([]), calls };
}

interface Reply {
  v: string;
  err?: string;
  failed(): Error | undefined;
}

const uppercase: Endpoint<string, Reply> = async (_ctx, s) => {
  if (s === 'boom') throw new Error('transport broke');
  if (s === '') return { v: '', err: 'empty string', failed: () => new Error('empty string') };
  await new Promise((resolve) => setTimeout(resolve, 20));
  return { v: s.toUpperCase(), failed: () => undefined };
};

/** recorded instruments uppercase with a recorder for each metric and the other options given. */
function recorded(options: Omit<InstrumentingOptions, 'requests' | 'errors' | 'latency'>): {
  ep: Endpoint<string, Reply>;
  requests: ReturnType<typeof recorder>;
  errors: ReturnType<typeof recorder>;
  latency: ReturnType<typeof recorder>;
} {
  const requests = recorder();
  const errors = recorder();
  const latency = recorder();
  const ep = instrumenting<string, Reply>({
    requests: requests.counter,
    errors: errors.counter,
    latency: latency.histogram,
    ...options,
  })(uppercase);
  return { ep, requests, errors, latency };
}

describe('instrumenting middleware', () => {
  it('labels success, business error and thrown error apart', async () => {
    const { ep, requests, errors, latency } = recorded({ method: 'uppercase' });
    const ctx = background();

    assert.equal((await ep(ctx, 'hi')).v, 'HI');
    assert.equal((await ep(ctx, '')).err, 'empty string');
    await assert.rejects(ep(ctx, 'boom'), /transport broke/);

    assert.deepEqual(requests.calls, [
      { labels: { method: 'uppercase', error: 'false', outcome: 'success' }, value: 1 },
      { labels: { method: 'uppercase', error: 'true', outcome: 'business_error' }, value: 1 },
      { labels: { method: 'uppercase', error: 'true', outcome: 'error' }, value: 1 },
    ]);
    assert.deepEqual(errors.calls, [
      { labels: { method: 'uppercase', outcome: 'business_error' }, value: 1 },
      { labels: { method: 'uppercase', outcome: 'error' }, value: 1 },
    ]);
    assert.deepEqual(
      latency.calls.map((c) => c.labels),
      requests.calls.map((c) => c.labels),
    );
    // The successful call slept 20 ms on the real clock (the default): at least that, in
    // seconds. The exact figure and the units are checked on a fake clock below.
    const okLatency = latency.calls[0]?.value ?? 0;
    assert.ok(okLatency >= 0.019, `latency ${okLatency} s`);
  });

  it("uses exactly Go kit's labels with outcome: false", async () => {
    const { ep, requests, errors, latency } = recorded({ method: 'count', outcome: false });
    await ep(background(), '');
    assert.deepEqual(requests.calls, [{ labels: { method: 'count', error: 'true' }, value: 1 }]);
    assert.deepEqual(errors.calls, [{ labels: { method: 'count' }, value: 1 }]);
    assert.deepEqual(latency.calls[0]?.labels, { method: 'count', error: 'true' });
  });

  it('observes in the unit asked for, on its clock', async () => {
    // A fake clock: the call takes exactly 1250 ms, whatever the machine's load.
    const units = { seconds: 1.25, milliseconds: 1250, microseconds: 1_250_000 };
    for (const [unit, want] of Object.entries(units) as [
      'seconds' | 'milliseconds' | 'microseconds',
      number,
    ][]) {
      let clock = 10_000;
      const latency = recorder();
      const ep = instrumenting<string, string>({
        requests: recorder().counter,
        latency: latency.histogram,
        method: 'm',
        unit,
        now: () => clock,
      })(async (_ctx, s) => {
        clock += 1250;
        return s;
      });
      await ep(background(), 'x');
      assert.deepEqual(
        latency.calls.map((c) => c.value),
        [want],
        unit,
      );
    }
  });

  it('passes results and errors through unchanged and works without an errors counter', async () => {
    const requests = recorder();
    const failure = new Error('exact');
    const ep = instrumenting<number, number>({
      requests: requests.counter,
      latency: recorder().histogram,
      method: 'm',
    })(async (_ctx, n) => {
      if (n < 0) throw failure;
      return n * 2;
    });
    assert.equal(await ep(background(), 21), 42);
    await assert.rejects(ep(background(), -1), (err) => err === failure);
    assert.equal(requests.calls.length, 2);
  });

  it('rejects an unknown unit when created', () => {
    assert.throws(
      () =>
        instrumenting({
          requests: recorder().counter,
          latency: recorder().histogram,
          method: 'm',
          unit: 'hours' as 'seconds',
        }),
      /unknown latency unit "hours"/,
    );
  });

  it('drives generic metrics, read back per label set', async () => {
    const requests = createCounter('requests');
    const errors = createCounter('errors');
    const latency = createHistogram('latency_ms');
    const ep = instrumenting<string, Reply>({
      requests,
      errors,
      latency,
      method: 'uppercase',
      unit: 'milliseconds',
    })(uppercase);
    const ctx = background();
    for (let i = 0; i < 3; i++) await ep(ctx, 'ok');
    await ep(ctx, '');
    await ep(ctx, '');
    await assert.rejects(ep(ctx, 'boom'));
    const lv = (error: string, outcome: string): string[] => [
      'method',
      'uppercase',
      'error',
      error,
      'outcome',
      outcome,
    ];
    assert.equal(requests.with(...lv('false', 'success')).value(), 3);
    assert.equal(requests.with(...lv('true', 'business_error')).value(), 2);
    assert.equal(requests.with(...lv('true', 'error')).value(), 1);
    assert.equal(errors.with('method', 'uppercase', 'outcome', 'business_error').value(), 2);
    assert.equal(errors.with('method', 'uppercase', 'outcome', 'error').value(), 1);
    // Three successful calls slept ~20 ms each.
    const median = latency.with(...lv('false', 'success')).quantile(0.5);
    assert.ok(median >= 15 && median < 5000, `median ${median} ms`);
  });
});
