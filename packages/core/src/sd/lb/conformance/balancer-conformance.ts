import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { background, createKey, withValue } from '../../../context/index.js';
import type { Context } from '../../../context/index.js';
import type { Endpoint } from '../../../endpoint/index.js';
import type { Endpointer } from '../../endpointer.js';
import type { Balancer } from '../balancer.js';
import { NoEndpointsError } from '../balancer.js';
import { retry } from '../retry.js';

/**
 * BalancerConformanceOptions tune {@link balancerConformance}. A balancer that does not make a
 * guarantee opts out of it: each check needing it is reported as a skipped test whose reason
 * names the guarantee, and a weaker check that every balancer must pass runs instead.
 */
export interface BalancerConformanceOptions {
  /** calls is how many sequential calls measure the spread (default 8000). */
  calls?: number;
  /**
   * fair is false for balancers that need not give each endpoint an even share of sequential
   * calls; they must still reach every endpoint (default true).
   */
  fair?: boolean;
  /** tolerance is how far (relative) a fair endpoint's share may be from even (default 0.1). */
  tolerance?: number;
  /**
   * distinctRetries is false for balancers whose retried attempts may repeat an endpoint: then
   * `retry` is only required to succeed eventually, not within one attempt per endpoint
   * (default true).
   */
  distinctRetries?: boolean;
}

/** Endpoints are named test endpoints that count the calls reaching each of them. */
interface Endpoints {
  readonly hits: Map<string, number>;
  /** attempts lists, per request, the endpoints its attempts reached. */
  readonly attempts: Map<string, string[]>;
  make(name: string, ok?: boolean): Endpoint<string, string>;
}

const callNumber = createKey<number>('balancer-conformance call');

/**
 * balancerConformance registers (with `node:test`) what every {@link Balancer} must do: fail
 * with `NoEndpointsError` ("no endpoints available") when there is no endpoint and surface the
 * Endpointer's discovery error, thrown by `endpoint()` or as a rejection, never as a synchronous
 * throw from the endpoint it returned; reach every endpoint (evenly, for the fair ones);
 * follow the Endpointer (an added endpoint gets traffic, a removed one none; the Endpointer
 * hands out a new array on every change, as `createEndpointer` does); and compose with
 * `retry`, which gets past failing endpoints. Each call gets its own context, as callers give.
 *
 * @example
 * balancerConformance('round robin', (endpointer) => roundRobin(endpointer));
 */
