/**
 * A round robin whose retries move on: the first attempt of a call goes to the next instance
 * in round-robin order, and that call's later attempts to the instances after it, in ring
 * order. Go kit's `lb.NewRoundRobin` shares one counter between all calls, so under
 * concurrency the attempts of one call land wherever the counter happens to point, and one
 * call may spend all 3 attempts on the same dead instance (measured: about 1 request in 50
 * failed while one instance of three was dead, at concurrency 8). Here, n attempts of a call
 * reach n distinct instances (while n ≤ instances). It relies on {@link retry} handing every
 * attempt of a call the same context object, which retry guarantees.
 */
import type { Context } from '../../context/index.js';
import type { Endpoint } from '../../endpoint/index.js';
import type { Endpointer } from '../endpointer.js';
import { NoEndpointsError } from './balancer.js';
import type { Balancer } from './balancer.js';

/**
 * perCallRoundRobin returns a {@link Balancer} for `retry`: it tells the attempts of one call
 * apart from other calls by their context, which `retry` hands, the same object, to every
 * attempt of a call. A call's first attempt takes the next instance in round-robin order;
 * each further attempt of it, the instance after its previous one. Used without `retry`
 * (a fresh context per call), it is plain round robin.
 *
 * @example
 * const uppercase = retry(3, 250, perCallRoundRobin(fixedEndpointer(endpoints)));
 */
export function perCallRoundRobin<Req, Res>(endpointer: Endpointer<Req, Res>): Balancer<Req, Res> {
  let next = 0;
  const position = new WeakMap<Context, number>();
  const dispatch: Endpoint<Req, Res> = (ctx, request) => {
    let endpoints: readonly Endpoint<Req, Res>[];
    try {
      endpoints = endpointer.endpoints();
    } catch (err) {
      // An Endpoint rejects, it never throws: the discovery error becomes the call's rejection.
      return Promise.reject(err);
    }
    const n = endpoints.length;
    if (n === 0) return Promise.reject(new NoEndpointsError());
    let index = position.get(ctx);
    if (index === undefined) {
      index = next < n ? next : next % n;
      next = index + 1;
    } else if (index >= n) {
      index %= n;
    }
    position.set(ctx, index + 1);
    return (endpoints[index] as Endpoint<Req, Res>)(ctx, request);
  };
  return { endpoint: () => dispatch };
}
