/**
 * The HTTP transport of stringsvc1, wire-compatible with Go kit's: `/uppercase` and `/count`,
 * any method, `{"s"}` in, `{"v"}` out with a trailing newline, and Go's answers for unknown
 * paths and undecodable bodies. {@link makeHandler} builds both faces (Node and Fetch);
 * stringsvc2 and stringsvc3 serve through the same {@link stringRoutes}.
 */
import { reasonOf } from '@svckit/core/errors';
import { createJSONCodec, createServer, encodeResponse } from '@svckit/core/transport/http';
import type { DecodeRequestFunc, Server, ServerOptions } from '@svckit/core/transport/http';
import { makeEndpoints } from './endpoints.js';
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
const loneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * decodeStringRequest decodes `{"s": string}` as Go's encoding/json does: keys match
 * case-insensitively with Unicode folding (the last match wins), unknown keys are ignored, a missing key or `null`
 * gives `''`, and any other shape is an error.
 */
export const decodeStringRequest: DecodeRequestFunc<{ s: string }> = async (_ctx, request) => {
  let body: unknown;
  try {
    body = goCodec.decode(await request.body());
  } catch (err) {
    // Oversized bodies keep their 413; anything undecodable becomes Go kit's 500.
    if (reasonOf(err) === 'BODY_TOO_LARGE') throw err;
    throw new DecodeError((err as Error).message);
  }
  if (body === null) return { s: '' };
  if (typeof body !== 'object' || Array.isArray(body))
    throw new DecodeError(`cannot decode a JSON ${jsonKind(body)} into the request object`);
  let s = '';
  for (const key in body) {
    if (key !== 's' && key !== 'S' && key !== '\u017f') continue; // Go folds ſ (U+017F) to s
    const v = (body as Record<string, unknown>)[key];
    if (v === null) continue;
    if (typeof v !== 'string')
      throw new DecodeError(`cannot decode a JSON ${jsonKind(v)} into field s of type string`);
    s = v;
  }
  // Go's decoder turns unpaired surrogate escapes into U+FFFD.
  return { s: s.replace(loneSurrogate, '\ufffd') };
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
