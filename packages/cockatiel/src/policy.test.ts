import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ConsecutiveBreaker, bulkhead } from 'cockatiel';
import { BulkheadRejectedError } from '@svckit/core/bulkhead';
import { CircuitOpenError, TooManyRequestsError } from '@svckit/core/circuitbreaker';
import type { CircuitState } from '@svckit/core/circuitbreaker';
import { background } from '@svckit/core/context';
import type { Endpoint, Failer } from '@svckit/core/endpoint';
import { cockatielBreaker, cockatielPolicy, cockatielState } from './index.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const ctx = background();
const boom = new Error('boom');

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

describe('@svckit/cockatiel breaker middleware', () => {
  it('opens after more than 5 consecutive failures by default; open calls never reach the endpoint', async () => {
    const target = switchable();
    const policy = cockatielBreaker();
    const ep = cockatielPolicy<string, string>(policy)(target.endpoint);
    await failTimes(ep, 5);
    assert.equal(cockatielState(policy), 'closed');
    await failTimes(ep, 1);
    assert.equal(cockatielState(policy), 'open');
    target.fail = false;
    for (let i = 0; i < 5; i++) {
      await assert.rejects(ep(ctx, 'x'), (err: unknown) => {
        assert.ok(err instanceof CircuitOpenError);
        assert.equal((err as Error).message, 'circuit breaker is open');
        assert.equal(
          ((err as Error).cause as { isBrokenCircuitError?: boolean }).isBrokenCircuitError,
          true,
        );
        return true;
      });
    }
    assert.equal(target.calls, 6);
  });

  it('half-open: one probe passes, others fail fast with "too many requests", success closes', async () => {
    const target = switchable();
    const policy = cockatielBreaker({ breaker: new ConsecutiveBreaker(1), halfOpenAfter: 50 });
    const ep = cockatielPolicy<string, string>(policy)(target.endpoint);
    await failTimes(ep, 1);
    await sleep(60);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const probe = cockatielPolicy<string, string>(policy)(async () => {
      await gate;
      return 'probe';
    })(ctx, 'x');
    assert.equal(cockatielState(policy), 'half-open');
    await assert.rejects(ep(ctx, 'x'), (err: unknown) => {
      assert.ok(err instanceof TooManyRequestsError);
      assert.equal((err as Error).message, 'too many requests');
      return true;
    });
    assert.equal(target.calls, 1);
    release();
    assert.equal(await probe, 'probe');
    assert.equal(cockatielState(policy), 'closed');
  });

  it("halfOpen: 'wait' keeps cockatiel's queueing behind the probe", async () => {
    const target = switchable();
    const policy = cockatielBreaker({ breaker: new ConsecutiveBreaker(1), halfOpenAfter: 50 });
    const ep = cockatielPolicy<string, string>(policy, { halfOpen: 'wait' })(target.endpoint);
    await failTimes(ep, 1);
    await sleep(60);
    const probe = ep(ctx, 'x'); // fails: the circuit opens again
    const waiting = ep(ctx, 'x');
    await assert.rejects(probe, boom);
    await assert.rejects(waiting, CircuitOpenError);
    assert.equal(target.calls, 2, 'the waiting call never reached the endpoint');
  });

  it('a failed probe re-opens; the state-change hook sees every transition in order', async () => {
    const seen: string[] = [];
    const target = switchable();
    const policy = cockatielBreaker({
      breaker: new ConsecutiveBreaker(2),
      halfOpenAfter: 50,
      onStateChange: (from: CircuitState, to: CircuitState) => seen.push(`${from}>${to}`),
    });
    const ep = cockatielPolicy<string, string>(policy)(target.endpoint);
    await failTimes(ep, 2);
    await sleep(60);
    await failTimes(ep, 1);
    assert.equal(cockatielState(policy), 'open');
    await assert.rejects(ep(ctx, 'x'), CircuitOpenError);
    assert.equal(target.calls, 3);
    await sleep(60);
    target.fail = false;
    assert.equal(await ep(ctx, 'x'), 'ok');
    assert.deepEqual(seen, [
      'closed>open',
      'open>half-open',
      'half-open>open',
      'open>half-open',
      'half-open>closed',
    ]);
  });

  it('Failer responses carrying a business error do not trip it', async () => {
    let calls = 0;
    const policy = cockatielBreaker({ breaker: new ConsecutiveBreaker(1) });
    const ep = cockatielPolicy<string, Failer>(policy)(async () => {
      calls++;
      return { failed: () => new Error('empty string') };
    });
    for (let i = 0; i < 10; i++)
      assert.equal((await ep(ctx, '')).failed()?.message, 'empty string');
    assert.equal(calls, 10);
    assert.equal(cockatielState(policy), 'closed');
  });

  it('isFailure: errors it rejects do not trip it', async () => {
    class NotFound extends Error {}
    const policy = cockatielBreaker({
      breaker: new ConsecutiveBreaker(1),
      isFailure: (err) => !(err instanceof NotFound),
    });
    const ep = cockatielPolicy<string, string>(policy)(async () => {
      throw new NotFound('no such user');
    });
    for (let i = 0; i < 3; i++) await assert.rejects(ep(ctx, 'x'), NotFound);
    assert.equal(cockatielState(policy), 'closed');
  });

  it('an isolated circuit fails fast with CircuitOpenError', async () => {
    const target = switchable();
    const policy = cockatielBreaker();
    const handle = policy.isolate();
    await assert.rejects(
      cockatielPolicy<string, string>(policy)(target.endpoint)(ctx, 'x'),
      CircuitOpenError,
    );
    assert.equal(target.calls, 0);
    handle.dispose();
  });

  it("wraps other policies: cockatiel's bulkhead rejection becomes svckit's", async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let calls = 0;
    const ep = cockatielPolicy<string, string>(bulkhead(1))(async () => {
      calls++;
      await gate;
      return 'ok';
    });
    const first = ep(ctx, 'a');
    await assert.rejects(ep(ctx, 'b'), (err: unknown) => {
      assert.ok(err instanceof BulkheadRejectedError);
      assert.equal((err as Error).message, 'bulkhead full');
      return true;
    });
    release();
    assert.equal(await first, 'ok');
    assert.equal(calls, 1);
  });
});
