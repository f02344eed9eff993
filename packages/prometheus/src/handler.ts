/**
 * The `/metrics` endpoint: the registry's text exposition with its own content type, as a Node
 * `(req, res)` handler and as a Fetch-API `(Request) => Promise<Response>` function (Go kit's
 * examples mount client_golang's `promhttp.Handler()`).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { defaultRegistry } from './registry.js';
import type { AnyRegistry } from './registry.js';

/** NodeHandler is a `node:http` request listener. */
export type NodeHandler = (req: IncomingMessage, res: ServerResponse) => void;

/** FetchHandler answers a Fetch-API request (Bun, Deno, edge runtimes, undici servers). */
export type FetchHandler = (request: Request) => Promise<Response>;

const errorContentType = 'text/plain; charset=utf-8';

function failure(err: unknown): string {
  return `error gathering metrics: ${err instanceof Error ? err.message : String(err)}\n`;
}

/**
 * metricsHandler returns a `node:http` handler that answers any request with the registry's
 * metrics (status 200, `Content-Type` from the registry; no body for HEAD). If collecting fails
 * it answers 500 with the error text.
 *
 * @example
 * createServer((req, res) => req.url === '/metrics' ? scrape(req, res) : app(req, res));
 */
export function metricsHandler(registry: AnyRegistry = defaultRegistry): NodeHandler {
  return (req, res) => {
    registry.metrics().then(
      (body) => {
        res.writeHead(200, {
          'content-type': registry.contentType,
          'content-length': Buffer.byteLength(body),
        });
        res.end(req.method === 'HEAD' ? undefined : body);
      },
      (err: unknown) => {
        const body = failure(err);
        res.writeHead(500, {
          'content-type': errorContentType,
          'content-length': Buffer.byteLength(body),
        });
        res.end(req.method === 'HEAD' ? undefined : body);
      },
    );
  };
}

/**
 * metricsFetchHandler returns a Fetch-API handler answering with the registry's metrics, as
 * {@link metricsHandler} does for `node:http`.
 */
export function metricsFetchHandler(registry: AnyRegistry = defaultRegistry): FetchHandler {
  return async (request) => {
    const head = request.method === 'HEAD';
    try {
      const body = await registry.metrics();
      return new Response(head ? null : body, {
        status: 200,
        headers: { 'content-type': registry.contentType },
      });
    } catch (err) {
      return new Response(head ? null : failure(err), {
        status: 500,
        headers: { 'content-type': errorContentType },
      });
    }
  };
}
