import type { Context } from '../../context/index.js';
import { isHeaderer, isStatusCoder } from '../capabilities.js';
import type { HeaderMap } from '../capabilities.js';
import { bodyThen } from './body-then.js';
import type { Codec } from './codec.js';
import { jsonCodec } from './codec.js';
import type { HttpRequest } from './request.js';
import type { ResponseWriter } from './response-writer.js';

/**
 * DecodeRequestFunc extracts a request object from an HTTP request (Go kit's
 * `DecodeRequestFunc`). Throwing (or rejecting) stops the flow: the error goes to the error
 * handler and the error encoder; an error with `statusCode()` chooses the status.
 */
export type DecodeRequestFunc<Req> = (ctx: Context, request: HttpRequest) => Req | Promise<Req>;

/**
 * EncodeResponseFunc writes an endpoint's response to the writer (Go kit's
 * `EncodeResponseFunc`). It should end the response; the server ends it with an empty body
 * if it does not.
 */
export type EncodeResponseFunc<Res> = (
  ctx: Context,
  w: ResponseWriter,
  response: Res,
) => void | Promise<void>;

/**
 * decodeRequest returns a decoder that reads the body with codec and hands the parsed value
 * to `map`, which validates it and builds the request (throw there for a bad shape). Without
 * `map` the parsed value is the request, unchecked.
 */
export function decodeRequest<Req = unknown>(
  codec: Codec,
  map?: (body: unknown, request: HttpRequest) => Req,
): DecodeRequestFunc<Req> {
  // The parse runs in the step that reads the body (no async frame, no step of its own); it
  // always returns a promise, as the async function it replaces did.
  return (_ctx, request) =>
    bodyThen(request, (bytes) => {
      const value = codec.decode(bytes);
      return map === undefined ? (value as Req) : map(value, request);
    });
}

/**
 * decodeJSONRequest is {@link decodeRequest} with the JSON codec: malformed or empty JSON is
 * answered 400 with a clear message, a body over the limit 413.
 */
export function decodeJSONRequest<Req = unknown>(
  map?: (body: unknown, request: HttpRequest) => Req,
): DecodeRequestFunc<Req> {
  return decodeRequest(jsonCodec, map);
}

/**
 * encodeResponse returns an encoder that writes responses with codec (Go kit's
 * `EncodeJSONResponse`, for any codec): Content-Type from the codec; a response that is a
 * `Headerer` adds its headers (every value of a multi-valued header); a `StatusCoder` chooses
 * the status (else 200); a 204 or 304 is sent without a body.
 */
export function encodeResponse(codec: Codec): EncodeResponseFunc<unknown> {
  const contentType = codec.contentType;
  return (_ctx, w, response) => {
    w.setHeader('content-type', contentType);
    if (isHeaderer(response)) addHeaders(w, response.headers());
    let status = 200;
    if (isStatusCoder(response)) {
      status = response.statusCode();
      w.writeHead(status);
    }
    if (status === 204 || status === 304) return w.end();
    w.end(codec.encode(response));
  };
}

/**
 * encodeJSONResponse is Go kit's `EncodeJSONResponse`: `application/json; charset=utf-8`, the
 * JSON of the response followed by a newline, `Headerer` and `StatusCoder` honoured, no body
 * for 204.
 */
export const encodeJSONResponse: EncodeResponseFunc<unknown> = encodeResponse(jsonCodec);

/** addHeaders adds every value of headers to w, keeping values already set (Go's `Add`). */
export function addHeaders(w: ResponseWriter, headers: HeaderMap): void {
  for (const name in headers) {
    const value = headers[name];
    if (typeof value === 'string') w.addHeader(name, value);
    else if (value !== undefined) for (const v of value) w.addHeader(name, v);
  }
}
