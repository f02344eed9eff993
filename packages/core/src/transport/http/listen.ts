import type { IncomingMessage, Server as NodeServer, ServerResponse } from 'node:http';

/** ListenOptions are the address and the safety timeouts of {@link listen}. */
export interface ListenOptions {
  /** host to bind; default `127.0.0.1`. */
  readonly host?: string;
  /** port to bind; 0 (the default) picks a free one, see `server.address()`. */
  readonly port?: number;
  /** headersTimeout: ms to receive the request headers; default 10 000 (Node: 60 000). */
  readonly headersTimeout?: number;
  /** requestTimeout: ms to receive the whole request; default 30 000 (Node: 300 000). */
  readonly requestTimeout?: number;
  /** keepAliveTimeout: ms an idle keep-alive connection stays open; default 5 000. */
  readonly keepAliveTimeout?: number;
  /** maxHeaderSize: largest request header block in bytes; default 16 KiB (Node's). */
  readonly maxHeaderSize?: number;
}

/**
 * listen starts a `node:http` server for handler with safe timeouts (a slow-loris client
 * cannot hold a connection for minutes) and resolves once it is listening. Close it with
 * `server.close()`.
 *
 * @example
 * const server = await listen(createServer(ep, dec, enc).node, { port: 8080 });
 */
export async function listen(
  handler: (req: IncomingMessage, res: ServerResponse) => unknown,
  options: ListenOptions = {},
): Promise<NodeServer> {
  const http = await import('node:http');
  const server = http.createServer(
    {
      headersTimeout: options.headersTimeout ?? 10_000,
      requestTimeout: options.requestTimeout ?? 30_000,
      keepAliveTimeout: options.keepAliveTimeout ?? 5_000,
      maxHeaderSize: options.maxHeaderSize ?? 16 * 1024,
    },
    (req, res) => void handler(req, res),
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  return server;
}
