/**
 * @module @svckit/core/transport/http
 *
 * Endpoints over HTTP (Go kit's `transport/http`). {@link createServer} exposes an endpoint
 * with Go kit's hooks (before, after, error encoder, error handler, finalizers) as a
 * {@link Server}, the one handler type of svckit, with two faces over one flow: `node(req,
 * res)` for `node:http`, Express, Fastify and Koa, and `fetch(Request)` for Bun, Deno and
 * edge runtimes. {@link createRouter} routes method + path patterns (`/profiles/:id`) to
 * servers, with Go's 404 and 405 answers, mounts and sub-routers; it is a `Server` too.
 * Codecs ({@link jsonCodec}, {@link createJSONCodec}, or any {@link Codec}) decode requests
 * and encode responses honouring `StatusCoder` and `Headerer`. Safe defaults: a 1 MiB body
 * limit answered 413 before reading, a process-wide {@link defaultBodyBudget} of bodies held
 * at once (503 beyond), `Connection: close` rather than draining a body left unread, malformed
 * JSON (a byte-order mark too) answered 400, any shape of `Request.url` read as the target it
 * is, and {@link listen} with header and request timeouts that fire on time, HTTPS and mutual
 * TLS. {@link publicErrorEncoder} keeps internal error messages on the server.
 *
 * {@link createClient} is the other side: an endpoint that encodes a request, runs before,
 * after and finalizer hooks over a keep-alive agent, and hands whatever the server answered to
 * the decoder; {@link createFetchClient} is the same over `fetch` (Bun, Deno, edge), with the
 * same runtime-neutral {@link ClientRequest} and {@link ClientResponse}. {@link shutdown} stops a `node:http` server gracefully, with a bound.
 */
export type {
  Server,
  ServerOptions,
  RequestFunc,
  ServerResponseFunc,
  ServerFinalizerFunc,
  FinalizerInfo,
} from './server.js';
export { createServer, defaultBodyLimit } from './server.js';
export type { BodyBudget } from './body-budget.js';
export { BodyBudgetError, createBodyBudget, defaultBodyBudget } from './body-budget.js';
export type { Router, RouterOptions } from './router.js';
export { createRouter, defaultMaxPathLength, textAnswer } from './router.js';
export type { RouteMatch } from './route-match.js';
export { routeOf, routeOfRequest } from './route-match.js';
export { targetOfURL, unreadMustClose } from './target.js';
export type { HttpRequest, RequestFacts } from './request.js';
export { httpRequest, requestFacts, requestKey } from './request.js';
export type { ResponseWriter } from './response-writer.js';
export type { Codec, JSONCodecOptions } from './codec.js';
export { createJSONCodec, jsonCodec } from './codec.js';
export type { DecodeRequestFunc, EncodeResponseFunc } from './codecs.js';
export {
  decodeRequest,
  decodeJSONRequest,
  encodeResponse,
  encodeJSONResponse,
  addHeaders,
} from './codecs.js';
export type { ErrorEncoder, ErrorEncoderOptions, ErrorStatusFunc } from './error-encoder.js';
export {
  createErrorEncoder,
  defaultErrorEncoder,
  defaultErrorStatus,
  errorText,
  isServerFault,
  publicErrorEncoder,
  requestIdOf,
} from './error-encoder.js';
export { codeOfHttpResponse, codeOfHttpStatus, errorCodeHeader, httpStatusOf } from './status.js';
export { BodyTooLargeError, MalformedBodyError, ClientGoneError } from './errors.js';
export { setResponseHeader, setContentType, nopRequestDecoder } from './helpers.js';
export type { ListenOptions } from './listen.js';
export { listen } from './listen.js';

// Client side: the node:http client and the Fetch one, over the same request/response types.
export { createClient } from './client.js';
export type { FetchClientOptions } from './fetch-client.js';
export { createFetchClient } from './fetch-client.js';
export type { ClientOptions, ClientFinalizerFunc, NodeClientOptions } from './client-options.js';
export {
  clientResponseHeadersKey,
  clientResponseSizeKey,
  defaultMaxResponseBytes,
  maxInterimResponses,
} from './client-options.js';
export type {
  ClientRequest,
  ClientRequestFunc,
  EncodeRequestFunc,
  RequestBody,
} from './client-request.js';
export { setRequestHeader } from './client-request.js';
export type {
  ClientResponse,
  ClientResponseFunc,
  DecodeResponseFunc,
  ResponseHeaders,
} from './client-response.js';
export { encodeJSONRequest, decodeJSONResponse } from './client-codec.js';
export {
  RequestError,
  ResponseBodyError,
  ResponseStatusError,
  parseRetryAfter,
} from './client-errors.js';
export type { ShutdownOptions, ShutdownReport } from './shutdown.js';
export { shutdown, defaultShutdownTimeout } from './shutdown.js';
