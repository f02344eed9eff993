import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  background,
  CanceledError,
  contextError,
  createKey,
  DeadlineExceededError,
  isCanceled,
  isDeadlineExceeded,
  remaining,
  withCancel,
  withDeadline,
  withSignal,
  withTimeout,
  withValue,
} from './index.js';
import type { Context, ContextKey } from './index.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('context values', () => {
  const userKey = createKey<string>('user');
  const countKey = createKey<number>('count', 7);

  it('returns values stored under typed keys, through the chain', () => {
    const ctx = withValue(withValue(background(), userKey, 'ada'), countKey, 3);
    const [child, cancel] = withCancel(ctx);
    assert.equal(child.value(userKey), 'ada');
    assert.equal(child.value(countKey), 3);
    cancel();
  });

  it('is immutable: a child value does not leak into the parent', () => {
    const parent = withValue(background(), userKey, 'ada');
    const child = withValue(parent, userKey, 'grace');
    assert.equal(parent.value(userKey), 'ada');
    assert.equal(child.value(userKey), 'grace');
  });

  it('returns the default value, or undefined, for missing keys', () => {
    assert.equal(background().value(countKey), 7);
    assert.equal(background().value(userKey), undefined);
  });

  it("finds a value held by a caller's own Context implementation below derived contexts", () => {
    const tenantKey = createKey<string>('tenant');
    const foreign: Context = {
      signal: new AbortController().signal,
      deadline: undefined,
      value: <T>(key: ContextKey<T>) => (key === tenantKey ? ('acme' as T) : key.defaultValue),
    };
    const [child, cancel] = withCancel(withValue(foreign, userKey, 'ada'));
    assert.equal(child.value(tenantKey), 'acme');
    assert.equal(child.value(userKey), 'ada');
    assert.equal(child.value(countKey), 7);
    cancel();
  });

  it('keys with the same name never collide', () => {
    const a = createKey<string>('id');
    const b = createKey<string>('id');
    const ctx = withValue(background(), a, 'x');
    assert.equal(ctx.value(b), undefined);
  });
});

describe('context cancellation', () => {
  it('background is never cancelled and has no deadline', () => {
    assert.equal(background().signal.aborted, false);
    assert.equal(background().deadline, undefined);
    assert.equal(remaining(background()), Infinity);
    assert.equal(contextError(background()), undefined);
  });

  it('cancel aborts the signal with a CanceledError and is idempotent', () => {
    const [ctx, cancel] = withCancel(background());
    assert.equal(ctx.signal.aborted, false);
    cancel();
    cancel();
    assert.equal(ctx.signal.aborted, true);
    assert.ok(ctx.signal.reason instanceof CanceledError);
    assert.equal((ctx.signal.reason as Error).message, 'context canceled');
    assert.ok(isCanceled(contextError(ctx)));
  });

  it('cancel accepts a cause', () => {
    const [ctx, cancel] = withCancel(background());
    const cause = new Error('shutting down');
    cancel(cause);
    assert.equal(ctx.signal.reason, cause);
  });

  it('cancelling a parent cancels every descendant with the same reason', () => {
    const [parent, cancelParent] = withCancel(background());
    const [child, cancelChild] = withCancel(withValue(parent, createKey('k'), 1));
    const [grandchild, cancelGrandchild] = withTimeout(child, 60_000);
    cancelParent();
    assert.equal(child.signal.aborted, true);
    assert.equal(grandchild.signal.aborted, true);
    assert.equal(grandchild.signal.reason, parent.signal.reason);
    cancelChild();
    cancelGrandchild();
  });

  it('cancelling a parent fires the abort listeners of observed descendants, in order', () => {
    // The signals are read (observed) before the cancel: the live path, not the lazy one.
    const [parent, cancelParent] = withCancel(background());
    const [child, cancelChild] = withCancel(withValue(parent, createKey('k'), 1));
    const [grandchild, cancelGrandchild] = withTimeout(child, 60_000);
    const fired: string[] = [];
    child.signal.addEventListener('abort', () => fired.push('child'));
    grandchild.signal.addEventListener('abort', () => fired.push('grandchild'));
    const why = new Error('shutting down');
    cancelParent(why);
    assert.deepEqual(fired, ['child', 'grandchild']);
    assert.equal(child.signal.reason, why);
    assert.equal(grandchild.signal.reason, why);
    assert.equal(contextError(grandchild), why);
    cancelChild();
    cancelGrandchild();
  });

  it("an unobserved child of a cancelled parent has the parent's reason, lazily", () => {
    const [parent, cancelParent] = withCancel(background());
    const [child, cancelChild] = withCancel(parent);
    const [other, cancelOther] = withCancel(parent);
    const why = new Error('parent went away');
    cancelParent(why);
    assert.equal(contextError(child), why, 'contextError reads it without a signal');
    cancelChild(); // a later cancel of the child keeps the parent's reason
    assert.equal(child.signal.reason, why);
    cancelOther(); // cancelled before anything read it: the parent came first all the same
    assert.equal(contextError(other), why);
    assert.equal(other.signal.reason, why);
  });

  it('cancelling a child leaves the parent alive', () => {
    const [parent, cancelParent] = withCancel(background());
    const [child, cancelChild] = withCancel(parent);
    cancelChild();
    assert.equal(child.signal.aborted, true);
    assert.equal(parent.signal.aborted, false);
    cancelParent();
  });

  it('a child of a cancelled parent starts cancelled', () => {
    const [parent, cancelParent] = withCancel(background());
    cancelParent();
    const [child] = withCancel(parent);
    assert.equal(child.signal.aborted, true);
  });

  it('withSignal ties a context to an external AbortSignal', () => {
    const controller = new AbortController();
    const [ctx, cancel] = withSignal(background(), controller.signal);
    const reason = new Error('client went away');
    controller.abort(reason);
    assert.equal(ctx.signal.aborted, true);
    assert.equal(ctx.signal.reason, reason);
    cancel();
  });

  it('withSignal, observed: the external abort fires the context listeners and its children', () => {
    const controller = new AbortController();
    const [ctx, cancel] = withSignal(background(), controller.signal);
    const [child, cancelChild] = withCancel(ctx);
    const fired: string[] = [];
    ctx.signal.addEventListener('abort', () => fired.push('ctx'));
    child.signal.addEventListener('abort', () => fired.push('child'));
    const reason = new Error('client went away');
    controller.abort(reason);
    assert.deepEqual(fired, ['ctx', 'child']);
    assert.equal(child.signal.reason, reason);
    cancelChild();
    cancel();
  });

  it('cancel detaches the child from its parent (no listener leak)', () => {
    const [parent, cancelParent] = withCancel(background());
    let aborts = 0;
    for (let i = 0; i < 1000; i++) {
      const [child, cancel] = withCancel(parent);
      child.signal.addEventListener('abort', () => aborts++);
      cancel();
    }
    assert.equal(aborts, 1000);
    cancelParent();
    assert.equal(aborts, 1000, 'cancelled children must not be aborted again by the parent');
  });
});