export function balancerConformance(
  name: string,
  make: (endpointer: Endpointer<string, string>) => Balancer<string, string>,
  options: BalancerConformanceOptions = {},
): void {
  const calls = options.calls ?? 8000;
  const fair = options.fair ?? true;
  const tolerance = options.tolerance ?? 0.1;
  const distinctRetries = options.distinctRetries ?? true;
  const lacks = { fair: !fair, distinctRetries: !distinctRetries };
  const about = {
    fair: 'an even share of sequential calls for each endpoint',
    distinctRetries: 'the attempts of a retried call reach distinct endpoints',
  } as const;
  /** needs is the test option that skips a check, naming the guarantee it lacks. */
  const needs = (cap: keyof typeof lacks): { skip?: string } =>
    lacks[cap] ? { skip: `${name} opts out of ${cap} (${about[cap]})` } : {};
  let sequence = 0;
  const freshContext = (): Context => withValue(background(), callNumber, sequence++);

  /** call picks an endpoint and calls it; a sync throw from endpoint() becomes a rejection. */
  const call = (balancer: Balancer<string, string>, request = 'x'): Promise<string> => {
    let endpoint: Endpoint<string, string>;
    try {
      endpoint = balancer.endpoint();
    } catch (err) {
      return Promise.reject(err);
    }
    try {
      return endpoint(freshContext(), request);
    } catch (err) {
      return assert.fail(`${name}: an endpoint it returned threw synchronously: ${String(err)}`);
    }
  };

  const spread = async (
    balancer: Balancer<string, string>,
    endpoints: Endpoints,
    expected: readonly string[],
    even = fair,
  ): Promise<void> => {
    endpoints.hits.clear();
    for (let i = 0; i < calls; i++) await call(balancer);
    const share = calls / expected.length;
    for (const endpoint of expected) {
      const hits = endpoints.hits.get(endpoint) ?? 0;
      assert.ok(hits > 0, `${endpoint} got no traffic: ${show(endpoints.hits)}`);
      if (even) {
        assert.ok(
          Math.abs(hits - share) <= tolerance * share,
          `${endpoint} got ${hits} of ${calls} calls, want ${share} ± ${tolerance * 100} %: ` +
            show(endpoints.hits),
        );
      }
    }
    const total = [...endpoints.hits.values()].reduce((a, b) => a + b, 0);
    assert.equal(total, calls, `calls went elsewhere: ${show(endpoints.hits)}`);
  };

  describe(`${name} balancer conformance`, () => {
    it('fails with NoEndpointsError when there is no endpoint', async () => {
      const balancer = make({ endpoints: () => [] });
      await assert.rejects(call(balancer), (err: unknown) => {
        assert.ok(err instanceof NoEndpointsError, `got ${String(err)}`);
        assert.equal(err.message, 'no endpoints available');
        return true;
      });
    });

    it("surfaces the Endpointer's discovery error", async () => {
      const failure = new Error('discovery invalidated');
      const balancer = make({
        endpoints: () => {
          throw failure;
        },
      });
      await assert.rejects(call(balancer), (err: unknown) => err === failure);
    });

    it('sends every call to the only endpoint', async () => {
      const endpoints = recorder();
      const only = [endpoints.make('a')];
      const balancer = make({ endpoints: () => only });
      for (let i = 0; i < 20; i++) assert.equal(await call(balancer), 'a');
      assert.equal(endpoints.hits.get('a'), 20);
    });

    it('reaches every endpoint', async () => {
      const endpoints = recorder();
      const names = ['a', 'b', 'c', 'd'];
      const list = names.map((n) => endpoints.make(n));
      await spread(make({ endpoints: () => list }), endpoints, names, false);
    });

    it('spreads calls evenly over every endpoint', needs('fair'), async () => {
      const endpoints = recorder();
      const names = ['a', 'b', 'c', 'd'];
      const list = names.map((n) => endpoints.make(n));
      await spread(make({ endpoints: () => list }), endpoints, names, true);
    });

    it('follows the Endpointer: an added endpoint gets traffic, a removed one none', async () => {
      const endpoints = recorder();
      const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((n) => endpoints.make(n)) as [
        Endpoint<string, string>,
        Endpoint<string, string>,
        Endpoint<string, string>,
        Endpoint<string, string>,
      ];
      let current: readonly Endpoint<string, string>[] = [a, b, c];
      const balancer = make({ endpoints: () => current });
      await spread(balancer, endpoints, ['a', 'b', 'c']);
      current = [a, c, d];
      await spread(balancer, endpoints, ['a', 'c', 'd']);
      assert.equal(endpoints.hits.get('b'), undefined, 'the removed endpoint got traffic');
    });

    const retries = async (max: number, distinct: boolean): Promise<void> => {
      const endpoints = recorder();
      const list = [endpoints.make('f1', false), endpoints.make('f2', false), endpoints.make('ok')];
      // A budget of a minute: attempt counts are the assertion, not speed.
      const retried = retry(max, 60_000, make({ endpoints: () => list }));
      for (let i = 0; i < 30; i++) {
        assert.equal(await retried(freshContext(), `r${i}`), 'ok');
        const reached = endpoints.attempts.get(`r${i}`) ?? [];
        assert.equal(reached.at(-1), 'ok', `call r${i}: ${reached.join(',')}`);
        if (distinct) {
          assert.equal(new Set(reached).size, reached.length, `r${i}: ${reached.join(',')}`);
        }
      }
    };

    it('retry over [fail, fail, ok] eventually succeeds', () => retries(40, false));

    it(
      'retry(3) over [fail, fail, ok] succeeds, each attempt on another endpoint',
      needs('distinctRetries'),
      () => retries(3, true),
    );
  });
}

function recorder(): Endpoints {
  const hits = new Map<string, number>();
  const attempts = new Map<string, string[]>();
  return {
    hits,
    attempts,
    make:
      (name, ok = true) =>
      (_ctx, request) => {
        hits.set(name, (hits.get(name) ?? 0) + 1);
        const reached = attempts.get(request) ?? [];
        reached.push(name);
        attempts.set(request, reached);
        return ok ? Promise.resolve(name) : Promise.reject(new Error(`${name} failed`));
      },
  };
}

function show(hits: ReadonlyMap<string, number>): string {
  return [...hits].map(([k, v]) => `${k}=${v}`).join(' ');
}
