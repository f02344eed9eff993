import type { Endpoint } from '../../endpoint/index.js';

/**
 * Balancer picks one endpoint per request from an Endpointer (Go kit's `lb.Balancer`).
 * `endpoint()` throws {@link NoEndpointsError} when there is none, or the Endpointer's
 * discovery error once the endpoints were invalidated.
 */
export interface Balancer<Req = unknown, Res = unknown> {
  /** endpoint returns the endpoint to call for the next request. */
  endpoint(): Endpoint<Req, Res>;
}

/**
 * NoEndpointsError is thrown by a {@link Balancer} whose Endpointer has no endpoints; its message
 * is Go kit's `ErrNoEndpoints`, `no endpoints available`.
 */
export class NoEndpointsError extends Error {
  override readonly name = 'NoEndpointsError';
  /** code is a stable machine-readable tag for the error. */
  readonly code = 'NO_ENDPOINTS';
  constructor(message = 'no endpoints available') {
    super(message);
  }
}