describe('context deadlines', () => {
  it('withTimeout fires its timer with DeadlineExceededError', async () => {
    const before = Date.now();
    const [ctx, cancel] = withTimeout(background(), 20);
    const after = Date.now();
    // The deadline is 20 ms from the call, on the epoch clock (however late this line runs).
    const deadline = ctx.deadline as number;
    assert.ok(deadline >= before + 20 && deadline <= after + 20, `deadline ${deadline - before}`);
    assert.equal(remaining(ctx, before), deadline - before);
    const aborted = new Promise<unknown>((resolve) =>
      ctx.signal.addEventListener('abort', () => resolve(ctx.signal.reason)),
    );
    const reason = await aborted;
    assert.ok(reason instanceof DeadlineExceededError);
    assert.equal((reason as Error).message, 'context deadline exceeded');
    assert.ok(isDeadlineExceeded(reason));
    assert.ok(remaining(ctx) <= 0);
    cancel();
  });

  it('cancel before the deadline stops the timer: reason stays CanceledError', async () => {
    // Observed (the timer armed) and not: a timer cannot run between two synchronous lines, so
    // the cancel comes first however loaded the machine.
    for (const observed of [true, false]) {
      const [ctx, cancel] = withTimeout(background(), 15);
      if (observed) void ctx.signal;
      cancel();
      await sleep(30);
      assert.ok(ctx.signal.reason instanceof CanceledError, `observed: ${observed}`);
    }
  });

  it("a child's deadline never exceeds its parent's", async () => {
    const [parent, cancelParent] = withTimeout(background(), 20);
    const [child, cancelChild] = withTimeout(parent, 60_000);
    assert.equal(child.deadline, parent.deadline);
    await sleep(40);
    assert.ok(isDeadlineExceeded(child.signal.reason));
    cancelChild();
    cancelParent();
  });

  it('a shorter child deadline fires before the parent', async () => {
    const [parent, cancelParent] = withTimeout(background(), 60_000);
    const [child, cancelChild] = withTimeout(parent, 10);
    assert.ok((child.deadline as number) < (parent.deadline as number));
    await sleep(30);
    assert.equal(child.signal.aborted, true);
    assert.equal(parent.signal.aborted, false);
    cancelChild();
    cancelParent();
  });

  it('a deadline already in the past is exceeded at once', () => {
    const [ctx, cancel] = withDeadline(background(), new Date(Date.now() - 1000));
    assert.equal(ctx.signal.aborted, true);
    assert.ok(isDeadlineExceeded(ctx.signal.reason));
    cancel();
  });

  it('values survive through deadline contexts', () => {
    const key = createKey<string>('trace');
    const [ctx, cancel] = withTimeout(withValue(background(), key, 't1'), 1000);
    assert.equal(ctx.value(key), 't1');
    cancel();
  });
});
