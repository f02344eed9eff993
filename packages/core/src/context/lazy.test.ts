import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  background,
  CanceledError,
  contextError,
  createKey,
  isCancelable,
  isDeadlineExceeded,
  withCancel,
  withDeadline,
  withSignal,
  withTimeout,
  withValue,
} from './index.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;

/** Counts the AbortControllers created while a test runs. */
let created = 0;
const Original = globalThis.AbortController;
class Counting extends Original {
  constructor() {
    super();
    created++;
  }
}

describe('lazy context derivation', () => {
  beforeEach(() => {
    created = 0;
    globalThis.AbortController = Counting;
  });
  afterEach(() => {
    globalThis.AbortController = Original;
  });

  it('derivations create no AbortController, listener or timer until signal is read', () => {
    const before = timers();
    const [a, cancelA] = withCancel(background());
    const [b, cancelB] = withTimeout(withValue(a, createKey('k'), 1), 60_000);
    const [c, cancelC] = withDeadline(b, Date.now() + 30_000);
    const [d, cancelD] = withSignal(c, () => assert.fail('the lazy source must not be called'));
    assert.equal(created, 0);
    assert.equal(timers(), before);
    assert.equal(contextError(d), undefined, 'contextError creates nothing either');
    assert.equal(created, 0);
    cancelD();
    cancelC();
    cancelB();
    cancelA();
    assert.equal(created, 0, 'cancelling unobserved contexts creates nothing');
  });

  it('reading signal creates it, arms the deadline timer, and cancel releases both', () => {
    const before = timers();
    const [ctx, cancel] = withTimeout(background(), 60_000);
    assert.equal(ctx.signal.aborted, false);
    assert.equal(created, 1);
    assert.equal(timers(), before + 1);
    cancel();
    assert.equal(timers(), before);
    assert.ok(ctx.signal.reason instanceof CanceledError);
  });

  it('a deadline inherited unchanged uses the parent timer only', () => {
    const before = timers();
    const [parent, cancelParent] = withTimeout(background(), 60_000);
    const [child, cancelChild] = withCancel(parent);
    void child.signal;
    assert.equal(timers(), before + 1, 'one timer, the parent one');
    cancelChild();
    cancelParent();
    assert.equal(timers(), before);
  });

  it('cancel before any read records the reason; a later read is already aborted with it', () => {
    const [ctx, cancel] = withCancel(background());
    const why = new Error('shutting down');
    cancel(why);
    assert.equal(contextError(ctx), why);
    assert.equal(created, 0);
    assert.equal(ctx.signal.aborted, true);
    assert.equal(ctx.signal.reason, why);
  });

  it('a deadline seen passed (contextError) stays the reason after cancel, as in Go', async () => {
    const [ctx, cancel] = withTimeout(background(), 5);
    await sleep(15);
    assert.ok(isDeadlineExceeded(contextError(ctx)), 'contextError sees the passed deadline');
    cancel();
    assert.ok(isDeadlineExceeded(ctx.signal.reason));
    assert.equal(created, 1, 'only the final read made a signal');
  });

  it("an unobserved child cancelled after its parent keeps the parent's reason", () => {
    const [parent, cancelParent] = withCancel(background());
    const [child, cancelChild] = withCancel(withValue(parent, createKey('k'), 1));
    const why = new Error('parent first');
    cancelParent(why);
    cancelChild();
    assert.equal(child.signal.reason, why);
  });

  it('reading a signal after the deadline gives one aborted with DeadlineExceededError', () => {
    const [ctx, cancel] = withDeadline(background(), Date.now() - 1);
    assert.equal(ctx.signal.aborted, true);
    assert.ok(isDeadlineExceeded(ctx.signal.reason));
    cancel();
  });

  it('withSignal takes a lazy source: called once, at the first read', () => {
    let calls = 0;
    const external = new Original();
    const [ctx, cancel] = withSignal(background(), () => (calls++, external.signal));
    assert.equal(calls, 0);
    void ctx.signal;
    void ctx.signal;
    assert.equal(calls, 1);
    const why = new Error('client left');
    external.abort(why);
    assert.equal(ctx.signal.reason, why);
    cancel();
  });

  it('a cancelled parent aborts observed children; cancelled children detach', () => {
    const [parent, cancelParent] = withCancel(background());
    const [kept] = withCancel(parent);
    const [gone, cancelGone] = withCancel(parent);
    void kept.signal;
    void gone.signal;
    cancelGone();
    cancelParent();
    assert.ok(kept.signal.reason instanceof CanceledError);
    assert.equal(kept.signal.reason, parent.signal.reason);
    assert.notEqual(gone.signal.reason, parent.signal.reason, 'cancelled first, own reason');
  });

  it('isCancelable: false for the background and its values, true once derived', () => {
    assert.equal(isCancelable(background()), false);
    assert.equal(isCancelable(withValue(background(), createKey('k'), 1)), false);
    const [ctx, cancel] = withCancel(background());
    assert.equal(isCancelable(withValue(ctx, createKey('k'), 1)), true);
    assert.equal(created, 0, 'isCancelable creates nothing');
    cancel();
  });
});

describe('far deadlines', () => {
  it('a deadline beyond 24.8 days does not fire early (setTimeout overflow)', async () => {
    const [ctx, cancel] = withTimeout(background(), 9_999_999_999);
    void ctx.signal;
    await sleep(20);
    assert.equal(ctx.signal.aborted, false);
    cancel();
  });
});
