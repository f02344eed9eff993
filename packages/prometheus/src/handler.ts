/**
 * The `/metrics` endpoint: the registry's text exposition with its own content type, gzipped
 * when the scraper accepts it, as an svckit HTTP `Server` with its Node and Fetch faces (Go
 * kit's examples mount client_golang's `promhttp.Handler()`, which behaves the same way).
 */
import type { Server } from '@svckit/core/transport/http';
import { unreadMustClose } from '@svckit/core/transport/http';
import { promisify } from 'node:util';
import { gzip as gzipCallback } from 'node:zlib';
import { defaultRegistry } from './registry.js';
import type { AnyRegistry } from './registry.js';

const gzip = promisify(gzipCallback);

/** MetricsHandlerOptions tune {@link metricsHandler}. */
export interface MetricsHandlerOptions {
  /** gzip the body when the request's `Accept-Encoding` allows it; default true (as promhttp). */
  readonly gzip?: boolean;
}

const errorContentType = 'text/plain; charset=utf-8';

function failure(err: unknown): string {
  return `error gathering metrics: ${err instanceof Error ? err.message : String(err)}\n`;
}

/** acceptsGzip reports whether an `Accept-Encoding` value allows gzip (q > 0). */
export function acceptsGzip(acceptEncoding: string | null | undefined): boolean {
  if (!acceptEncoding) return false;
  for (const part of acceptEncoding.split(',')) {
    const [coding = '', ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    if (coding !== 'gzip' && coding !== 'x-gzip') continue;
    const q = params.find((p) => p.startsWith('q='));
    return q === undefined || Number(q.slice(2)) > 0;
  }
  return false;
}

/** Scrape is one answer to a scrape, as both handlers send it. */
interface Scrape {
  status: number;
  headers: Record<string, string>;
  body: string | Buffer;
}

/**
 * scrape collects the registry's metrics (500 and the error text if that fails) and gzips them
 * when compress is on and acceptEncoding allows it.
 */
async function scrape(
  registry: AnyRegistry,
  compress: boolean,
  acceptEncoding: string | null | undefined,
): Promise<Scrape> {
  let status = 200;
  let type: string = registry.contentType;
  let text: string;
  try {
    text = await registry.metrics();
  } catch (err) {
    status = 500;
    type = errorContentType;
    text = failure(err);
  }
  const headers: Record<string, string> = { 'content-type': type };
  let body: string | Buffer = text;
  if (compress) {
    headers['vary'] = 'Accept-Encoding';
    if (acceptsGzip(acceptEncoding)) {
      body = await gzip(text);
      headers['content-encoding'] = 'gzip';
    }
  }
  return { status, headers, body };
}

/**
 * metricsHandler returns the `/metrics` endpoint as an svckit HTTP `Server` (the type every
 * svckit handler shares, with its `node` and `fetch` faces): it answers any request with the
 * registry's metrics, status 200, `Content-Type` from the registry, gzipped when accepted, no
 * body for HEAD. If collecting fails it answers 500 with the error text. Mount it on a router
 * (`router.all('/metrics', metricsHandler(registry))`) or serve it alone.
 *
 * @example
 * const router = createRouter().all('/metrics', metricsHandler(registry));
 * await listen(router.node, { port: 8080 });      // Node
 * Bun.serve({ port: 8080, fetch: router.fetch }); // Bun
 */
export function metricsHandler(
  registry: AnyRegistry = defaultRegistry,
  options: MetricsHandlerOptions = {},
): Server {
  const compress = options.gzip ?? true;
  return {
    async node(req, res) {
      try {
        const { status, headers, body } = await scrape(
          registry,
          compress,
          req.headers['accept-encoding'],
        );
        // The body is never read: close rather than drain a large or chunked one (Go's rule).
        const close = unreadMustClose(req) ? { connection: 'close' } : undefined;
        res.writeHead(status, { ...headers, 'content-length': Buffer.byteLength(body), ...close });
        res.end(req.method === 'HEAD' ? undefined : body);
      } catch (err) {
        // Only gzip can fail here; the response may be half written: end it.
        if (!res.headersSent) res.writeHead(500, { 'content-type': errorContentType });
        res.end(res.headersSent ? undefined : failure(err));
      }
    },
    async fetch(request) {
      let answer: Scrape;
      try {
        answer = await scrape(registry, compress, request.headers.get('accept-encoding'));
      } catch (err) {
        return new Response(failure(err), {
          status: 500,
          headers: { 'content-type': errorContentType },
        });
      }
      const { status, headers, body } = answer;
      const content: BodyInit = typeof body === 'string' ? body : new Uint8Array(body);
      const close = unreadMustClose(request) ? { connection: 'close' } : undefined;
      return new Response(request.method === 'HEAD' ? null : content, {
        status,
        headers: { ...headers, ...close },
      });
    },
  };
}
