import type { Server } from '../../transport/http/server.js';
import { unreadMustClose } from '../../transport/http/target.js';
import type { Expvar } from './expvar.js';

/** VarsSource is anything that can produce the expvar document. */
export interface VarsSource {
  /** vars returns the JSON-ready snapshot. */
  vars(): Record<string, unknown>;
}

/**
 * expvarHandler returns a {@link Server} serving `source.vars()` as JSON (Go's `/debug/vars`),
 * on both faces: `node` for `node:http`, `fetch` for Fetch-API runtimes. GET and HEAD answer
 * 200; other methods 405 with `Allow: GET, HEAD`. Mount it on the path you like (a router's
 * `handle('GET', '/debug/vars', …)`); it does not look at the URL.
 *
 * @example
 * router.all('/debug/vars', expvarHandler(createExpvar()));
 */
export function expvarHandler(source: VarsSource | Expvar): Server {
  return {
    node(req, res) {
      const { status, headers, body } = render(source, req.method ?? 'GET');
      const length = String(Buffer.byteLength(body));
      // The body is never read: close rather than drain a large or chunked one.
      const close = unreadMustClose(req) ? { connection: 'close' } : undefined;
      res.writeHead(status, { ...headers, 'content-length': length, ...close });
      res.end(req.method === 'HEAD' ? undefined : body);
      return Promise.resolve();
    },
    fetch(request) {
      const { status, headers, body } = render(source, request.method);
      const close = unreadMustClose(request) ? { connection: 'close' } : undefined;
      return Promise.resolve(
        new Response(request.method === 'HEAD' ? null : body, {
          status,
          headers: { ...headers, ...close },
        }),
      );
    },
  };
}

function render(
  source: VarsSource,
  method: string,
): { status: number; headers: Record<string, string>; body: string } {
  if (method !== 'GET' && method !== 'HEAD') {
    return {
      status: 405,
      headers: { 'content-type': 'application/json; charset=utf-8', allow: 'GET, HEAD' },
      body: JSON.stringify({ error: `method ${method} not allowed` }) + '\n',
    };
  }
  let body: string;
  try {
    body = JSON.stringify(source.vars(), null, 1) + '\n';
  } catch (err) {
    return {
      status: 500,
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ error: `expvar: ${(err as Error).message}` }) + '\n',
    };
  }
  return {
    status: 200,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
    },
    body,
  };
}
