// What every breaker does (open, fail fast, one probe, Failer, isFailure, cancellation, state
// changes) is checked by conformance.test.ts; this file pins what is specific to opossum.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CircuitOpenError } from '@svckit/core/circuitbreaker';
import { background } from '@svckit/core/context';
import { createOpossumBreaker, opossumBreaker, opossumState } from './index.js';
import type { OpossumBreaker } from './index.js';

const boom = new Error('boom');
const breakers: OpossumBreaker[] = [];
after(() => breakers.forEach((b) => b.shutdown()));

describe('@svckit/opossum breaker middleware', () => {
  it("fails fast with CircuitOpenError whose cause is opossum's EOPENBREAKER", async () => {
    const breaker = createOpossumBreaker({ errorThresholdPercentage: 50, resetTimeout: 60_000 });
    breakers.push(breaker);
    const guarded = opossumBreaker<string, string>(breaker)(() => Promise.reject(boom));
    await assert.rejects(guarded(background(), 'x'), boom);
    assert.equal(opossumState(breaker), 'open');
    await assert.rejects(guarded(background(), 'x'), (err: unknown) => {
      assert.ok(err instanceof CircuitOpenError);
      assert.equal(err.message, 'circuit breaker is open');
      assert.equal((err.cause as { code: string }).code, 'EOPENBREAKER');
      return true;
    });
  });

  it('accepts options and builds its own breaker', async () => {
    let reached = 0;
    const mw = opossumBreaker<string, string>({ errorThresholdPercentage: 50, resetTimeout: 50 });
    const guarded = mw(async () => {
      reached++;
      throw boom;
    });
    await assert.rejects(guarded(background(), 'x'), boom);
    await assert.rejects(guarded(background(), 'x'), CircuitOpenError);
    assert.equal(reached, 1);
  });
});
