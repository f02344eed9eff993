/**
 * The HTTP transport of stringsvc1, wire-compatible with Go kit's: `/uppercase` and `/count`,
 * any method, `{"s"}` in, `{"v"}` out with a trailing newline, and Go's answers for unknown
 * paths and undecodable bodies. {@link makeHandler} builds both faces (Node and Fetch);
 * stringsvc2 and stringsvc3 serve through the same {@link stringRoutes}.
 */
import { createJSONCodec, createServer, encodeResponse } from '@svckit/core/transport/http';
import type { DecodeRequestFunc, Server, ServerOptions } from '@svckit/core/transport/http';
import { makeEndpoints } from './endpoints.js';
import { decodeGoStringRequest } from './go-json.js';
import type { CountRequest, Endpoints, UppercaseRequest } from './endpoints.js';
import { serveMux } from './serve-mux.js';
import type { Routes } from './serve-mux.js';
import { stringService } from './service.js';
import type { StringService } from './service.js';

/**
 * DecodeError is what stringsvc1 answers for a body it cannot decode. It deliberately has no
 * `statusCode()`: Go kit's `DefaultErrorEncoder` answers such bodies with 500 and the error
 * text, and this example speaks Go kit's wire (svckit's own `MalformedBodyError` is a 400).
 */
export class DecodeError extends Error {
  override readonly name = 'DecodeError';
}

/**
 * goCodec is the JSON of Go kit's stringsvc wire: bodies as Go's `json.Encoder` writes them
 * (HTML-safe escapes, trailing newline), labelled `text/plain; charset=utf-8` as Go's net/http
 * sniffs the JSON stringsvc writes without a Content-Type. stringsvc3's proxy encodes its
 * requests with it too.
 */
export const goCodec = createJSONCodec({ contentType: 'text/plain; charset=utf-8' });

/**
 * decodeStringRequest decodes `{"s": string}` exactly as Go kit's stringsvc does with Go's
 * `json.NewDecoder(r.Body).Decode(&request)` ({@link decodeGoStringRequest}): only the first
 * JSON value is read (trailing data is ignored), keys match case-insensitively with Unicode
 * folding and the last match wins, `null` or a missing key gives `''`, unknown keys are
 * ignored, invalid UTF-8 becomes U+FFFD as in Go. Any other shape or a syntax error is a
 * {@link DecodeError} (Go kit's 500); a body over the limit keeps its 413.
 */
export const decodeStringRequest: DecodeRequestFunc<{ s: string }> = async (_ctx, request) => {
  const body = await request.body(); // a BodyTooLargeError (413) passes through
  try {
    return { s: decodeGoStringRequest(body) };
  } catch (err) {
    throw new DecodeError((err as Error).message);
  }
};

/** jsonKind names the JSON type of a parsed value for decode errors: `array`, `null`, `number`…. */
export function jsonKind(v: unknown): string {
  return Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v;
}

/**
 * stringRoutes serves endpoints at `/uppercase` and `/count` with stringsvc1's decoding and Go's
 * encoding; the options (hooks, body limit) apply to both. Mount them with {@link serveMux},
 * with other routes beside them (stringsvc2 adds `/metrics`).
 */
export function stringRoutes(endpoints: Endpoints, options: ServerOptions = {}): Routes {
  const encode = encodeResponse(goCodec);
  return {
    '/uppercase': createServer(
      endpoints.uppercase,
      decodeStringRequest as DecodeRequestFunc<UppercaseRequest>,
      encode,
      options,
    ),
    '/count': createServer(
      endpoints.count,
      decodeStringRequest as DecodeRequestFunc<CountRequest>,
      encode,
      options,
    ),
  };
}

/**
 * makeHandler serves svc (default {@link stringService}) as stringsvc1 does: `/uppercase` and
 * `/count` for any method (the body is read even for GET), 404 `404 page not found` for every
 * other path, as Go's ServeMux. The options (hooks, body limit) apply to both routes.
 */
export function makeHandler(
  svc: StringService = stringService,
  options: ServerOptions = {},
): Server {
  return serveMux(stringRoutes(makeEndpoints(svc), options));
}
