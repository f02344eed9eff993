/**
 * @module @svckit/core/sd/lb/conformance
 *
 * The conformance suite every load balancer passes (`roundRobin`, `random`, `leastPending`,
 * `perCallRoundRobin`, and balancers in other packages): call {@link balancerConformance} from
 * a `node:test` file with a function that builds the balancer over an Endpointer. It imports
 * `node:test` and `node:assert`, so import it from tests only.
 */
export type { BalancerConformanceOptions } from './balancer-conformance.js';
export { balancerConformance } from './balancer-conformance.js';
