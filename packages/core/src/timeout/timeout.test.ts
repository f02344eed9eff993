import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import {
  background,
  CanceledError,
  createKey,
  DeadlineExceededError,
  remaining,
  withCancel,
  withTimeout,
  withValue,
} from '../context/index.js';
import type { Context } from '../context/index.js';
import { timeout } from './index.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

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
    // Not before the deadline; a deadline that never fired would leave this test hanging.
    assert.ok(took >= 29, `fired at the deadline (took ${took} ms)`);
    assert.ok(seen?.signal.aborted, "the endpoint's context was aborted");
  });

  it('passes a derived context with the deadline down and cancels it after success', async () => {
    let seen: Context | undefined;
    const ep = timeout<string, string>(1000)(async (ctx, s) => {
      seen = ctx;
      return s.toUpperCase();
    });
    const before = Date.now();
    assert.equal(await ep(background(), 'hi'), 'HI');
    const after = Date.now();
    // The deadline is 1000 ms from the call, on the epoch clock, however slow the call was.
    const deadline = seen?.deadline as number;
    assert.ok(deadline >= before + 1000 && deadline <= after + 1000, `${deadline - before} ms`);
    assert.equal(remaining(seen as Context, before), deadline - before);
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
    let seen: Context | undefined;
    // Ten minutes: only the caller's deadline can end this call within the test's time.
    const ep = timeout<string, string>(600_000)((inner) => {
      seen = inner;
      return new Promise<string>(() => {});
    });
    await assert.rejects(ep(ctx, 'x'), DeadlineExceededError);
    assert.equal(seen?.deadline, ctx.deadline, "the endpoint got the caller's deadline");
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

  it('a timeout of 0 rejects at once, without calling the endpoint', async () => {
    let called = false;
    const ep = timeout<string, string>(0)(async () => {
      called = true;
      return 'x';
    });
    await assert.rejects(ep(background(), 'x'), DeadlineExceededError);
    assert.equal(called, false);
  });

  it('aborts a signal read during the call at the deadline', async () => {
    let aborted: unknown;
    const ep = timeout<string, string>(20)(
      (ctx) =>
        new Promise<string>((_resolve, reject) => {
          ctx.signal.addEventListener('abort', () => {
            aborted = ctx.signal.reason;
            reject(ctx.signal.reason);
          });
        }),
    );
    await assert.rejects(ep(background(), 'x'), DeadlineExceededError);
    assert.ok(aborted instanceof DeadlineExceededError);
  });

  it('times out each of many concurrent calls at its own deadline, and only the slow ones', async () => {
    const ep = timeout<number, number>(40)(
      (_ctx, n) => new Promise<number>((resolve) => (n % 2 === 0 ? resolve(n) : undefined)),
    );
    const started = performance.now();
    const first = Array.from({ length: 10 }, (_, i) => ep(background(), i));
    await sleep(20);
    const second = Array.from({ length: 10 }, (_, i) => ep(background(), i));
    const settle = (p: Promise<number>[]) =>
      Promise.all(
        p.map((x) =>
          x.then(
            (v) => ({ ok: v, at: performance.now() - started }),
            (e: unknown) => ({ err: e, at: performance.now() - started }),
          ),
        ),
      );
    const [a, b] = await Promise.all([settle(first), settle(second)]);
    for (const batch of [a, b]) {
      batch.forEach((r, i) => {
        if (i % 2 === 0) assert.equal((r as { ok: number }).ok, i);
        else assert.ok((r as { err: unknown }).err instanceof DeadlineExceededError);
      });
    }
    const late = (rs: typeof a) => rs.filter((_, i) => i % 2 === 1).map((r) => r.at);
    assert.ok(Math.min(...late(a)) >= 35, 'first batch expired at its deadline');
    assert.ok(Math.min(...late(b)) >= 55, 'second batch expired 20 ms later, not with the first');
  });

  it("the derived context carries the caller's values", async () => {
    const key = createKey<string>('user');
    const other = createKey<number>('n');
    const ep = timeout<string, string>(1000)(async (ctx) => {
      const inner = withValue(ctx, other, 1);
      return `${ctx.value(key)}:${inner.value(key)}:${inner.value(other)}`;
    });
    assert.equal(await ep(withValue(background(), key, 'ada'), 'x'), 'ada:ada:1');
  });

  it('does not keep the process alive once calls are done', async () => {
    const entry = fileURLToPath(new URL('./index.js', import.meta.url));
    const script = `
      const { timeout } = await import(${JSON.stringify(entry)});
      const ep = timeout(600000)(async () => 'ok');
      console.log(await ep({ signal: new AbortController().signal, deadline: undefined, value: () => undefined }, 'x'));
    `;
    // The call's timeout is ten minutes; the child is killed (and this rejects) after one.
    const out = await new Promise<string>((resolve, reject) =>
      execFile(
        process.execPath,
        ['--input-type=module', '-e', script],
        { timeout: 60_000 },
        (err, stdout) => (err ? reject(err) : resolve(stdout)),
      ),
    );
    assert.equal(out.trim(), 'ok');
  });

  it('settles every call correctly under staggered random load', async () => {
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    // Far above the 0-4 ms the quick calls take and the 5 ms of the cancellations, even when
    // a loaded machine runs their timers late: ordering, not speed, is what is asserted.
    const ms = 1000;
    const ep = timeout<number, number>(ms)((_ctx, n) =>
      n % 3 === 0 ? new Promise<number>(() => {}) : sleep(Math.floor(rand() * 5)).then(() => n),
    );
    const results = await Promise.all(
      Array.from({ length: 120 }, async (_, n) => {
        await sleep(Math.floor(n / 4));
        const [ctx, cancel] = withCancel(background());
        const cancelled = n % 3 === 0 && n % 2 === 0;
        if (cancelled) setTimeout(cancel, 5);
        const started = performance.now();
        try {
          return { n, cancelled, ok: await ep(ctx, n), took: performance.now() - started };
        } catch (err) {
          return { n, cancelled, err, took: performance.now() - started };
        } finally {
          cancel();
        }
      }),
    );
    for (const r of results) {
      if (r.n % 3 !== 0) {
        assert.equal(r.ok, r.n, `call ${r.n} finished well within its timeout`);
      } else if (r.cancelled) {
        // A CanceledError, not the deadline's error: it ended at the cancellation.
        assert.ok(r.err instanceof CanceledError, `call ${r.n} ends with its caller`);
      } else {
        assert.ok(r.err instanceof DeadlineExceededError, `call ${r.n} timed out`);
        assert.ok(r.took >= ms - 2, `call ${r.n} timed out at its own deadline (${r.took} ms)`);
      }
    }
  });
});
