import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, it } from 'node:test';
import {
  background,
  contextError,
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
    let attempts = 0;
    const hang: Endpoint<unknown, string> = (ctx) => {
      seen = ctx;
      attempts++;
      return new Promise(() => {}); // ignores its signal on purpose
    };
    const started = Date.now();
    await assert.rejects(
      retry(999, 50, roundRobin(fixedEndpointer([hang])))(background(), undefined),
      DeadlineExceededError,
    );
    const took = Date.now() - started;
    // Not before the deadline; a timeout that never fired would leave this test hanging.
    assert.ok(took >= 45, `took ${took} ms`);
    assert.equal(attempts, 1, 'the hanging attempt was the only one: no attempt after it');
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
    let seen: Context | undefined;
    const hang: Endpoint<unknown, string> = (attemptCtx) => {
      seen = attemptCtx;
      return new Promise(() => {});
    };
    // The retry's own budget is ten minutes: only the caller's deadline can end this call.
    await assert.rejects(retry(3, 600_000, roundRobin(fixedEndpointer([hang])))(ctx, undefined), {
      name: 'DeadlineExceededError',
    });
    assert.equal(seen?.deadline, ctx.deadline, "the attempt had the caller's deadline");
    assert.ok(isDeadlineExceeded(contextError(ctx)), "ended with the caller's deadline");
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
    assert.ok(attempts >= 1, `attempts: ${attempts}`);
  });

  it('attempts after instant failures yield to the event loop (a timer runs between them)', async () => {
    // No wall-clock budget: a ten-minute timeout, and a caller who cancels from a timer. If
    // the attempts ran back to back in microtasks, the timer could not run until the deadline.
    let attempts = 0;
    let attemptsWhenTimerRan = -1;
    const [ctx, cancel] = withCancel(background());
    const reason = new Error('caller gave up');
    setTimeout(() => {
      attemptsWhenTimerRan = attempts;
      cancel(reason);
    }, 1);
    // Bounded: a loop that never yields gives up after a million attempts, and fails below.
    const ep = retryWithCallback(
      600_000,
      roundRobin(
        fixedEndpointer<unknown, string>([
          () => {
            attempts++;
            return Promise.reject(new Error('instant'));
          },
        ]),
      ),
      (attempt) => ({ keepTrying: attempt < 1_000_000 }),
    );
    await assert.rejects(ep(ctx, undefined), reason);
    assert.ok(attemptsWhenTimerRan >= 1, `attempts before the timer: ${attemptsWhenTimerRan}`);
    assert.equal(attempts, attemptsWhenTimerRan, 'no attempt after the caller cancelled');
  });

  it('max attempts of instant failures within a ten-minute budget: exactly max, in order', async () => {
    const seen: string[] = [];
    const ep = retry(
      5,
      600_000,
      roundRobin(
        fixedEndpointer<unknown, string>(
          ['a', 'b', 'c'].map((name) => () => {
            seen.push(name);
            return Promise.reject(new Error(name));
          }),
        ),
      ),
    );
    await assert.rejects(ep(background(), undefined), (err: unknown) => {
      assert.ok(err instanceof RetryError);
      assert.equal(err.message, 'b (previously: a; b; c; a)');
      return true;
    });
    assert.deepEqual(seen, ['a', 'b', 'c', 'a', 'b']);
  });

  it('concurrent calls through one retrying endpoint each get their own full timeout', async () => {
    let n = 0;
    const ep = retry(
      1,
      60,
      roundRobin(
        fixedEndpointer<unknown, string>([
          // odd calls hang, even calls answer
          () => (n++ % 2 === 0 ? new Promise(() => {}) : Promise.resolve('ok')),
        ]),
      ),
    );
    // Each call's time is measured from its own start: a later call sharing the first call's
    // deadline would end less than 60 ms after it began, however late it began.
    const settle = (p: () => Promise<string>) => {
      const began = Date.now();
      return p().then(
        (v) => ({ v, took: Date.now() - began }),
        (e: Error) => ({ v: e.name, took: Date.now() - began }),
      );
    };
    const first = [settle(() => ep(background(), 1)), settle(() => ep(background(), 2))];
    await new Promise((r) => setTimeout(r, 30));
    const later = [settle(() => ep(background(), 3)), settle(() => ep(background(), 4))];
    const [a, b, c, d] = await Promise.all([...first, ...later]);
    assert.equal(a?.v, 'DeadlineExceededError');
    assert.equal(b?.v, 'ok');
    assert.equal(c?.v, 'DeadlineExceededError');
    assert.equal(d?.v, 'ok');
    assert.ok(a!.took >= 58, `the first call timed out after ${a?.took} ms`);
    assert.ok(c!.took >= 58, `a later call timed out after ${c?.took} ms of its own`);
  });

  it('an idle retrying endpoint does not keep the process alive', () => {
    // One successful call with a 60 s timeout, then nothing: the process must exit at once.
    const script = `
      import { background } from ${JSON.stringify(new URL('../../context/index.js', import.meta.url).href)};
      import { fixedEndpointer } from ${JSON.stringify(new URL('../index.js', import.meta.url).href)};
      import { retry, roundRobin } from ${JSON.stringify(new URL('./index.js', import.meta.url).href)};
      const ep = retry(3, 600000, roundRobin(fixedEndpointer([async () => 'ok'])));
      console.log(await ep(background(), 'x'));
    `;
    // The retry's budget is ten minutes; the child is killed (and this throws) after one.
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    assert.equal(out.trim(), 'ok');
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

  it('passes each error to the callback unchanged, with attempt numbers from 1', async () => {
    const errors = [new Error('e1'), new Error('e2')];
    let i = 0;
    const seen: Array<[number, unknown]> = [];
    const ep = retryWithCallback(
      1000,
      roundRobin(fixedEndpointer<unknown, string>([() => Promise.reject(errors[i++ % 2])])),
      (attempt, err) => {
        seen.push([attempt, err]);
        return { keepTrying: attempt < 2 };
      },
    );
    await assert.rejects(ep(background(), undefined), RetryError);
    assert.deepEqual(seen, [
      [1, errors[0]],
      [2, errors[1]],
    ]);
    assert.equal(seen[0]?.[1], errors[0], 'the very same error object');
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
