import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTimer, unknownLabelValue, withLabelValues } from './index.js';
import type { Histogram } from './index.js';

describe('withLabelValues', () => {
  it('never mutates the existing list and pads an odd count with "unknown"', () => {
    const a = Object.freeze(['a', '1']);
    const b = withLabelValues(a, ['b']);
    assert.deepEqual(a, ['a', '1']);
    assert.deepEqual(b, ['a', '1', 'b', unknownLabelValue]);
    assert.notEqual(withLabelValues(a, []), a);
  });
});

describe('createTimer', () => {
  it('observes elapsed time in seconds by default and in the configured unit', () => {
    let now = 1000;
    const seen: number[] = [];
    const h: Histogram = { with: () => h, observe: (v) => void seen.push(v) };
    const sec = createTimer(h, { now: () => now });
    const ms = createTimer(h, { now: () => now, unit: 'ms' });
    now += 1500;
    assert.equal(sec.observeDuration(), 1.5);
    assert.equal(ms.observeDuration(), 1500);
    assert.deepEqual(seen, [1.5, 1500]);
    now -= 10_000; // a clock step backwards is observed as 0, never negative
    assert.equal(sec.observeDuration(), 0);
    assert.throws(() => createTimer(h, { unit: 'minutes' as 's' }), /unknown unit/);
  });

  it('measures real time with performance.now', async () => {
    const seen: number[] = [];
    const h: Histogram = { with: () => h, observe: (v) => void seen.push(v) };
    const t = createTimer(h, { unit: 'ms' });
    await new Promise((r) => setTimeout(r, 20));
    t.observeDuration();
    assert.ok(seen[0]! >= 15 && seen[0]! < 1000, `observed ${seen[0]}`);
  });
});
