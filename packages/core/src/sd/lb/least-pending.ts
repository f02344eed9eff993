import type { Endpoint } from '../../endpoint/index.js';
import type { Endpointer } from '../endpointer.js';
import type { Balancer } from './balancer.js';
import { NoEndpointsError } from './balancer.js';
import { prng } from '../../internal/prng.js';

/** Tracked is one endpoint wrapped to count its calls in flight. */
interface Tracked<Req, Res> {
  pending: number;
  readonly call: Endpoint<Req, Res>;
}

/**
 * leastPending returns a power-of-two-choices {@link Balancer} (not in Go kit): for each request
 * it samples two distinct endpoints at random and returns the one with fewer calls in flight,
 * so a slow or stuck instance quickly stops receiving traffic while load stays spread (no herd
 * on one "best" endpoint). The endpoints it returns are wrappers that count pending calls; the
 * counts survive endpoint-set changes for the instances that remain. `seed` makes the sampling
 * reproducible.
 *
 * @example
 * const balancer = leastPending(endpointer);
 * const response = await balancer.endpoint()(ctx, request);
 */
export function leastPending<Req, Res>(
  endpointer: Endpointer<Req, Res>,
  seed?: number,
): Balancer<Req, Res> {
  const next = prng(seed);
  let source: readonly Endpoint<Req, Res>[] | undefined;
  let tracked: Tracked<Req, Res>[] = [];
  let byEndpoint = new Map<Endpoint<Req, Res>, Tracked<Req, Res>>();

  // Rebuilt only when the Endpointer hands out a new array (after a discovery event).
  const refresh = (endpoints: readonly Endpoint<Req, Res>[]): void => {
    const map = new Map<Endpoint<Req, Res>, Tracked<Req, Res>>();
    for (const endpoint of endpoints)
      map.set(endpoint, byEndpoint.get(endpoint) ?? track(endpoint));
    byEndpoint = map;
    tracked = Array.from(map.values());
    source = endpoints;
  };

  return {
    endpoint() {
      const endpoints = endpointer.endpoints();
      if (endpoints !== source) refresh(endpoints);
      const n = tracked.length;
      if (n === 0) throw new NoEndpointsError();
      if (n === 1) return (tracked[0] as Tracked<Req, Res>).call;
      const i = Math.floor(next() * n);
      let j = Math.floor(next() * (n - 1));
      if (j >= i) j++;
      const a = tracked[i] as Tracked<Req, Res>;
      const b = tracked[j] as Tracked<Req, Res>;
      return (b.pending < a.pending ? b : a).call;
    },
  };
}

function track<Req, Res>(endpoint: Endpoint<Req, Res>): Tracked<Req, Res> {
  // The settle handlers are made once per endpoint, not per call.
  const settled = (response: Res): Res => {
    entry.pending--;
    return response;
  };
  const failed = (err: unknown): never => {
    entry.pending--;
    throw err;
  };
  const entry: Tracked<Req, Res> = {
    pending: 0,
    call: (ctx, request) => {
      entry.pending++;
      let result: Promise<Res>;
      try {
        result = endpoint(ctx, request);
      } catch (err) {
        entry.pending--;
        return Promise.reject(err);
      }
      return result.then(settled, failed);
    },
  };
  return entry;
}
