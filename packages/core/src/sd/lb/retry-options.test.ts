import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { background, isCanceled } from '../../context/index.js';
import type { Context } from '../../context/index.js';
import type { Endpoint } from '../../endpoint/index.js';
import { ServiceError } from '../../errors/index.js';
import { RateLimitError } from '../../ratelimit/index.js';
import { fixedEndpointer } from '../index.js';
import { backoffDelay, retry, retryWithCallback, RetryError, roundRobin } from './index.js';

/** recording returns an endpoint failing with errors[i] on call i (then succeeding), timing each call. */
function recording(errors: unknown[]) {
  const at: number[] = [];
  const endpoint: Endpoint<unknown, string> = async () => {
    at.push(performance.now());
    const err = errors[at.length - 1];
    if (err !== undefined) throw err;
    return 'ok';
  };
  return { at, balancer: roundRobin(fixedEndpointer([endpoint])) };
}

describe('retry: what it retries by default', () => {
  it("stops at once on the caller's own mistakes, limits and cancellation", async () => {
    for (const err of [
      new ServiceError('invalid_argument', 'a must be a number'),
      new ServiceError('not_found', 'no such user'),
      new ServiceError('permission_denied', 'no'),
      new ServiceError('unauthenticated', 'who'),
      new ServiceError('failed_precondition', 'frozen'),
      new ServiceError('unimplemented', 'no such method'),
      new RateLimitError(),
      new ServiceError('aborted', 'conflict'),
      { code: 'canceled', message: 'gone' },
    ]) {
      const { at, balancer } = recording([err, err, err]);
      await assert.rejects(retry(3, 1000, balancer)(background(), undefined), (e: unknown) => {
        assert.ok(e instanceof RetryError);
        assert.equal(e.final, err);
        assert.equal(e.code, (err as { code: string }).code, 'the final error gives the code');
        return true;
      });
      assert.equal(at.length, 1, `${(err as { code: string }).code} is sent once`);
    }
  });

  it("retries the callee's failures, a plain Error included (Go kit's lb.Retry)", async () => {
    for (const err of [
      new Error('plain'),
      new ServiceError('unavailable', 'down'),
      new ServiceError('internal', 'bug'),
      new ServiceError('deadline_exceeded', 'slow'),
      Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }),
    ]) {
      const { at, balancer } = recording([err, err]);
      assert.equal(await retry(3, 1000, balancer)(background(), undefined), 'ok');
      assert.equal(at.length, 3);
    }
  });

  it('retryable overrides the default (Go kit: every error)', async () => {
    const err = new ServiceError('invalid_argument', 'bad');
    const { at, balancer } = recording([err, err]);
    const ep = retry(3, 1000, balancer, { retryable: () => true });
    assert.equal(await ep(background(), undefined), 'ok');
    assert.equal(at.length, 3);
  });
});

describe('retry: waits between attempts', () => {
  it('backoffDelay is full jitter under a doubling, capped bound', () => {
    const b = { baseMs: 10, maxMs: 100 };
    assert.equal(
      backoffDelay(1, b, () => 0),
      0,
    );
    assert.equal(
      backoffDelay(1, b, () => 0.999),
      9,
    );
    assert.equal(
      backoffDelay(2, b, () => 0.999),
      19,
    );
    assert.equal(
      backoffDelay(3, b, () => 0.5),
      20,
    );
    assert.equal(
      backoffDelay(10, b, () => 0.999),
      99,
      'capped at maxMs',
    );
    assert.equal(
      backoffDelay(2000, b, () => 0.5),
      50,
      'no overflow',
    );
  });

  it('no back-off by default: the next attempt goes at once', async () => {
    const { at, balancer } = recording([new Error('a'), new Error('b')]);
    await retry(3, 5000, balancer)(background(), undefined);
    assert.equal(at.length, 3);
  });

  it('backoff spaces the attempts by at least the jittered delay', async () => {
    const { at, balancer } = recording([new Error('a'), new Error('b')]);
    const ep = retry(3, 60_000, balancer, {
      backoff: { baseMs: 30, maxMs: 1000 },
      random: () => 0.9,
    });
    assert.equal(await ep(background(), undefined), 'ok');
    const [t0, t1, t2] = at as [number, number, number];
    assert.ok(t1 - t0 >= 26, `first wait ${t1 - t0} ms >= 27`); // floor(0.9 * 30) = 27, 1 ms of timer slack
    assert.ok(t2 - t1 >= 53, `second wait ${t2 - t1} ms >= 54`); // floor(0.9 * 60) = 54
  });

  it("honours the callee's retryAfterMs (Retry-After) before the next attempt", async () => {
    const busy = new ServiceError('unavailable', 'busy', { retryAfterMs: 60 });
    const { at, balancer } = recording([busy]);
    assert.equal(await retry(3, 60_000, balancer)(background(), undefined), 'ok');
    assert.ok((at[1] as number) - (at[0] as number) >= 59, 'waited for the hint');
  });

  it('stops with the error when the hinted wait would pass the deadline', async () => {
    // A hint of ten minutes against a budget of a minute. Giving up at once is told apart from
    // waiting by the error: a RetryError with the callee's error, not the deadline's.
    const busy = new ServiceError('unavailable', 'busy', { retryAfterMs: 600_000 });
    const { at, balancer } = recording([busy, busy]);
    await assert.rejects(retry(3, 60_000, balancer)(background(), undefined), (e: unknown) => {
      assert.ok(e instanceof RetryError, 'gave up, not a deadline error');
      assert.equal(e.final, busy);
      return true;
    });
    assert.equal(at.length, 1);
  });

  it('retryWithCallback takes the same waits, and a wait ends with the deadline', async () => {
    const { at, balancer } = recording([new Error('a'), new Error('b'), new Error('c')]);
    const ep = retryWithCallback(80, balancer, undefined, {
      backoff: { baseMs: 1000, maxMs: 1000 },
      random: () => 0.99,
    });
    await assert.rejects(ep(background(), undefined), { code: 'deadline_exceeded' });
    assert.equal(at.length, 1, 'the deadline cut the wait short');
  });

  it('the attempts share one context, cancelled once the call settles', async () => {
    let seen: Context | undefined;
    const ep = retry(
      3,
      1000,
      roundRobin(
        fixedEndpointer([
          async (ctx: Context) => {
            seen = ctx;
            void ctx.signal;
            return 'ok';
          },
        ]),
      ),
    );
    await ep(background(), undefined);
    assert.ok(seen !== undefined && isCanceled(seen.signal.reason), 'cancelled after success');
  });

  it('validates the back-off', () => {
    const b = roundRobin(fixedEndpointer([async () => 'ok']));
    assert.throws(() => retry(3, 100, b, { backoff: { baseMs: 10, maxMs: 5 } }), RangeError);
    assert.throws(() => retry(3, 100, b, { backoff: { baseMs: -1, maxMs: 5 } }), RangeError);
  });
});
