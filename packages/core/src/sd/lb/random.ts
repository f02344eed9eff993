import type { Endpointer } from '../endpointer.js';
import type { Balancer } from './balancer.js';
import { NoEndpointsError } from './balancer.js';
import { prng } from '../../internal/prng.js';

/**
 * random returns a {@link Balancer} that picks an endpoint uniformly at random (Go kit's
 * `lb.NewRandom`). With a `seed` the sequence of picks is reproducible (useful in tests);
 * without one it uses `Math.random`.
 */
export function random<Req, Res>(
  endpointer: Endpointer<Req, Res>,
  seed?: number,
): Balancer<Req, Res> {
  const next = prng(seed);
  return {
    endpoint() {
      const endpoints = endpointer.endpoints();
      const n = endpoints.length;
      if (n === 0) throw new NoEndpointsError();
      return endpoints[Math.floor(next() * n)] as NonNullable<(typeof endpoints)[number]>;
    },
  };
}
