import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ConsecutiveBreaker, bulkhead } from 'cockatiel';
import { BulkheadRejectedError } from '@svckit/core/bulkhead';
import { CircuitOpenError } from '@svckit/core/circuitbreaker';
import { background } from '@svckit/core/context';
import type { Endpoint } from '@svckit/core/endpoint';
import { cockatielBreaker, cockatielPolicy, cockatielState } from './index.js';

// What every breaker does (open, fail fast, one probe, Failer, isFailure, cancellation, state
// changes) is checked by conformance.test.ts; this file pins what is specific to cockatiel.
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const ctx = background();
const boom = new Error('boom');

/** failing returns an endpoint that always rejects with `boom`, and its call count. */
function failing(): { seen: { calls: number }; endpoint: Endpoint<string, string> } {
  const seen = { calls: 0 };
  const endpoint: Endpoint<string, string> = () => {
    seen.calls++;
    return Promise.reject(boom);
  };
  return { seen, endpoint };
}

describe('@svckit/cockatiel breaker middleware', () => {
  it("trips after gobreaker's default of more than 5 failures; the open error wraps cockatiel's", async () => {
    const { seen, endpoint } = failing();
    const policy = cockatielBreaker();
    const guarded = cockatielPolicy<string, string>(policy)(endpoint);
    for (let i = 0; i < 5; i++) await assert.rejects(guarded(ctx, 'x'), boom);
    assert.equal(cockatielState(policy), 'closed');
    await assert.rejects(guarded(ctx, 'x'), boom);
    assert.equal(cockatielState(policy), 'open');
    await assert.rejects(guarded(ctx, 'x'), (err: unknown) => {
      assert.ok(err instanceof CircuitOpenError);
      assert.equal(err.message, 'circuit breaker is open');
      assert.equal((err.cause as { isBrokenCircuitError?: boolean }).isBrokenCircuitError, true);
      return true;
    });
    assert.equal(seen.calls, 6);
  });

  it("halfOpen: 'wait' keeps cockatiel's queueing behind the probe", async () => {
    const { seen, endpoint } = failing();
    const policy = cockatielBreaker({ breaker: new ConsecutiveBreaker(1), halfOpenAfter: 50 });
    const ep = cockatielPolicy<string, string>(policy, { halfOpen: 'wait' })(endpoint);
    await assert.rejects(ep(ctx, 'x'), boom);
    await sleep(60);
    const probe = ep(ctx, 'x'); // fails: the circuit opens again
    const waiting = ep(ctx, 'x');
    await assert.rejects(probe, boom);
    await assert.rejects(waiting, CircuitOpenError);
    assert.equal(seen.calls, 2, 'the waiting call never reached the endpoint');
  });

  it('an isolated circuit fails fast with CircuitOpenError', async () => {
    const { seen, endpoint } = failing();
    const policy = cockatielBreaker();
    const handle = policy.isolate();
    await assert.rejects(
      cockatielPolicy<string, string>(policy)(endpoint)(ctx, 'x'),
      CircuitOpenError,
    );
    assert.equal(seen.calls, 0);
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
