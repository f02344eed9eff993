import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  background,
  CanceledError,
  contextError,
  DeadlineExceededError,
  withCancel,
  withTimeout,
} from '../context/index.js';
import type { Endpoint } from '../endpoint/index.js';
import { RateLimitError, delayingLimiter, erroringLimiter, tokenBucket } from './index.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function counting() {
  const ep = {
    calls: 0,
    endpoint: (async (_ctx, req) => {
      ep.calls++;
      return req;
    }) as Endpoint<string, string>,
  };
  return ep;
}

describe('token bucket', () => {
  it('starts full, refills lazily at the rate and never beyond the burst', () => {
    let clock = 1000;
    const bucket = tokenBucket({ rate: 10, burst: 3, now: () => clock });
    assert.deepEqual(
      [bucket.allow(), bucket.allow(), bucket.allow(), bucket.allow()],
      [true, true, true, false],
    );
    clock += 99; // 0.99 tokens
    assert.equal(bucket.allow(), false);
    clock += 1; // 1 token after 100 ms at 10/s
    assert.equal(bucket.allow(), true);
    assert.equal(bucket.allow(), false);
    clock += 60_000;
    assert.equal(bucket.tokens(), 3, 'capped at the burst');
  });

  it('refills on the real monotonic clock', async () => {
    const bucket = tokenBucket({ rate: 20, burst: 1 }); // one token per 50 ms
    assert.equal(bucket.allow(), true);
    assert.equal(bucket.allow(), false);
    await sleep(60);
    assert.equal(bucket.allow(), true);
  });

  it('an infinite rate allows everything', () => {
    const bucket = tokenBucket({ rate: Infinity, burst: 1 });
    for (let i = 0; i < 1000; i++) assert.equal(bucket.allow(), true);
  });

  it('rejects bad options with a RangeError', () => {
    assert.throws(() => tokenBucket({ rate: 0, burst: 1 }), RangeError);
    assert.throws(() => tokenBucket({ rate: 1, burst: 0 }), RangeError);
    assert.throws(() => tokenBucket({ rate: Number.NaN, burst: 1 }), RangeError);
  });
});

describe('erroring limiter', () => {
  it('the first call passes, the second is limited and never reaches the endpoint', async () => {
    const target = counting();
    const ep = erroringLimiter<string, string>(tokenBucket({ rate: 1, burst: 1 }))(target.endpoint);
    assert.equal(await ep(background(), 'a'), 'a');
    await assert.rejects(ep(background(), 'b'), (err: unknown) => {
      assert.ok(err instanceof RateLimitError);
      assert.equal((err as Error).message, 'rate limit exceeded');
      assert.equal((err as RateLimitError).code, 'resource_exhausted');
      assert.equal((err as RateLimitError).reason, 'RATE_LIMITED');
      return true;
    });
    assert.equal(target.calls, 1);
  });
});

describe('delaying limiter', () => {
  it('the first call passes at once; the second fails fast when the refill is past the deadline', async () => {
    const clock = 0; // refills only when the test says so
    const target = counting();
    const bucket = tokenBucket({ rate: 0.001, burst: 1, now: () => clock });
    const ep = delayingLimiter<string, string>(bucket)(target.endpoint);
    assert.equal(await ep(background(), 'a'), 'a');
    // The token is due in 1000 s, the deadline in 60 s: waiting is pointless.
    const [ctx, cancel] = withTimeout(background(), 60_000);
    let settled = false;
    const outcome = ep(ctx, 'b').then(
      () => 'resolved',
      (err: unknown) => err,
    );
    void outcome.then(() => (settled = true));
    // Fast means before any timer could run: settled within the current macrotask's microtasks,
    // neither after the deadline nor after a refill timer (no wall clock involved).
    await new Promise<void>((r) => setImmediate(r));
    assert.equal(settled, true, 'rejected at once, without waiting on a timer');
    assert.ok((await outcome) instanceof DeadlineExceededError);
    assert.equal(contextError(ctx), undefined, 'before the deadline');
    cancel();
    assert.equal(target.calls, 1);
    assert.equal(bucket.tokens(), 0, 'the token was not taken');
  });

  it('waits for the token when it comes before the deadline', async () => {
    const target = counting();
    const bucket = tokenBucket({ rate: 20, burst: 1 }); // one token per 50 ms
    const ep = delayingLimiter<string, string>(bucket)(target.endpoint);
    await ep(background(), 'a');
    // A ten-minute deadline: the call must wait for the token, not for the deadline.
    const [ctx, cancel] = withTimeout(background(), 600_000);
    const started = performance.now();
    assert.equal(await ep(ctx, 'b'), 'b');
    const took = performance.now() - started;
    assert.equal(contextError(ctx), undefined, 'answered before the deadline');
    cancel();
    assert.ok(took >= 40, `waited for the refill (took ${took} ms)`);
    assert.equal(target.calls, 2);
  });

  it('waiters are served in order, one refill apart', async () => {
    const bucket = tokenBucket({ rate: 50, burst: 1 }); // one token per 20 ms
    const order: number[] = [];
    const ep = delayingLimiter<number, number>(bucket)(async (_c, n) => {
      order.push(n);
      return n;
    });
    const started = performance.now();
    await Promise.all([0, 1, 2, 3].map((n) => ep(background(), n)));
    const took = performance.now() - started;
    assert.deepEqual(order, [0, 1, 2, 3]);
    assert.ok(took >= 50, `three refills of 20 ms (took ${took} ms)`);
  });

  it('a cancelled wait rejects with the context error, skips the endpoint and returns the token', async () => {
    const clock = 0;
    const target = counting();
    const bucket = tokenBucket({ rate: 10, burst: 1, now: () => clock });
    const ep = delayingLimiter<string, string>(bucket)(target.endpoint);
    await ep(background(), 'a');
    const [ctx, cancel] = withCancel(background());
    const waiting = ep(ctx, 'b');
    assert.equal(bucket.tokens(), -1, 'the waiter holds a reservation');
    cancel();
    await assert.rejects(waiting, CanceledError);
    assert.equal(target.calls, 1);
    assert.equal(bucket.tokens(), 0, 'the reservation was given back');
  });

  it('an already cancelled context is rejected without taking a token', async () => {
    const bucket = tokenBucket({ rate: 1, burst: 1 });
    const [ctx, cancel] = withCancel(background());
    cancel();
    await assert.rejects(delayingLimiter(bucket)(async () => 1)(ctx, 0), CanceledError);
    assert.equal(bucket.allow(), true);
  });
});
