import type { Endpointer } from '../endpointer.js';
import type { Balancer } from './balancer.js';
import { NoEndpointsError } from './balancer.js';

/**
 * roundRobin returns a {@link Balancer} that cycles through the endpoints in order, starting at
 * index 0 (Go kit's `lb.NewRoundRobin`). When the set changes size the cycle continues from the
 * same position modulo the new size. The per-call cost is one array read and no allocation.
 *
 * @example
 * const balancer = roundRobin(endpointer);
 * const response = await balancer.endpoint()(ctx, request);
 */
export function roundRobin<Req, Res>(endpointer: Endpointer<Req, Res>): Balancer<Req, Res> {
  let next = 0;
  return {
    endpoint() {
      const endpoints = endpointer.endpoints();
      const n = endpoints.length;
      if (n === 0) throw new NoEndpointsError();
      const index = next < n ? next : next % n;
      next = index + 1;
      return endpoints[index] as NonNullable<(typeof endpoints)[number]>;
    },
  };
}
