/**
 * @module @svckit/core/transport/http (client half)
 *
 * Temporary entry of the HTTP client and graceful-shutdown API, re-exported here until the
 * lead merges these exports into this folder's `index.ts` (owned by the HTTP server work).
 * The client is Go kit's `transport/http` `Client`: an {@link Endpoint} that encodes a request,
 * runs before/after/finalizer hooks, and decodes whatever the server answered.
 */
export { createClient } from './client.js';
export type { ClientOptions, ClientFinalizerFunc } from './client-options.js';
export {
  clientResponseHeadersKey,
  clientResponseSizeKey,
  defaultMaxResponseBytes,
} from './client-options.js';
export type { ClientRequest, ClientRequestFunc, EncodeRequestFunc } from './client-request.js';
export { setRequestHeader } from './client-request.js';
export type { ClientResponse, ClientResponseFunc, DecodeResponseFunc } from './client-response.js';
export { encodeJSONRequest, decodeJSONResponse } from './client-codec.js';
export { RequestError, ResponseBodyError, ResponseStatusError } from './client-errors.js';
export type { ShutdownOptions, ShutdownReport } from './shutdown.js';
export { shutdown, defaultShutdownTimeout } from './shutdown.js';
