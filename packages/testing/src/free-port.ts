import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';

/** FreePortOptions tunes freePort. */
export interface FreePortOptions {
  /** The address to probe; 127.0.0.1 by default. */
  readonly host?: string;
  /** Also require the same UDP port to be free (for a DNS server); false by default. */
  readonly udp?: boolean;
  /**
   * Try this port first, then the next ones (up to 100 above it), before a port the kernel
   * picks: a stable port for a long-running test server that another one may already hold.
   */
  readonly preferred?: number;
  /** Ports not to return although free (ones already handed out for servers not started yet). */
  readonly avoid?: ReadonlySet<number>;
}

function tcpPort(host: string, port = 0): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(port, host, () => {
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

/** portFree tells whether port is free on host for TCP (and UDP with `udp`): it binds, closes. */
export async function portFree(port: number, host = '127.0.0.1', udp = false): Promise<boolean> {
  try {
    await tcpPort(host, port);
  } catch {
    return false;
  }
  return !udp || udpFree(host, port);
}

/**
 * freePort returns a port that was free on 127.0.0.1 (listens on port 0, reads the port the
 * kernel chose, closes); with `preferred`, the first free one from there up. With `udp: true`
 * the same UDP port was free too. Another process may take it before you do; start your server
 * soon after.
 */
export async function freePort(options: FreePortOptions = {}): Promise<number> {
  const host = options.host ?? '127.0.0.1';
  const udp = options.udp === true;
  const avoid = options.avoid ?? new Set<number>();
  if (options.preferred !== undefined) {
    for (let port = options.preferred; port < options.preferred + 100 && port < 65536; port++) {
      if (!avoid.has(port) && (await portFree(port, host, udp))) return port;
    }
  }
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = await tcpPort(host);
    if (!avoid.has(port) && (!udp || (await udpFree(host, port)))) return port;
  }
  throw new Error(`freePort: no port free for both TCP and UDP on ${host} after 50 attempts`);
}
