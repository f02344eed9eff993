import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { background, CanceledError } from '../context/index.js';
import type { Endpoint, Failer } from '../endpoint/index.js';
import {
  CircuitOpenError,
  TooManyRequestsError,
  circuitBreaker,
  consecutiveFailures,
  createBreaker,
  failureRatio,
  isCircuitOpen,
  stateValue,
} from './index.js';
import type { CircuitState } from './index.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const ctx = background();
const boom = new Error('boom');

/** An endpoint whose behaviour the test switches, counting the calls that reach it. */
function switchable() {
  const ep = {
    calls: 0,
    fail: true,
    endpoint: (async () => {
      ep.calls++;
      if (ep.fail) throw boom;
      return 'ok';
    }) as Endpoint<string, string>,
  };
  return ep;
}

async function failTimes(endpoint: Endpoint<string, string>, n: number): Promise<void> {
  for (let i = 0; i < n; i++) await assert.rejects(endpoint(ctx, 'x'), boom);
}

describe('circuit breaker (native)', () => {
  it('opens after more than 5 consecutive failures by default; open calls never reach the endpoint', async () => {
    const target = switchable();
    const breaker = createBreaker();
    const ep = circuitBreaker<string, string>(breaker)(target.endpoint);
    await failTimes(ep, 5);
    assert.equal(breaker.state, 'closed', '5 failures are not more than 5');
    await failTimes(ep, 1);
    assert.equal(breaker.state, 'open');
    assert.equal(target.calls, 6);
    target.fail = false;
    for (let i = 0; i < 10; i++) {
      await assert.rejects(ep(ctx, 'x'), (err: unknown) => {
        assert.ok(err instanceof CircuitOpenError);
        assert.equal((err as Error).message, 'circuit breaker is open');
        assert.equal((err as CircuitOpenError).statusCode(), 503);
        assert.ok(!(err as Error).stack?.includes('\n    at '), 'fail-fast errors skip the stack');
        return true;
      });
    }
    assert.equal(target.calls, 6, 'no call reached the endpoint while open');
  });

  it('a success resets the consecutive failure count', async () => {
    const target = switchable();
    const breaker = createBreaker({ readyToTrip: consecutiveFailures(3) });
    const ep = circuitBreaker<string, string>(breaker)(target.endpoint);
    await failTimes(ep, 2);
    target.fail = false;
    assert.equal(await ep(ctx, 'x'), 'ok');
    target.fail = true;
    await failTimes(ep, 2);
    assert.equal(breaker.state, 'closed');
    assert.equal(breaker.counts().consecutiveFailures, 2);
    await failTimes(ep, 1);
    assert.equal(breaker.state, 'open');
  });

  it('half-open: after the open timeout one probe passes, success closes', async () => {
    const target = switchable();
    const breaker = createBreaker({ readyToTrip: consecutiveFailures(1), openTimeoutMs: 50 });
    const ep = circuitBreaker<string, string>(breaker)(target.endpoint);
    await failTimes(ep, 1);
    assert.equal(breaker.state, 'open');
    await assert.rejects(ep(ctx, 'x'), CircuitOpenError);
    await sleep(60);
    assert.equal(breaker.state, 'half-open');
    target.fail = false;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const slow = circuitBreaker<string, string>(breaker)(async () => {
      await gate;
      return 'probe';
    });
    const probe = slow(ctx, 'x');
    // The single probe slot is taken: further calls fail fast with gobreaker's message.
    await assert.rejects(ep(ctx, 'x'), (err: unknown) => {
      assert.ok(err instanceof TooManyRequestsError);
      assert.ok(isCircuitOpen(err), 'a TooManyRequestsError is a CircuitOpenError');
      assert.equal((err as Error).message, 'too many requests');
      return true;
    });
    release();
    assert.equal(await probe, 'probe');
    assert.equal(breaker.state, 'closed');
    assert.equal(await ep(ctx, 'x'), 'ok');
  });

  it('half-open: a failed probe re-opens for another open timeout', async () => {
    // A manual clock: the assertions right after each transition cannot race the timeout.
    let clock = 0;
    const target = switchable();
    const breaker = createBreaker({
      readyToTrip: consecutiveFailures(1),
      openTimeoutMs: 50,
      now: () => clock,
    });
    const ep = circuitBreaker<string, string>(breaker)(target.endpoint);
    await failTimes(ep, 1);
    clock += 49;
    await assert.rejects(ep(ctx, 'x'), CircuitOpenError);
    clock += 1;
    await failTimes(ep, 1); // the probe
    assert.equal(breaker.state, 'open');
    const calls = target.calls;
    clock += 49;
    await assert.rejects(ep(ctx, 'x'), CircuitOpenError);
    assert.equal(target.calls, calls);
    clock += 1;
    target.fail = false;
    assert.equal(await ep(ctx, 'x'), 'ok');
    assert.equal(breaker.state, 'closed');
  });

  it('maxProbes: closes only after that many consecutive probe successes', async () => {
    let clock = 0;
    const target = switchable();
    const breaker = createBreaker({
      readyToTrip: consecutiveFailures(1),
      openTimeoutMs: 30,
      maxProbes: 3,
      now: () => clock,
    });
    const ep = circuitBreaker<string, string>(breaker)(target.endpoint);
    await failTimes(ep, 1);
    clock += 40;
    target.fail = false;
    await ep(ctx, 'x');
    await ep(ctx, 'x');
    assert.equal(breaker.state, 'half-open');
    await ep(ctx, 'x');
    assert.equal(breaker.state, 'closed');
  });

  it('calls the state-change hook in order: closed>open>half-open>open>half-open>closed', async () => {
    const seen: string[] = [];
    let clock = 0;
    const target = switchable();
    const breaker = createBreaker({
      name: 'users',
      readyToTrip: consecutiveFailures(2),
      openTimeoutMs: 50,
      now: () => clock,
      onStateChange: (from: CircuitState, to: CircuitState, name: string) =>
        seen.push(`${name}:${from}>${to}`),
    });
    const ep = circuitBreaker<string, string>(breaker)(target.endpoint);
    await failTimes(ep, 2);
    clock += 60;
    await failTimes(ep, 1);
    clock += 60;
    target.fail = false;
    await ep(ctx, 'x');
    assert.deepEqual(seen, [
      'users:closed>open',
      'users:open>half-open',
      'users:half-open>open',
      'users:open>half-open',
      'users:half-open>closed',
    ]);
  });

  it('Failer responses carrying a business error do not trip the breaker', async () => {
    let calls = 0;
    const failer: Endpoint<string, Failer> = async () => {
      calls++;
      return { failed: () => new Error('empty string') };
    };
    const breaker = createBreaker({ readyToTrip: consecutiveFailures(1) });
    const ep = circuitBreaker<string, Failer>(breaker)(failer);
    for (let i = 0; i < 20; i++) {
      const res = await ep(ctx, '');
      assert.equal(res.failed()?.message, 'empty string');
    }
    assert.equal(calls, 20);
    assert.equal(breaker.state, 'closed');
    assert.equal(breaker.counts().successes, 20);
  });

  it('isFailure: errors it rejects count as successes', async () => {
    class NotFound extends Error {}
    const breaker = createBreaker({
      readyToTrip: consecutiveFailures(1),
      isFailure: (err) => !(err instanceof NotFound),
    });
    const ep = circuitBreaker<string, string>(breaker)(async () => {
      throw new NotFound('no such user');
    });
    for (let i = 0; i < 5; i++) await assert.rejects(ep(ctx, 'x'), NotFound);
    assert.equal(breaker.state, 'closed');
    assert.equal(breaker.counts().successes, 5);
  });

  it("the caller's cancellation is excluded from the counts by default", async () => {
    const breaker = createBreaker({ readyToTrip: consecutiveFailures(1) });
    const ep = circuitBreaker<string, string>(breaker)(async () => {
      throw new CanceledError();
    });
    await assert.rejects(ep(ctx, 'x'), CanceledError);
    assert.equal(breaker.state, 'closed');
    assert.deepEqual(breaker.counts(), {
      requests: 0,
      successes: 0,
      failures: 0,
      consecutiveSuccesses: 0,
      consecutiveFailures: 0,
    });
  });

  it('a synchronous throw from the endpoint counts as a failure and becomes a rejection', async () => {
    const breaker = createBreaker({ readyToTrip: consecutiveFailures(1) });
    const ep = circuitBreaker<string, string>(breaker)(() => {
      throw boom;
    });
    await assert.rejects(ep(ctx, 'x'), boom);
    assert.equal(breaker.state, 'open');
  });

  it('ignores outcomes of calls started before a state change (generations)', async () => {
    const breaker = createBreaker({ readyToTrip: consecutiveFailures(1), openTimeoutMs: 60_000 });
    const stale = breaker.acquire();
    const other = breaker.acquire();
    breaker.onError(other, boom);
    assert.equal(breaker.state, 'open');
    breaker.onSuccess(stale); // finished after the breaker opened: must not close or count
    assert.equal(breaker.state, 'open');
    assert.equal(breaker.counts().successes, 0);
  });

  it('failureRatio over a rolling window trips on the ratio and forgets old calls', () => {
    let clock = 0;
    const breaker = createBreaker({
      readyToTrip: failureRatio({ ratio: 0.5, minimumRequests: 4 }),
      windowMs: 1000,
      windowBuckets: 10,
      now: () => clock,
    });
    const run = (ok: boolean) => {
      const t = breaker.acquire();
      if (ok) breaker.onSuccess(t);
      else breaker.onError(t, boom);
    };
    run(false);
    run(false);
    run(false); // 3 failures: below minimumRequests
    assert.equal(breaker.state, 'closed');
    clock = 1500; // the three failures leave the window
    run(true);
    run(true);
    run(false);
    assert.equal(breaker.counts().requests, 3);
    assert.equal(breaker.state, 'closed');
    run(true); // 1 of 4 failed
    assert.equal(breaker.state, 'closed');
    run(false); // 2 of 5 failed
    assert.equal(breaker.state, 'closed');
    run(false); // 3 of 6 failed: 50 %
    assert.equal(breaker.state, 'open');
  });

  it('execute runs a function under the breaker', async () => {
    const breaker = createBreaker({ readyToTrip: consecutiveFailures(1) });
    assert.equal(await breaker.execute(async () => 42), 42);
    await assert.rejects(
      breaker.execute(async () => {
        throw boom;
      }),
      boom,
    );
    let ran = false;
    await assert.rejects(
      breaker.execute(async () => {
        ran = true;
      }),
      CircuitOpenError,
    );
    assert.equal(ran, false);
  });

  it('exposes state as a gauge value and rejects bad options', () => {
    assert.deepEqual((['closed', 'half-open', 'open'] as const).map(stateValue), [0, 1, 2]);
    assert.throws(() => createBreaker({ maxProbes: 0 }), RangeError);
    assert.throws(() => createBreaker({ openTimeoutMs: -1 }), RangeError);
    assert.throws(() => failureRatio({ ratio: 1.5 }), RangeError);
    assert.throws(() => consecutiveFailures(0), RangeError);
  });
});
