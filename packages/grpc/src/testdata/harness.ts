/** Test harness: real grpc.Servers on 127.0.0.1 and a raw HTTP/2 gRPC caller for bad input. */
import { connect } from 'node:http2';
import type { IncomingHttpHeaders } from 'node:http2';
import { Server } from '@grpc/grpc-js';
import type { Client } from '@grpc/grpc-js';
import { dial, listen, shutdown } from '../index.js';
import type { ClientTlsOptions, ServerTlsOptions } from '../index.js';

/** Running is a started server and a connection to it. */
export interface Running {
  readonly server: Server;
  readonly port: number;
  readonly address: string;
  readonly conn: Client;
  stop(): Promise<void>;
}

/**
 * start binds what `setup` adds to a new grpc.Server on 127.0.0.1 (TLS with `tls`), and dials
 * it (with `clientTls`).
 */
export async function start(
  setup: (server: Server) => void,
  options: {
    tls?: ServerTlsOptions;
    clientTls?: ClientTlsOptions;
    serverOptions?: ConstructorParameters<typeof Server>[0];
  } = {},
): Promise<Running> {
  const server = new Server(options.serverOptions);
  setup(server);
  const port = await listen(server, '127.0.0.1:0', options.tls);
  const address = `127.0.0.1:${port}`;
  const conn = dial(address, options.clientTls === undefined ? {} : { tls: options.clientTls });
  return {
    server,
    port,
    address,
    conn,
    async stop() {
      conn.close();
      await shutdown(server, { timeoutMs: 1000 });
    },
  };
}

/** RawAnswer is what a raw call got back: the status and message, the reply bytes. */
export interface RawAnswer {
  readonly status: number | undefined;
  readonly message: string | undefined;
  readonly headers: IncomingHttpHeaders;
  readonly trailers: IncomingHttpHeaders;
  readonly body: Buffer;
}

/**
 * rawCall sends one gRPC request over plain HTTP/2 with exactly the bytes given (`frame`:
 * the length-prefixed message, or anything else) and the extra headers, and returns what the
 * server answered. It lets tests send what no well-behaved client sends.
 */
export function rawCall(
  port: number,
  path: string,
  frame: Buffer,
  headers: Record<string, string> = {},
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const session = connect(`http://127.0.0.1:${port}`);
    session.on('error', reject);
    const req = session.request({
      ':method': 'POST',
      ':path': path,
      'content-type': 'application/grpc',
      te: 'trailers',
      ...headers,
    });
    let responseHeaders: IncomingHttpHeaders = {};
    let trailers: IncomingHttpHeaders = {};
    const chunks: Buffer[] = [];
    req.on('response', (h) => (responseHeaders = h));
    req.on('trailers', (t) => (trailers = t));
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('error', reject);
    req.on('close', () => {
      session.close();
      // A trailers-only answer carries the status in the response headers.
      const from = trailers['grpc-status'] !== undefined ? trailers : responseHeaders;
      const status = from['grpc-status'];
      const message = from['grpc-message'];
      resolve({
        status: status === undefined ? undefined : Number(status),
        message: typeof message === 'string' ? decodeURIComponent(message) : undefined,
        headers: responseHeaders,
        trailers,
        body: Buffer.concat(chunks),
      });
    });
    req.end(frame);
  });
}

/** frame length-prefixes a message as gRPC does: a 0 byte (not compressed), the length, the bytes. */
export function frame(message: Uint8Array): Buffer {
  const out = Buffer.alloc(5 + message.length);
  out.writeUInt32BE(message.length, 1);
  out.set(message, 5);
  return out;
}

/** sleep resolves after ms. */
export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
