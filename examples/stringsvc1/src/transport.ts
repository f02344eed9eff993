/**
 * The HTTP transport of stringsvc1, wire-compatible with Go kit's: `/uppercase` and `/count`,
 * any method, `{"s"}` in, `{"v"}` out with a trailing newline, and Go's answers for unknown
 * paths and undecodable bodies. {@link makeHandler} builds both faces (Node and Fetch).
 */
import { createJSONCodec, createServer, encodeResponse } from '@svckit/core/transport/http';
import type { DecodeRequestFunc, Server, ServerOptions } from '@svckit/core/transport/http';
import { makeCountEndpoint, makeUppercaseEndpoint } from './endpoints.js';
import type { CountRequest, UppercaseRequest } from './endpoints.js';
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
 * Go's net/http sniffs the JSON that stringsvc1 writes without a Content-Type and sends
 * `text/plain; charset=utf-8`; the body follows Go's `json.Encoder` (HTML escapes, newline).
 */
const goCodec = createJSONCodec({ contentType: 'text/plain; charset=utf-8' });
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
    if ((err as { code?: string }).code === 'BODY_TOO_LARGE') throw err;
    throw new DecodeError((err as Error).message);
  }
  if (body === null) return { s: '' };
  if (typeof body !== 'object' || Array.isArray(body))
    throw new DecodeError(`cannot decode a JSON ${kind(body)} into the request object`);
  let s = '';
  for (const key in body) {
    if (key !== 's' && key !== 'S' && key !== '\u017f') continue; // Go folds ſ (U+017F) to s
    const v = (body as Record<string, unknown>)[key];
    if (v === null) continue;
    if (typeof v !== 'string')
      throw new DecodeError(`cannot decode a JSON ${kind(v)} into field s of type string`);
    s = v;
  }
  // Go's decoder turns unpaired surrogate escapes into U+FFFD.
  return { s: s.replace(loneSurrogate, '\ufffd') };
};

function kind(v: unknown): string {
  return Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v;
}

const notFoundBody = '404 page not found\n';

/**
 * makeHandler serves svc (default {@link stringService}) as stringsvc1 does: `/uppercase` and
 * `/count` for any method, 404 `404 page not found` for every other path, as Go's ServeMux.
 * The options (hooks, body limit) apply to both routes.
 */
export function makeHandler(
  svc: StringService = stringService,
  options: ServerOptions = {},
): Server {
  const encode = encodeResponse(goCodec);
  const uppercase = createServer(
    makeUppercaseEndpoint(svc),
    decodeStringRequest as DecodeRequestFunc<UppercaseRequest>,
    encode,
    options,
  );
  const count = createServer(
    makeCountEndpoint(svc),
    decodeStringRequest as DecodeRequestFunc<CountRequest>,
    encode,
    options,
  );
  return {
    node(req, res) {
      const url = req.url ?? '/';
      const q = url.indexOf('?');
      const path = q < 0 ? url : url.slice(0, q);
      if (path === '/uppercase') return uppercase.node(req, res);
      if (path === '/count') return count.node(req, res);
      res.writeHead(404, {
        'content-type': 'text/plain; charset=utf-8',
        'x-content-type-options': 'nosniff',
        'content-length': String(notFoundBody.length),
      });
      res.end(notFoundBody);
      return Promise.resolve();
    },
    fetch(request, info) {
      const path = new URL(request.url).pathname;
      if (path === '/uppercase') return uppercase.fetch(request, info);
      if (path === '/count') return count.fetch(request, info);
      return Promise.resolve(
        new Response(notFoundBody, {
          status: 404,
          headers: {
            'content-type': 'text/plain; charset=utf-8',
            'x-content-type-options': 'nosniff',
          },
        }),
      );
    },
  };
}
