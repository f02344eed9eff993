import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CircuitOpenError, TooManyRequestsError } from '@svckit/core/circuitbreaker';
import type { CircuitState } from '@svckit/core/circuitbreaker';
import { background } from '@svckit/core/context';
import type { Endpoint, Failer } from '@svckit/core/endpoint';
import { createOpossumBreaker, opossumBreaker, opossumState } from './index.js';
import type { OpossumBreaker, OpossumBreakerOptions } from './index.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const ctx = background();
const boom = new Error('boom');
const breakers: OpossumBreaker[] = [];
after(() => breakers.forEach((b) => b.shutdown()));

function make(options: OpossumBreakerOptions = {}): OpossumBreaker {
  // Opens on the first failure (50 % of 1 call); probes after 50 ms.
  const b = createOpossumBreaker({ errorThresholdPercentage: 50, resetTimeout: 50, ...options });
  breakers.push(b);
  return b;
}

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

describe('@svckit/opossum breaker middleware', () => {
  it('opens after failures; open calls fail fast with CircuitOpenError and never reach the endpoint', async () => {
    const target = switchable();
    const breaker = make();
    const ep = opossumBreaker<string, string>(breaker)(target.endpoint);
    await assert.rejects(ep(ctx, 'x'), boom);
    assert.equal(opossumState(breaker), 'open');
    target.fail = false;
    for (let i = 0; i < 5; i++) {
      await assert.rejects(ep(ctx, 'x'), (err: unknown) => {
        assert.ok(err instanceof CircuitOpenError);
        assert.equal((err as Error).message, 'circuit breaker is open');
        assert.equal(((err as Error).cause as { code: string }).code, 'EOPENBREAKER');
        return true;
      });
    }
    assert.equal(target.calls, 1);
  });

  it('half-open: one probe passes, others get "too many requests", success closes', async () => {
    const target = switchable();
    const breaker = make();
    const ep = opossumBreaker<string, string>(breaker)(target.endpoint);
    await assert.rejects(ep(ctx, 'x'), boom);
    await sleep(70);
    assert.equal(opossumState(breaker), 'half-open');
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const probe = opossumBreaker<string, string>(breaker)(async () => {
      await gate;
      return 'probe';
    })(ctx, 'x');
    await assert.rejects(ep(ctx, 'x'), (err: unknown) => {
      assert.ok(err instanceof TooManyRequestsError);
      assert.equal((err as Error).message, 'too many requests');
      return true;
    });
    assert.equal(target.calls, 1);
    release();
    assert.equal(await probe, 'probe');
    assert.equal(opossumState(breaker), 'closed');
    target.fail = false;
    assert.equal(await ep(ctx, 'x'), 'ok');
  });

  it('a failed probe re-opens; the state-change hook sees every transition in order', async () => {
    const seen: string[] = [];
    const target = switchable();
    const breaker = make({
      name: 'users',
      onStateChange: (from: CircuitState, to: CircuitState, name: string) =>
        seen.push(`${name}:${from}>${to}`),
    });
    const ep = opossumBreaker<string, string>(breaker)(target.endpoint);
    await assert.rejects(ep(ctx, 'x'), boom);
    await sleep(70);
    await assert.rejects(ep(ctx, 'x'), boom); // the probe fails
    assert.equal(opossumState(breaker), 'open');
    await assert.rejects(ep(ctx, 'x'), CircuitOpenError);
    assert.equal(target.calls, 2);
    await sleep(70);
    target.fail = false;
    assert.equal(await ep(ctx, 'x'), 'ok');
    assert.deepEqual(seen, [
      'users:closed>open',
      'users:open>half-open',
      'users:half-open>open',
      'users:open>half-open',
      'users:half-open>closed',
    ]);
  });

  it('Failer responses carrying a business error do not trip it', async () => {
    let calls = 0;
    const breaker = make();
    const ep = opossumBreaker<string, Failer>(breaker)(async () => {
      calls++;
      return { failed: () => new Error('empty string') };
    });
    for (let i = 0; i < 10; i++)
      assert.equal((await ep(ctx, '')).failed()?.message, 'empty string');
    assert.equal(calls, 10);
    assert.equal(opossumState(breaker), 'closed');
  });

  it('isFailure: errors it rejects do not trip it', async () => {
    class NotFound extends Error {}
    const breaker = make({ isFailure: (err) => !(err instanceof NotFound) });
    const ep = opossumBreaker<string, string>(breaker)(async () => {
      throw new NotFound('no such user');
    });
    for (let i = 0; i < 5; i++) await assert.rejects(ep(ctx, 'x'), NotFound);
    assert.equal(opossumState(breaker), 'closed');
  });

  it('accepts options and builds its own breaker', async () => {
    const target = switchable();
    const mw = opossumBreaker<string, string>({ errorThresholdPercentage: 50, resetTimeout: 50 });
    const ep = mw(target.endpoint);
    await assert.rejects(ep(ctx, 'x'), boom);
    await assert.rejects(ep(ctx, 'x'), CircuitOpenError);
    assert.equal(target.calls, 1);
  });
});
