import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { background } from '../../context/index.js';
import type { Endpoint } from '../../endpoint/index.js';
import { fixedEndpointer } from '../index.js';
import type { Endpointer } from '../index.js';
import { perCallRoundRobin, retry, roundRobin } from './index.js';
import type { Balancer } from './index.js';

type Ep = Endpoint<string, string>;

describe('perCallRoundRobin', () => {
  it('without retry (a fresh context per call) it is plain round robin', async () => {
    const seen: string[] = [];
    const ep =
      (name: string): Ep =>
      (_ctx, req) => {
        seen.push(`${req}@${name}`);
        return Promise.resolve(name);
      };
    const b = perCallRoundRobin(fixedEndpointer([ep('a'), ep('b'), ep('c')]));
    for (const req of ['1', '2', '3', '4']) await b.endpoint()(background(), req);
    assert.deepEqual(seen, ['1@a', '2@b', '3@c', '4@a']);
  });

  it("a retried call's attempts go to the next instances in ring order", async () => {
    const seen: string[] = [];
    const ep =
      (name: string, ok: boolean): Ep =>
      (_ctx, req) => {
        seen.push(`${req}@${name}`);
        return ok ? Promise.resolve(name) : Promise.reject(new Error(`${name} down`));
      };
    const b = perCallRoundRobin(fixedEndpointer([ep('a', true), ep('b', false), ep('c', false)]));
    const call = retry(3, 1000, b);
    assert.equal(await call(background(), '1'), 'a'); // first call starts at a
    assert.equal(await call(background(), '2'), 'a'); // starts at b, then c, then a
    assert.deepEqual(seen, ['1@a', '2@b', '2@c', '2@a']);
  });

  /** deadScenario runs 300 concurrent retried calls over [alive, dead, alive]. */
  async function deadScenario(
    balance: (e: Endpointer<string, string>) => Balancer<string, string>,
  ): Promise<{ failed: number; deadHits: Map<string, number> }> {
    const deadHits = new Map<string, number>();
    const dead: Ep = (_ctx, req) => {
      deadHits.set(req, (deadHits.get(req) ?? 0) + 1);
      return Promise.reject(new Error('refused'));
    };
    const alive: Ep = (_ctx, req) =>
      new Promise((resolve) => setTimeout(() => resolve(req.toUpperCase()), 1));
    const call = retry(3, 5000, balance(fixedEndpointer([alive, dead, alive])));
    const settled = await Promise.allSettled(
      Array.from({ length: 300 }, (_, i) => call(background(), `r${i}`)),
    );
    return { failed: settled.filter((r) => r.status === 'rejected').length, deadHits };
  }

  it("Go kit's shared round robin: concurrent calls retry on the dead instance, some fail", async () => {
    const { failed, deadHits } = await deadScenario(roundRobin);
    assert.ok(
      [...deadHits.values()].some((n) => n > 1),
      'some call met the dead instance twice',
    );
    assert.ok(failed > 0, 'some call spent all 3 attempts on it');
  });

  it('per call: under the same load no call meets the dead instance twice', async () => {
    const { failed, deadHits } = await deadScenario(perCallRoundRobin);
    assert.equal(failed, 0);
    assert.ok(deadHits.size > 50, `the dead instance was tried (${deadHits.size} calls)`);
    assert.ok([...deadHits.values()].every((n) => n === 1));
  });

  it("the Endpointer's discovery error rejects the call instead of throwing", async () => {
    // Found by the balancer conformance suite: dispatch used to throw it synchronously.
    const failure = new Error('discovery invalidated');
    const b = perCallRoundRobin<string, string>({
      endpoints: () => {
        throw failure;
      },
    });
    let pending: Promise<string> | undefined;
    assert.doesNotThrow(() => (pending = b.endpoint()(background(), 'x')));
    await assert.rejects(pending as Promise<string>, failure);
  });
});
