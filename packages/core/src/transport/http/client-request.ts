import type { Context } from '../../context/index.js';

/**
 * RequestBody is what a request body can be, under every client and runtime: a string or
 * bytes (sent with a Content-Length), or a stream sent chunked — a Web `ReadableStream` of
 * bytes or any `AsyncIterable` of byte chunks (a Node `Readable` is one; so is an async
 * generator).
 */
export type RequestBody =
  string | Uint8Array | ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>;

/**
 * ClientRequest is the mutable description of one outgoing HTTP request that an HTTP client
 * endpoint builds per call (Go kit hands its encoder an `*http.Request`), the same for the
 * `node:http` client and the Fetch one. The encoder fills it from the domain request;
 * `before` functions may then adjust it (typically headers).
 *
 * - `method` and `url` start as the client's; the encoder may change them (path parameters,
 *   query strings): `url` is a fresh copy per call.
 * - `headers` maps lowercase names to one value or several (all sent).
 * - `body` is a {@link RequestBody}, or undefined for none.
 */
export interface ClientRequest {
  /** method is the HTTP method, e.g. `POST`. */
  method: string;
  /** url is the request URL, a copy of the client's target that the encoder may change. */
  url: URL;
  /** headers are the request headers; use lowercase names. */
  headers: Record<string, string | string[]>;
  /** body is the request body, or undefined for none. */
  body: RequestBody | undefined;
}

/**
 * EncodeRequestFunc writes a domain request into the outgoing {@link ClientRequest}: body,
 * content type, path or query (Go kit's `EncodeRequestFunc`). It may be synchronous. A thrown
 * error fails the call before anything is sent.
 */
export type EncodeRequestFunc<Req> = (
  ctx: Context,
  req: ClientRequest,
  request: Req,
) => void | Promise<void>;

/**
 * ClientRequestFunc runs after encoding and before the request is sent (Go kit's client
 * `RequestFunc`, registered with `ClientBefore`). It may change the request (headers) and
 * returns the context used from then on: a context with a shorter deadline bounds the call.
 */
export type ClientRequestFunc = (ctx: Context, req: ClientRequest) => Context;

/**
 * setRequestHeader returns a {@link ClientRequestFunc} that sets header `name` to `value` on
 * every request (Go kit's `SetRequestHeader`). The name is lowercased.
 */
export function setRequestHeader(
  name: string,
  value: string | readonly string[],
): ClientRequestFunc {
  const key = name.toLowerCase();
  const val = typeof value === 'string' ? value : [...value];
  return (ctx, req) => {
    req.headers[key] = val;
    return ctx;
  };
}
