import type { Endpoint } from '../../endpoint/index.js';
import { ServiceError } from '../../errors/index.js';

/**
 * Balancer picks one endpoint per request from an Endpointer (Go kit's `lb.Balancer`).
 * `endpoint()` throws {@link NoEndpointsError} when there is none, or the Endpointer's
 * discovery error once the endpoints were invalidated.
 */
export interface Balancer<Req = unknown, Res = unknown> {
  /** endpoint returns the endpoint to call for the next request. */
  endpoint(): Endpoint<Req, Res>;
}

const noEndpointsOptions = Object.freeze({ reason: 'NO_ENDPOINTS' });

/**
 * NoEndpointsError is thrown by a {@link Balancer} whose Endpointer has no endpoints; its message
 * is Go kit's `ErrNoEndpoints`, `no endpoints available`. Code `unavailable`, reason `NO_ENDPOINTS`.
 */
export class NoEndpointsError extends ServiceError {
  override readonly name = 'NoEndpointsError';
  constructor(message = 'no endpoints available') {
    super('unavailable', message, noEndpointsOptions);
  }
}
