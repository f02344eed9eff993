/**
 * @module
 * The HTTP client (docs/getting-started.md, step 4): the same {@link Endpoints} interface,
 * each method an HTTP call behind a circuit breaker.
 */
// #region client
import { circuitBreaker } from '@svckit/core/circuitbreaker';
import type { BreakerOptions } from '@svckit/core/circuitbreaker';
import { chain } from '@svckit/core/endpoint';
import { createClient, decodeJSONResponse, encodeJSONRequest } from '@svckit/core/transport/http';
import type { CountResponse, Endpoints, StringRequest, UppercaseResponse } from './endpoints.js';

/**
 * makeClient calls the service at baseURL (`http://127.0.0.1:8080`). Each method has its own
 * breaker: after more than 5 failures in a row (connection refused, 5xx) it fails fast with a
 * `CircuitOpenError` for `openTimeoutMs` (60 s by default), then lets one probe through.
 * A 400 is the caller's own mistake and never opens it.
 */
export function makeClient(baseURL: string, breaker: BreakerOptions = {}): Endpoints {
  const call = <Res>(path: string) =>
    chain(circuitBreaker({ ...breaker, name: path }))(
      createClient<StringRequest, Res>(
        'POST',
        new URL(path, baseURL),
        encodeJSONRequest,
        decodeJSONResponse,
      ),
    );
  return {
    uppercase: call<UppercaseResponse>('/uppercase'),
    count: call<CountResponse>('/count'),
  };
}
// #endregion client
