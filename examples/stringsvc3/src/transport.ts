/**
 * The HTTP transport of stringsvc3 (Go kit's `stringsvc3/transport.go`), both halves:
 *
 * - server: `/uppercase` and `/count`, any method, `{"s"}` in, `{"v"}` out with a trailing
 *   newline and the `text/plain; charset=utf-8` Go's net/http sniffs, Go's 404 for other
 *   paths, Go kit's 500 for undecodable bodies ({@link makeHandler});
 * - client: the request the proxy sends to another instance ({@link encodeRequest}) and the
 *   decoding of its answer, whatever the status ({@link decodeUppercaseResponse}).
 */
import type { Context } from '@svckit/core/context';
import { createJSONCodec, createServer, encodeResponse } from '@svckit/core/transport/http';
import type {
  ClientRequest,
  ClientResponse,
  DecodeRequestFunc,
  Server,
  ServerOptions,
} from '@svckit/core/transport/http';
import { decodeStringRequest } from '@svckit/example-stringsvc1/dist/transport.js';
import { makeCountEndpoint, makeUppercaseEndpoint } from './endpoints.js';
import type { CountRequest, UppercaseRequest, UppercaseResponse } from './endpoints.js';
import type { StringService } from './service.js';

/**
 * goCodec writes JSON as Go's `json.Encoder` does (HTML-safe escapes, trailing newline) and
 * labels it as Go's net/http sniffs a JSON body written without a Content-Type.
 */
const goCodec = createJSONCodec({ contentType: 'text/plain; charset=utf-8' });
const notFoundBody = '404 page not found\n';

/**
 * makeHandler serves svc as Go kit's stringsvc3 does: `/uppercase` and `/count` for any method
 * (the body is read even for GET), `404 page not found\n` for every other path. The request
 * decoder is stringsvc1's (Go's case-insensitive keys, `null` and missing give `''`; an
 * undecodable body is a 500 with the error text, an oversized one a 413). The options (hooks,
 * body limit) apply to both routes.
 */
export function makeHandler(svc: StringService, options: ServerOptions = {}): Server {
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

/**
 * encodeRequest is Go kit's client `encodeRequest`: the request as Go's `json.Encoder` writes
 * it (`{"s":"..."}\n`, HTML-safe escapes), no Content-Type header (Go kit's stringsvc servers
 * never read one), and `Transfer-Encoding: chunked`, as Go sends a body of unknown length.
 * (Without the header, svckit's client would frame the GET body with a Content-Length.)
 */
export function encodeRequest(_ctx: Context, req: ClientRequest, request: UppercaseRequest): void {
  req.headers['transfer-encoding'] = 'chunked';
  req.body = goCodec.encode({ s: request.s });
}

/**
 * UpstreamResponseError is what {@link decodeUppercaseResponse} throws for an answer that is
 * not `{"v": string, "err"?: string}`: not JSON (an HTML error page, a proxy's 502, an empty
 * body) or JSON of the wrong shape. The status is named, since Go kit ignores it and a
 * non-JSON answer is usually explained by it.
 */
export class UpstreamResponseError extends Error {
  override readonly name = 'UpstreamResponseError';
  /** status is the HTTP status the upstream answered with. */
  readonly status: number;
  constructor(url: string, status: number, problem: string) {
    super(`${url}: undecodable response (status ${status}): ${problem}`);
    this.status = status;
  }
}

const maxQuoted = 64;

/**
 * decodeUppercaseResponse is Go kit's `decodeUppercaseResponse`: the status is ignored and the
 * body decoded as `{"v","err"}` as Go's encoding/json would (keys case-insensitive, unknown
 * keys ignored, `null` or missing give `''`). A body that is not such JSON rejects with an
 * {@link UpstreamResponseError}: a failed attempt for the breaker and the retry.
 */
export async function decodeUppercaseResponse(
  _ctx: Context,
  res: ClientResponse,
): Promise<UppercaseResponse> {
  const text = await res.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    const quoted = JSON.stringify(text.length > maxQuoted ? `${text.slice(0, maxQuoted)}…` : text);
    throw new UpstreamResponseError(res.url, res.status, `not JSON: ${quoted}`);
  }
  if (body === null) return { v: '' };
  if (typeof body !== 'object' || Array.isArray(body)) {
    throw new UpstreamResponseError(res.url, res.status, `a JSON ${kind(body)}, not an object`);
  }
  let v = '';
  let err = '';
  for (const key in body) {
    const lower = key.toLowerCase();
    if (lower !== 'v' && lower !== 'err') continue;
    const value = (body as Record<string, unknown>)[key];
    if (value === null) continue;
    if (typeof value !== 'string') {
      throw new UpstreamResponseError(
        res.url,
        res.status,
        `field ${lower} is a JSON ${kind(value)}`,
      );
    }
    if (lower === 'v') v = value;
    else err = value;
  }
  return err === '' ? { v } : { v, err };
}

function kind(v: unknown): string {
  return Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v;
}
