import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';

/** FreePortOptions tunes freePort. */
export interface FreePortOptions {
  /** The address to probe; 127.0.0.1 by default. */
  readonly host?: string;
  /** Also require the same UDP port to be free (for a DNS server); false by default. */
  readonly udp?: boolean;
}

function tcpPort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function udpFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createSocket('udp4');
    socket.unref();
    socket.once('error', () => {
      socket.close();
      resolve(false);
    });
    socket.bind(port, host, () => socket.close(() => resolve(true)));
  });
}

/**
 * freePort returns a port that was free on 127.0.0.1 (listens on port 0, reads the port the
 * kernel chose, closes). With `udp: true` the same UDP port was free too. Another process may
 * take it before you do; start your server soon after.
 */
export async function freePort(options: FreePortOptions = {}): Promise<number> {
  const host = options.host ?? '127.0.0.1';
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = await tcpPort(host);
    if (options.udp !== true || (await udpFree(host, port))) return port;
  }
  throw new Error(`freePort: no port free for both TCP and UDP on ${host} after 50 attempts`);
}
