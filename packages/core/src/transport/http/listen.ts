import type { IncomingMessage, Server as NodeServer, ServerResponse } from 'node:http';
import type { TlsOptions } from 'node:tls';

/** ListenOptions are the address, the safety timeouts and the TLS setup of {@link listen}. */
export interface ListenOptions {
  /** host to bind; default `127.0.0.1`. */
  readonly host?: string;
  /** port to bind; 0 (the default) picks a free one, see `server.address()`. */
  readonly port?: number;
  /**
   * headersTimeout: ms to receive the request headers; default 10 000, or `requestTimeout`
   * when that is shorter (Node: 60 000). At most `requestTimeout` (else a `RangeError`).
   */
  readonly headersTimeout?: number;
  /** requestTimeout: ms to receive the whole request; default 30 000 (Node: 300 000). */
  readonly requestTimeout?: number;
  /** keepAliveTimeout: ms an idle keep-alive connection stays open; default 5 000. */
  readonly keepAliveTimeout?: number;
  /** maxHeaderSize: largest request header block in bytes; default 16 KiB (Node's). */
  readonly maxHeaderSize?: number;
  /**
   * tls serves HTTPS (`node:https`) with these `node:tls` options: `key` and `cert` (PEM), and
   * for mutual TLS `ca` (the client CAs), `requestCert: true` and `rejectUnauthorized: true`
   * (then a client without a certificate signed by `ca` fails the handshake, before any HTTP).
   * The client's certificate is `(req.raw as IncomingMessage).socket.getPeerCertificate()`.
   * Default: none, plain HTTP.
   */
  readonly tls?: TlsOptions;
}

/**
 * checkInterval is how often Node checks the header and request timeouts: a tenth of the
 * shortest one, at most 1 s and at least 10 ms, so that each fires within about a second of
 * its value (Node's default, 30 s, lets a 10 s `headersTimeout` fire at 19 s and a 30 s
 * `requestTimeout` at up to 58 s).
 */
export function checkInterval(headersTimeout: number, requestTimeout: number): number {
  let shortest = Infinity;
  for (const t of [headersTimeout, requestTimeout]) if (t > 0 && t < shortest) shortest = t;
  return Math.max(10, Math.min(1000, Math.ceil(shortest / 10)));
}

/**
 * listen starts a `node:http` server for handler — `node:https` with `options.tls`, mutual TLS
 * included — with safe limits, and resolves once it is listening: headers within 10 s and the
 * whole request within 30 s (a slow-loris client cannot hold a connection for minutes; Node
 * checks them often enough to fire on time), idle keep-alive connections closed after 5 s,
 * header blocks up to 16 KiB. Close it with `server.close()` (or `shutdown`).
 *
 * A bare `http.createServer(server.node)` works too, but with Node's defaults: headers within
 * 60 s, requests within 300 s, both checked only every 30 s.
 *
 * @example
 * const server = await listen(createServer(ep, dec, enc).node, { port: 8080 });
 * const secure = await listen(handler, { port: 8443, tls: { key, cert, ca, requestCert: true } });
 */
export async function listen(
  handler: (req: IncomingMessage, res: ServerResponse) => unknown,
  options: ListenOptions = {},
): Promise<NodeServer> {
  const requestTimeout = options.requestTimeout ?? 30_000;
  // Headers arrive before the whole request: by default within 10 s, or the request's budget
  // when that is shorter (Node refuses a headers timeout above the request timeout).
  const headersTimeout =
    options.headersTimeout ?? (requestTimeout > 0 ? Math.min(10_000, requestTimeout) : 10_000);
  if (requestTimeout > 0 && headersTimeout > requestTimeout) {
    throw new RangeError(
      `listen: headersTimeout (${headersTimeout} ms) must be at most requestTimeout (${requestTimeout} ms)`,
    );
  }
  const serverOptions = {
    headersTimeout,
    requestTimeout,
    keepAliveTimeout: options.keepAliveTimeout ?? 5_000,
    maxHeaderSize: options.maxHeaderSize ?? 16 * 1024,
    connectionsCheckingInterval: checkInterval(headersTimeout, requestTimeout),
  };
  const listener = (req: IncomingMessage, res: ServerResponse): void => void handler(req, res);
  const server: NodeServer =
    options.tls === undefined
      ? (await import('node:http')).createServer(serverOptions, listener)
      : (await import('node:https')).createServer({ ...options.tls, ...serverOptions }, listener);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  return server;
}
