import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { background, CanceledError, withCancel } from '../context/index.js';
import type { Endpoint } from '../endpoint/index.js';
import { BulkheadRejectedError, bulkhead, createBulkhead } from './index.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** An endpoint whose calls each wait for the test to open their gate. */
function gated() {
  const gates: (() => void)[] = [];
  const started: string[] = [];
  const endpoint: Endpoint<string, string> = (_ctx, req) => {
    started.push(req);
    return new Promise<string>((resolve) => gates.push(() => resolve(req)));
  };
  return { endpoint, gates, started };
}

describe('bulkhead', () => {
  it('never runs more than maxConcurrent calls at once', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const ep = bulkhead<number, number>({ maxConcurrent: 3, maxQueue: 100 })(async (_c, n) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await sleep(2 + (n % 3));
      inFlight--;
      return n;
    });
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => ep(background(), i)));
    assert.deepEqual(
      results,
      Array.from({ length: 30 }, (_, i) => i),
    );
    assert.equal(maxInFlight, 3);
  });

  it('rejects beyond the queue with "bulkhead full", without reaching the endpoint', async () => {
    const target = gated();
    const b = createBulkhead({ maxConcurrent: 1, maxQueue: 1 });
    const ep = bulkhead<string, string>(b)(target.endpoint);
    const first = ep(background(), 'a');
    const second = ep(background(), 'b');
    assert.equal(b.active, 1);
    assert.equal(b.queued, 1);
    await assert.rejects(ep(background(), 'c'), (err: unknown) => {
      assert.ok(err instanceof BulkheadRejectedError);
      assert.equal((err as Error).message, 'bulkhead full');
      assert.equal((err as BulkheadRejectedError).code, 'unavailable');
      assert.equal((err as BulkheadRejectedError).reason, 'BULKHEAD_REJECTED');
      assert.equal((err as BulkheadRejectedError).kind, 'full');
      return true;
    });
    assert.deepEqual(target.started, ['a']);
    target.gates[0]?.();
    assert.equal(await first, 'a');
    await sleep(0);
    assert.deepEqual(target.started, ['a', 'b'], 'the queued call got the freed slot');
    target.gates[1]?.();
    assert.equal(await second, 'b');
    assert.equal(b.active, 0);
    assert.equal(b.queued, 0);
  });

  it('the queue holds exactly maxQueue calls; with the default of 0, none', async () => {
    for (const maxQueue of [0, 1, 3]) {
      const target = gated();
      const b = createBulkhead({ maxConcurrent: 1, ...(maxQueue > 0 && { maxQueue }) });
      const ep = bulkhead<string, string>(b)(target.endpoint);
      const admitted = Array.from({ length: 1 + maxQueue }, (_, i) => ep(background(), `${i}`));
      assert.equal(b.queued, maxQueue, `maxQueue ${maxQueue}: all waiting`);
      // One more is refused at once: settled before any timer could run, never queued.
      let refused: unknown;
      ep(background(), 'over').then(
        () => (refused = 'admitted'),
        (err: unknown) => (refused = err),
      );
      await new Promise<void>((r) => setImmediate(r));
      assert.ok(
        refused instanceof BulkheadRejectedError,
        `maxQueue ${maxQueue}: ${String(refused)}`,
      );
      assert.equal(refused.kind, 'full');
      assert.equal(b.queued, maxQueue);
      for (let i = 0; i <= maxQueue; i++) {
        await sleep(0);
        target.gates[i]?.();
      }
      assert.deepEqual(
        await Promise.all(admitted),
        admitted.map((_, i) => `${i}`),
      );
      assert.equal(b.active, 0);
    }
  });

  it('a queued call whose context aborts leaves the queue and never runs', async () => {
    const target = gated();
    const b = createBulkhead({ maxConcurrent: 1, maxQueue: 2 });
    const ep = bulkhead<string, string>(b)(target.endpoint);
    const first = ep(background(), 'a');
    const [ctx, cancel] = withCancel(background());
    const abandoned = ep(ctx, 'b');
    const third = ep(background(), 'c');
    assert.equal(b.queued, 2);
    cancel();
    await assert.rejects(abandoned, CanceledError);
    assert.equal(b.queued, 1);
    target.gates[0]?.();
    await first;
    await sleep(0);
    target.gates[1]?.();
    assert.equal(await third, 'c');
    assert.deepEqual(target.started, ['a', 'c']);
    assert.equal(b.active, 0);
  });

  it('a queued call past queueTimeoutMs is rejected with kind queue-timeout', async () => {
    const target = gated();
    const b = createBulkhead({ maxConcurrent: 1, maxQueue: 1, queueTimeoutMs: 20 });
    const ep = bulkhead<string, string>(b)(target.endpoint);
    const first = ep(background(), 'a');
    await assert.rejects(ep(background(), 'b'), (err: unknown) => {
      assert.ok(err instanceof BulkheadRejectedError);
      assert.equal((err as BulkheadRejectedError).kind, 'queue-timeout');
      return true;
    });
    assert.equal(b.queued, 0);
    target.gates[0]?.();
    await first;
    assert.equal(b.active, 0);
  });

  it('failing endpoints, sync or async, give their slot back', async () => {
    const b = createBulkhead({ maxConcurrent: 1 });
    const boom = new Error('boom');
    await assert.rejects(
      bulkhead<string, string>(b)(async () => {
        throw boom;
      })(background(), 'x'),
      boom,
    );
    await assert.rejects(
      bulkhead<string, string>(b)(() => {
        throw boom;
      })(background(), 'x'),
      boom,
    );
    assert.equal(b.active, 0);
    assert.equal(b.tryAcquire(), true);
  });

  it('rejects bad options with a RangeError', () => {
    assert.throws(() => createBulkhead({ maxConcurrent: 0 }), RangeError);
    assert.throws(() => createBulkhead({ maxQueue: -1 }), RangeError);
    assert.throws(() => createBulkhead({ maxQueue: 1.5 }), RangeError);
  });

  it('keeps its invariants under random load with random cancellations', async () => {
    // A seeded generator, so a failure replays the same way.
    let seed = 42;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const b = createBulkhead({ maxConcurrent: 5, maxQueue: 20 });
    let inFlight = 0;
    let maxInFlight = 0;
    const ran = new Set<number>();
    const ep = bulkhead<number, number>(b)(async (_ctx, n) => {
      ran.add(n);
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await sleep(Math.floor(rand() * 4));
      inFlight--;
      return n;
    });
    const outcomes = await Promise.all(
      Array.from({ length: 300 }, async (_, n) => {
        await sleep(Math.floor(n / 3)); // arrivals spread over ~100 ms
        const [ctx, cancel] = withCancel(background());
        if (rand() < 0.2) setTimeout(cancel, Math.floor(rand() * 5));
        try {
          return { n, ok: await ep(ctx, n) };
        } catch (err) {
          return { n, err };
        } finally {
          cancel();
        }
      }),
    );
    let ok = 0;
    for (const o of outcomes) {
      if ('ok' in o) {
        assert.equal(o.ok, o.n);
        ok++;
      } else {
        assert.ok(o.err instanceof BulkheadRejectedError || o.err instanceof CanceledError);
        assert.equal(ran.has(o.n), false, `rejected call ${o.n} never ran`);
      }
    }
    assert.ok(ok > 0);
    assert.equal(maxInFlight, 5);
    assert.equal(b.active, 0);
    assert.equal(b.queued, 0);
  });
});
