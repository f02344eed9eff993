import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  background,
  CanceledError,
  DeadlineExceededError,
  remaining,
  withCancel,
  withTimeout,
} from '../context/index.js';
import type { Context } from '../context/index.js';
import { timeout } from './index.js';

describe('timeout middleware', () => {
  it('rejects with DeadlineExceededError when the endpoint never resolves', async () => {
    let seen: Context | undefined;
    const ep = timeout<string, string>(30)((ctx) => {
      seen = ctx;
      return new Promise<string>(() => {}); // ignores its signal, never settles
    });
    const started = performance.now();
    await assert.rejects(ep(background(), 'x'), (err: unknown) => {
      assert.ok(err instanceof DeadlineExceededError);
      assert.equal((err as Error).message, 'context deadline exceeded');
      return true;
    });
    const took = performance.now() - started;
    assert.ok(took >= 25 && took < 500, `fired at the deadline (took ${took} ms)`);
    assert.ok(seen?.signal.aborted, "the endpoint's context was aborted");
  });

  it('passes a derived context with the deadline down and cancels it after success', async () => {
    let seen: Context | undefined;
    const ep = timeout<string, string>(1000)(async (ctx, s) => {
      seen = ctx;
      assert.ok(remaining(ctx) > 900 && remaining(ctx) <= 1000);
      return s.toUpperCase();
    });
    assert.equal(await ep(background(), 'hi'), 'HI');
    assert.ok(seen?.signal.aborted, 'derived context cancelled once the call settled');
    assert.ok(seen?.signal.reason instanceof CanceledError);
  });

  it('passes errors through and cancels the derived context', async () => {
    let seen: Context | undefined;
    const boom = new Error('boom');
    const ep = timeout<string, string>(1000)(async (ctx) => {
      seen = ctx;
      throw boom;
    });
    await assert.rejects(ep(background(), 'x'), boom);
    assert.ok(seen?.signal.aborted);
  });

  it("keeps the caller's shorter deadline", async () => {
    const [ctx, cancel] = withTimeout(background(), 20);
    const ep = timeout<string, string>(60_000)(() => new Promise<string>(() => {}));
    const started = performance.now();
    await assert.rejects(ep(ctx, 'x'), DeadlineExceededError);
    assert.ok(performance.now() - started < 1000);
    cancel();
  });

  it("rejects with the caller's cancellation", async () => {
    const [ctx, cancel] = withCancel(background());
    const ep = timeout<string, string>(60_000)(() => new Promise<string>(() => {}));
    const pending = ep(ctx, 'x');
    cancel();
    await assert.rejects(pending, CanceledError);
  });

  it('rejects at once, without calling the endpoint, when the context is already done', async () => {
    const [ctx, cancel] = withCancel(background());
    cancel();
    let called = false;
    const ep = timeout<string, string>(1000)(async () => {
      called = true;
      return 'x';
    });
    await assert.rejects(ep(ctx, 'x'), CanceledError);
    assert.equal(called, false);
    assert.throws(() => timeout(-1), RangeError);
  });
});
