/**
 * The HTTP transport of stringsvc2 (Go kit's `stringsvc2/transport.go` and the routes of its
 * `main.go`): stringsvc1's `/uppercase` and `/count`, plus `/metrics` on the same listener.
 */
import type { Endpoint } from '@svckit/core/endpoint';
import { createJSONCodec, createServer, encodeResponse } from '@svckit/core/transport/http';
import type { DecodeRequestFunc, Server, ServerOptions } from '@svckit/core/transport/http';
import { decodeStringRequest } from '@svckit/example-stringsvc1/dist/transport.js';
import { metricsFetchHandler, metricsHandler } from '@svckit/prometheus';
import type { AnyRegistry } from '@svckit/prometheus';
import type {
  CountRequest,
  CountResponse,
  UppercaseRequest,
  UppercaseResponse,
} from './endpoints.js';

/** Endpoints are the two endpoints stringsvc2 serves, already wrapped in their middlewares. */
export interface Endpoints {
  readonly uppercase: Endpoint<UppercaseRequest, UppercaseResponse>;
  readonly count: Endpoint<CountRequest, CountResponse>;
}

/**
 * goCodec writes JSON as Go's `json.Encoder` does (HTML-safe escapes, trailing newline) and
 * labels it as Go's net/http sniffs a JSON body written without a Content-Type.
 */
const goCodec = createJSONCodec({ contentType: 'text/plain; charset=utf-8' });
const notFoundBody = '404 page not found\n';
const notFoundHeaders = {
  'content-type': 'text/plain; charset=utf-8',
  'x-content-type-options': 'nosniff',
};

/**
 * makeHandler serves the endpoints as Go kit's stringsvc2 does: `/uppercase` and `/count` for
 * any method with stringsvc1's decoding (an undecodable body is a 500 with the error text),
 * `/metrics` with registry's exposition (as `promhttp.Handler()`), and `404 page not found\n`
 * for every other path, as Go's ServeMux.
 */
export function makeHandler(
  endpoints: Endpoints,
  registry: AnyRegistry,
  options: ServerOptions = {},
): Server {
  const encode = encodeResponse(goCodec);
  const uppercase = createServer(
    endpoints.uppercase,
    decodeStringRequest as DecodeRequestFunc<UppercaseRequest>,
    encode,
    options,
  );
  const count = createServer(
    endpoints.count,
    decodeStringRequest as DecodeRequestFunc<CountRequest>,
    encode,
    options,
  );
  const metricsNode = metricsHandler(registry);
  const metricsFetch = metricsFetchHandler(registry);
  return {
    node(req, res) {
      const url = req.url ?? '/';
      const q = url.indexOf('?');
      const path = q < 0 ? url : url.slice(0, q);
      if (path === '/uppercase') return uppercase.node(req, res);
      if (path === '/count') return count.node(req, res);
      if (path === '/metrics') {
        metricsNode(req, res);
        return Promise.resolve();
      }
      res.writeHead(404, { ...notFoundHeaders, 'content-length': String(notFoundBody.length) });
      res.end(notFoundBody);
      return Promise.resolve();
    },
    fetch(request, info) {
      const path = new URL(request.url).pathname;
      if (path === '/uppercase') return uppercase.fetch(request, info);
      if (path === '/count') return count.fetch(request, info);
      if (path === '/metrics') return metricsFetch(request);
      return Promise.resolve(new Response(notFoundBody, { status: 404, headers: notFoundHeaders }));
    },
  };
}
