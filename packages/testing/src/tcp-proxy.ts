import { createServer, connect } from 'node:net';
import type { Server, Socket } from 'node:net';

/** TcpProxy forwards a local port to a target; a fault test cuts and restores it. */
export interface TcpProxy {
  /** port is the proxy's port on 127.0.0.1. */
  readonly port: number;
  /** cut destroys every open connection and refuses new ones (as a server that died). */
  cut(): void;
  /** restore accepts and forwards connections again. */
  restore(): void;
  /** close stops the proxy and destroys its connections. */
  close(): Promise<void>;
}

/**
 * startTcpProxy listens on a free port of 127.0.0.1 and forwards each connection to
 * `host:port`, so a test can make a real server unreachable for one client (`cut`) and
 * reachable again (`restore`) without stopping the server the other tests share.
 */
export async function startTcpProxy(host: string, port: number): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  let open = true;
  const server: Server = createServer((client) => {
    if (!open) {
      client.destroy();
      return;
    }
    const upstream = connect({ host, port });
    sockets.add(client);
    sockets.add(upstream);
    const drop = (): void => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('proxy: no port');
  const cut = (): void => {
    open = false;
    for (const socket of sockets) socket.destroy();
    sockets.clear();
  };
  return {
    port: address.port,
    cut,
    restore() {
      open = true;
    },
    close() {
      cut();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
