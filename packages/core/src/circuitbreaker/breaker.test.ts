// Behaviour shared by every breaker (open, fail fast, probe, Failer, cancellation) is checked
// by breaker-conformance.test.ts; this file pins what is specific to the native breaker.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { background, CanceledError } from '../context/index.js';
import { ServiceError } from '../errors/index.js';
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
import type { Breaker } from './index.js';

const boom = new Error('boom');

/** outcome records one finished call through the two-step API. */
function outcome(breaker: Breaker, err?: unknown): void {
  const ticket = breaker.acquire();
  if (err === undefined) breaker.onSuccess(ticket);
  else breaker.onError(ticket, err);
}

describe('circuit breaker (native)', () => {
  it("trips after gobreaker's default of more than 5 consecutive failures", () => {
    const breaker = createBreaker();
    for (let i = 0; i < 5; i++) outcome(breaker, boom);
    assert.equal(breaker.state, 'closed', '5 failures are not more than 5');
    outcome(breaker, boom);
    assert.equal(breaker.state, 'open');
  });

  it('fails fast with stackless errors carrying Go kit messages and a 503', async () => {
    let clock = 0;
    const breaker = createBreaker({ readyToTrip: consecutiveFailures(1), now: () => clock });
    let reached = 0;
    const guarded = circuitBreaker<string, string>(breaker)(async () => {
      reached++;
      throw boom;
    });
    await assert.rejects(guarded(background(), 'x'), boom);
    await assert.rejects(guarded(background(), 'x'), (err: unknown) => {
      assert.ok(err instanceof CircuitOpenError);
      assert.equal(err.message, 'circuit breaker is open');
      assert.equal(err.code, 'unavailable');
      assert.equal(err.reason, 'CIRCUIT_OPEN');
      assert.ok(!err.stack?.includes('\n    at '), 'fail-fast errors skip the stack');
      return true;
    });
    clock += 60_000;
    breaker.acquire(); // the probe takes the only half-open slot
    assert.throws(
      () => breaker.acquire(),
      (err: unknown) => {
        assert.ok(err instanceof TooManyRequestsError);
        assert.ok(isCircuitOpen(err), 'a TooManyRequestsError is a CircuitOpenError');
        assert.equal(err.message, 'too many requests');
        return true;
      },
    );
    assert.equal(reached, 1);
  });

  it('maxProbes: closes only after that many consecutive probe successes', () => {
    let clock = 0;
    const seen: string[] = [];
    const breaker = createBreaker({
      name: 'users',
      readyToTrip: consecutiveFailures(1),
      openTimeoutMs: 30,
      maxProbes: 3,
      now: () => clock,
      onStateChange: (from, to, name) => seen.push(`${name}:${from}>${to}`),
    });
    outcome(breaker, boom);
    clock += 40;
    outcome(breaker);
    outcome(breaker);
    assert.equal(breaker.state, 'half-open');
    outcome(breaker);
    assert.equal(breaker.state, 'closed');
    assert.deepEqual(seen, ['users:closed>open', 'users:open>half-open', 'users:half-open>closed']);
  });

  it('isFailure false counts as a success; an excluded cancellation is not counted', () => {
    class NotFound extends Error {}
    const breaker = createBreaker({ isFailure: (err) => !(err instanceof NotFound) });
    outcome(breaker, new NotFound());
    outcome(breaker, new CanceledError());
    assert.deepEqual(breaker.counts(), {
      requests: 1,
      successes: 1,
      failures: 0,
      consecutiveSuccesses: 1,
      consecutiveFailures: 0,
    });
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

  it('a failed probe re-opens for a full open time from the failure (fake clock, maxProbes 2)', () => {
    let clock = 0;
    const seen: string[] = [];
    const breaker = createBreaker({
      readyToTrip: consecutiveFailures(3),
      openTimeoutMs: 100,
      maxProbes: 2,
      now: () => clock,
      onStateChange: (from, to) => seen.push(`${from}>${to}@${clock}`),
    });
    for (let i = 0; i < 3; i++) outcome(breaker, boom);
    clock = 150;
    outcome(breaker); // the first probe succeeds: one of two
    assert.equal(breaker.state, 'half-open');
    clock = 160;
    outcome(breaker, boom); // the second fails: one failure is enough, whatever readyToTrip says
    assert.equal(breaker.state, 'open');
    assert.equal(breaker.counts().requests, 0, 'the counts start afresh');
    const openFast = (err: unknown) =>
      err instanceof CircuitOpenError && !(err instanceof TooManyRequestsError);
    clock = 259; // open until 160 + 100, not 0 + 100 + 100
    assert.throws(() => breaker.acquire(), openFast);
    assert.equal(breaker.state, 'open');
    clock = 260;
    outcome(breaker);
    outcome(breaker);
    assert.equal(breaker.state, 'closed');
    assert.deepEqual(seen, [
      'closed>open@0',
      'open>half-open@150',
      'half-open>open@160',
      'open>half-open@260',
      'half-open>closed@260',
    ]);
  });

  it('through the middleware, a probe the callee fails re-opens; a caller mistake closes', async () => {
    let clock = 0;
    const breaker = createBreaker({
      readyToTrip: consecutiveFailures(2),
      openTimeoutMs: 50,
      now: () => clock,
    });
    let answer: () => Promise<string> = () => Promise.reject(boom);
    let reached = 0;
    const guarded = circuitBreaker<string, string>(breaker)(() => {
      reached++;
      return answer();
    });
    const ctx = background();
    const trip = async () => {
      answer = () => Promise.reject(boom);
      await assert.rejects(guarded(ctx, 'x'), boom);
      await assert.rejects(guarded(ctx, 'x'), boom);
      assert.equal(breaker.state, 'open');
    };
    const isOpen = (err: unknown) => err instanceof CircuitOpenError;
    const probes: Array<[string, () => Promise<string>, 'open' | 'closed']> = [
      ['unavailable', () => Promise.reject(new ServiceError('unavailable', 'down')), 'open'],
      ['deadline', () => Promise.reject(new ServiceError('deadline_exceeded', 'slow')), 'open'],
      [
        'a synchronous throw',
        () => {
          throw boom;
        },
        'open',
      ],
      [
        'invalid_argument',
        () => Promise.reject(new ServiceError('invalid_argument', 'bad')),
        'closed',
      ],
    ];
    for (const [why, probe, after] of probes) {
      await trip();
      clock += 50;
      answer = probe;
      const before = reached;
      await assert.rejects(guarded(ctx, 'probe'), (err: unknown) => !isOpen(err));
      assert.equal(reached, before + 1, `${why}: the probe reached the endpoint`);
      assert.equal(breaker.state, after, `${why}: the probe's outcome`);
      if (after === 'open') {
        // Open again: fail fast without reaching the endpoint, until another open time.
        await assert.rejects(guarded(ctx, 'x'), isOpen);
        assert.equal(reached, before + 1, `${why}: nothing reaches the endpoint once re-opened`);
        clock += 50;
        answer = () => Promise.resolve('ok');
        assert.equal(await guarded(ctx, 'x'), 'ok');
        assert.equal(breaker.state, 'closed', `${why}: closed by the next probe`);
      }
    }
  });

  it("by default trips on each of the callee's failure codes, and on none of the others", () => {
    const callee = [
      'unavailable',
      'deadline_exceeded',
      'internal',
      'unknown',
      'data_loss',
    ] as const;
    const others = [
      'canceled',
      'invalid_argument',
      'not_found',
      'already_exists',
      'permission_denied',
      'resource_exhausted',
      'failed_precondition',
      'aborted',
      'out_of_range',
      'unimplemented',
      'unauthenticated',
    ] as const;
    for (const code of [...callee, ...others]) {
      const breaker = createBreaker({ readyToTrip: consecutiveFailures(2) });
      for (let i = 0; i < 3; i++) {
        if (breaker.state === 'open') break;
        outcome(breaker, new ServiceError(code, code));
      }
      const want = (callee as readonly string[]).includes(code) ? 'open' : 'closed';
      assert.equal(breaker.state, want, `${code}: ${want}`);
    }
  });
});
