import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  background,
  createKey,
  DeadlineExceededError,
  isDeadlineExceeded,
  withCancel,
  withTimeout,
  withValue,
} from '../../context/index.js';
import type { Context } from '../../context/index.js';
import type { Endpoint } from '../../endpoint/index.js';
import { fixedEndpointer } from '../index.js';
import { NoEndpointsError, retry, retryWithCallback, RetryError, roundRobin } from './index.js';

const failing =
  (message: string): Endpoint<unknown, string> =>
  async () => {
    throw new Error(message);
  };
const ok: Endpoint<unknown, string> = async () => 'ok';
// Only the third endpoint works, as in Go kit's retry tests.
const onlyThirdWorks = () => roundRobin(fixedEndpointer([failing('e1'), failing('e2'), ok]));

describe('retry', () => {
  it('max 2 fails when only the third endpoint works', async () => {
    const ep = retry(2, 1000, onlyThirdWorks());
    await assert.rejects(ep(background(), undefined), (err: unknown) => {
      assert.ok(err instanceof RetryError);
      assert.deepEqual(
        err.rawErrors.map((e) => (e as Error).message),
        ['e1', 'e2'],
      );
      assert.equal((err.final as Error).message, 'e2');
      assert.equal(err.message, 'e2 (previously: e1)');
      return true;
    });
  });

  it('max 3 succeeds when only the third endpoint works', async () => {
    assert.equal(await retry(3, 1000, onlyThirdWorks())(background(), undefined), 'ok');
  });

  it('a single failure has no "previously" suffix', async () => {
    const ep = retry(1, 1000, roundRobin(fixedEndpointer([failing('only')])));
    await assert.rejects(ep(background(), undefined), { name: 'RetryError', message: 'only' });
  });

  it('counts balancer errors as attempts', async () => {
    const ep = retry(2, 1000, roundRobin(fixedEndpointer<unknown, string>([])));
    await assert.rejects(ep(background(), undefined), (err: unknown) => {
      assert.ok(err instanceof RetryError);
      assert.ok(err.final instanceof NoEndpointsError);
      assert.equal(err.message, 'no endpoints available (previously: no endpoints available)');
      return true;
    });
  });

  it('the overall timeout gives the deadline error and aborts the attempt in flight', async () => {
    let seen: Context | undefined;
    const hang: Endpoint<unknown, string> = (ctx) => {
      seen = ctx;
      return new Promise(() => {}); // ignores its signal on purpose
    };
    const started = Date.now();
    await assert.rejects(
      retry(999, 50, roundRobin(fixedEndpointer([hang])))(background(), undefined),
      DeadlineExceededError,
    );
    const took = Date.now() - started;
    assert.ok(took >= 45 && took < 1000, `took ${took} ms`);
    assert.ok(seen !== undefined);
    assert.equal(seen.signal.aborted, true);
    assert.ok(isDeadlineExceeded(seen.signal.reason));
  });

  it('a signal read before the deadline aborts at the deadline', async () => {
    const aborted = new Promise<unknown>((resolve, reject) => {
      const ep = retry(
        3,
        40,
        roundRobin(
          fixedEndpointer<unknown, string>([
            (ctx) =>
              new Promise((_, rej) => {
                ctx.signal.addEventListener('abort', () => {
                  resolve(ctx.signal.reason);
                  rej(ctx.signal.reason);
                });
              }),
          ]),
        ),
      );
      ep(background(), undefined).catch((e: unknown) => (isDeadlineExceeded(e) ? null : reject(e)));
    });
    assert.ok(isDeadlineExceeded(await aborted));
  });

  it("never outlives the caller's shorter deadline", async () => {
    const [ctx, cancel] = withTimeout(background(), 30);
    const hang: Endpoint<unknown, string> = () => new Promise(() => {});
    const started = Date.now();
    await assert.rejects(retry(3, 10_000, roundRobin(fixedEndpointer([hang])))(ctx, undefined), {
      name: 'DeadlineExceededError',
    });
    assert.ok(Date.now() - started < 1000);
    cancel();
  });

  it("rejects with the caller's reason when the caller cancels", async () => {
    const [ctx, cancel] = withCancel(background());
    const hang: Endpoint<unknown, string> = () => new Promise(() => {});
    const call = retry(3, 10_000, roundRobin(fixedEndpointer([hang])))(ctx, undefined);
    const reason = new Error('client went away');
    cancel(reason);
    await assert.rejects(call, reason);
  });

  it('passes context values (also through contexts derived from the attempt)', async () => {
    const key = createKey<string>('trace');
    const inner = createKey<number>('inner');
    const ep = retry(
      1,
      1000,
      roundRobin(
        fixedEndpointer<unknown, string>([
          async (ctx) => {
            const child = withValue(ctx, inner, 1);
            const [grandchild, cancel] = withCancel(child);
            cancel();
            return `${ctx.value(key)}/${grandchild.value(key)}/${grandchild.value(inner)}`;
          },
        ]),
      ),
    );
    assert.equal(await ep(withValue(background(), key, 't1'), undefined), 't1/t1/1');
  });

  it('always-failing instant endpoints cannot starve the deadline timer', async () => {
    let attempts = 0;
    const ep = retryWithCallback(
      40,
      roundRobin(
        fixedEndpointer<unknown, string>([
          () => {
            attempts++;
            return Promise.reject(new Error('instant'));
          },
        ]),
      ),
    );
    await assert.rejects(ep(background(), undefined), DeadlineExceededError);
    assert.ok(attempts > 1, `attempts: ${attempts}`);
  });

  it('validates its arguments', () => {
    const b = onlyThirdWorks();
    assert.throws(() => retry(0, 100, b), RangeError);
    assert.throws(() => retry(1.5, 100, b), RangeError);
    assert.throws(() => retry(1, 0, b), RangeError);
    assert.throws(() => retryWithCallback(Number.NaN, b), RangeError);
  });
});

describe('retry with callback', () => {
  it('stops when the callback says so, with its own final error', async () => {
    const attempts: number[] = [];
    const myFinal = new Error('giving up: backend is read-only');
    const ep = retryWithCallback(1000, onlyThirdWorks(), (attempt, err) => {
      attempts.push(attempt);
      if ((err as Error).message === 'e2') return { keepTrying: false, error: myFinal };
      return { keepTrying: true };
    });
    await assert.rejects(ep(background(), undefined), (err: unknown) => {
      assert.ok(err instanceof RetryError);
      assert.equal(err.final, myFinal);
      assert.deepEqual(
        err.rawErrors.map((e) => (e as Error).message),
        ['e1', 'e2'],
      );
      assert.equal(err.message, 'giving up: backend is read-only (previously: e1)');
      return true;
    });
    assert.deepEqual(attempts, [1, 2]);
  });

  it('keeps trying until an endpoint works', async () => {
    const ep = retryWithCallback(1000, onlyThirdWorks(), () => ({ keepTrying: true }));
    assert.equal(await ep(background(), undefined), 'ok');
  });

  it('a callback that throws stops with what it threw', async () => {
    const boom = new Error('callback bug');
    const ep = retryWithCallback(1000, onlyThirdWorks(), () => {
      throw boom;
    });
    await assert.rejects(ep(background(), undefined), (err: unknown) => {
      assert.ok(err instanceof RetryError);
      assert.equal(err.final, boom);
      return true;
    });
  });
});
