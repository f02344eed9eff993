// What every balancer does (NoEndpointsError, discovery errors, spread, following the
// Endpointer, composing with retry) is checked by conformance.test.ts; this file pins what is
// specific to each balancer.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { background } from '../../context/index.js';
import type { Endpoint } from '../../endpoint/index.js';
import { fixedEndpointer } from '../index.js';
import { leastPending, random, roundRobin } from './index.js';

const named =
  (name: string): Endpoint<unknown, string> =>
  async () =>
    name;

describe('round robin', () => {
  it('starts at index 0 and cycles in order', () => {
    const eps = [named('0'), named('1'), named('2')];
    const balancer = roundRobin(fixedEndpointer(eps));
    const picks = Array.from({ length: 7 }, () => eps.indexOf(balancer.endpoint()));
    assert.deepEqual(picks, [0, 1, 2, 0, 1, 2, 0]);
  });
});

describe('random', () => {
  it('spreads picks uniformly, within 1% per endpoint', () => {
    const n = 7;
    const iterations = 1_000_000;
    const eps = Array.from({ length: n }, (_, i) => named(String(i)));
    const index = new Map(eps.map((ep, i) => [ep, i]));
    const counts = new Array<number>(n).fill(0);
    const balancer = random(fixedEndpointer(eps), 12345);
    for (let i = 0; i < iterations; i++) {
      const k = index.get(balancer.endpoint()) as number;
      counts[k] = (counts[k] as number) + 1;
    }
    const want = iterations / n;
    for (const count of counts) {
      assert.ok(Math.abs(count - want) <= want / 100, `count ${count} vs ${want}: ${counts}`);
    }
  });

  it('is reproducible with a seed', () => {
    const eps = Array.from({ length: 5 }, (_, i) => named(String(i)));
    const seq = (seed: number) => {
      const b = random(fixedEndpointer(eps), seed);
      return Array.from({ length: 20 }, () => eps.indexOf(b.endpoint()));
    };
    assert.deepEqual(seq(7), seq(7));
    assert.notDeepEqual(seq(7), seq(8));
  });
});

describe('least pending (power of two choices)', () => {
  it('stops sending to an endpoint whose calls hang', async () => {
    const hung: Array<() => void> = [];
    const slow: Endpoint<unknown, string> = () =>
      new Promise((resolve) => hung.push(() => resolve('slow')));
    const calls = [0, 0, 0];
    const eps: Endpoint<unknown, string>[] = [
      async () => {
        calls[0]!++;
        return 'fast0';
      },
      (ctx, req) => {
        calls[1]!++;
        return slow(ctx, req);
      },
      async () => {
        calls[2]!++;
        return 'fast2';
      },
    ];
    const balancer = leastPending(fixedEndpointer(eps), 42);
    const pendingCalls: Promise<string>[] = [];
    for (let i = 0; i < 300; i++) {
      const call = balancer.endpoint()(background(), undefined);
      if (hung.length > pendingCalls.length) pendingCalls.push(call);
      else await call;
    }
    // Round robin would have sent it 100 calls; here it only gets picked against another
    // endpoint with a call in flight, which never happens with sequential fast calls.
    assert.equal(calls[1], 1, `calls per endpoint: ${calls}`);
    assert.ok(calls[0]! > 100 && calls[2]! > 100, `calls per endpoint: ${calls}`);
    for (const release of hung) release();
    assert.deepEqual(await Promise.all(pendingCalls), ['slow']);
  });

  it('balances pending calls evenly when every endpoint hangs', async () => {
    const releases: Array<() => void> = [];
    const pending = [0, 0, 0, 0];
    const eps: Endpoint<unknown, number>[] = pending.map(
      (_, i) => () =>
        new Promise<number>((resolve) => {
          pending[i]!++;
          releases.push(() => resolve(i));
        }),
    );
    const balancer = leastPending(fixedEndpointer(eps), 1);
    const calls = Array.from({ length: 40 }, () => balancer.endpoint()(background(), undefined));
    // With two random choices the spread stays tight; round-robin-like, not random-like.
    const spread = Math.max(...pending) - Math.min(...pending);
    assert.ok(spread <= 3, `pending per endpoint: ${pending}`);
    for (const release of releases) release();
    await Promise.all(calls);
  });

  it('decrements the count when a call fails or throws', async () => {
    let hungCalls = 0;
    let flakyCalls = 0;
    const flaky: Endpoint<unknown, string> = (): Promise<string> => {
      flakyCalls++;
      if (flakyCalls % 2 === 0) throw new Error('sync');
      return Promise.reject(new Error('async'));
    };
    const hung: Endpoint<unknown, string> = () => {
      hungCalls++;
      return new Promise(() => {});
    };
    const balancer = leastPending(fixedEndpointer([flaky, hung]), 3);
    // Put exactly one call in flight on `hung`.
    while (hungCalls === 0) {
      const call = balancer
        .endpoint()(background(), undefined)
        .catch(() => {});
      if (hungCalls === 0) await call;
    }
    // From now on `flaky` must always win (0 pending vs 1), which holds only if its failed
    // calls, rejected or thrown, were counted down.
    for (let i = 0; i < 20; i++) {
      const call = balancer.endpoint()(background(), undefined);
      assert.equal(hungCalls, 1, `call ${i} went to the endpoint with a call in flight`);
      await assert.rejects(call, /^Error: (sync|async)$/);
    }
  });
});
