import type { Agent } from 'node:http';
import type { Context } from '../../context/index.js';
import { createKey } from '../../context/index.js';
import type { ClientRequestFunc } from './client-request.js';
import type { ClientResponseFunc, ResponseHeaders } from './client-response.js';

/**
 * ClientFinalizerFunc runs at the end of every client call, success or failure (Go kit's
 * `ClientFinalizerFunc`). `err` is what the call threw, or undefined. When a response arrived,
 * ctx carries its headers under {@link clientResponseHeadersKey} and its body size under
 * {@link clientResponseSizeKey}. Finalizers must not throw.
 */
export type ClientFinalizerFunc = (ctx: Context, err: unknown) => void;

/**
 * ClientOptions tune an HTTP client, {@link createClient} (node:http) or
 * {@link createFetchClient} (Fetch); every field is optional (Go kit's `ClientOption`s, as one
 * flat object). Options only one client has are in {@link NodeClientOptions} and
 * `FetchClientOptions`.
 */
export interface ClientOptions {
  /** before functions run in order after encoding, before sending (Go kit `ClientBefore`). */
  readonly before?: readonly ClientRequestFunc[] | undefined;
  /** after functions run in order once the response headers arrived (Go kit `ClientAfter`). */
  readonly after?: readonly ClientResponseFunc[] | undefined;
  /** finalizer functions run in order at the end of every call (Go kit `ClientFinalizer`). */
  readonly finalizer?: readonly ClientFinalizerFunc[] | undefined;
  /**
   * bufferedStream leaves the response body to the caller (Go kit `BufferedStream(true)`): the
   * decoder may return `res.body` and the caller reads it later. The context's signal still
   * governs the stream. Otherwise (default) the client finishes the body after decoding: a body
   * that has arrived whole is drained and its keep-alive connection goes back to the pool; one
   * still arriving is destroyed with its connection, so the call never waits on it.
   */
  readonly bufferedStream?: boolean | undefined;
  /**
   * maxResponseBytes bounds what the body helpers (`text()`, `json()`, `bytes()`) and the
   * after-decode drain read; beyond it they fail with a `ResponseBodyError` `BODY_TOO_LARGE`
   * and the connection is closed. Default {@link defaultMaxResponseBytes}.
   */
  readonly maxResponseBytes?: number | undefined;
  /**
   * propagateDeadline sends the context's remaining time as `Connect-Timeout-Ms: <ms>` (whole
   * ms, rounded up) when the context has a deadline, so an svckit server (or a Connect one)
   * shares the caller's budget. Default true; false for third-party APIs that should not see
   * the header. A header the encoder or a before function set is left as is.
   */
  readonly propagateDeadline?: boolean | undefined;
}

/** NodeClientOptions tune {@link createClient}: the shared options plus node:http's own. */
export interface NodeClientOptions extends ClientOptions {
  /**
   * agent is the connection pool to use (an `http.Agent`, or an `https.Agent` for https URLs).
   * Default: a keep-alive agent of this client's own. Pass a shared one to pool across clients;
   * destroy it yourself when done.
   */
  readonly agent?: Agent | undefined;
}

/**
 * maxInterimResponses bounds the 1xx informational responses (100 Continue, 103 Early Hints)
 * the node:http client accepts before the final one, as Go's transport does (5): a server that
 * sends them without end fails the call instead of spinning it until its deadline.
 */
export const maxInterimResponses = 5;

/** defaultMaxResponseBytes is the default response body bound of a client: 16 MiB. */
export const defaultMaxResponseBytes = 16 * 1024 * 1024;

/**
 * clientResponseHeadersKey holds the response headers in the context given to client
 * finalizers (Go kit's `ContextKeyResponseHeaders` on the client side).
 */
export const clientResponseHeadersKey = createKey<ResponseHeaders>('http.client.responseHeaders');

/**
 * clientResponseSizeKey holds the response body size in bytes in the context given to client
 * finalizers (Go kit's `ContextKeyResponseSize`): the bytes the client read when it read the
 * body itself, else the Content-Length, or -1 when unknown.
 */
export const clientResponseSizeKey = createKey<number>('http.client.responseSize');
