/**
 * Test helper shared by the HTTP tests: servers on 127.0.0.1 that are closed (their
 * connections too) after the test file.
 */
import { after } from 'node:test';
import type { Server as NodeServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { listen } from './index.js';
import type { Server } from './index.js';

const servers: NodeServer[] = [];
// Registered when the test file imports this helper: a file-level hook, run after all tests.
after(() => {
  for (const one of servers) {
    one.closeAllConnections();
    one.close();
  }
});

/** track closes s after the test file, with its connections. */
export function track<S extends NodeServer>(s: S): S {
  servers.push(s);
  return s;
}

/** baseURL is `http://127.0.0.1:<port>` of a listening server. */
export function baseURL(s: NodeServer): string {
  return `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
}

/** serve listens with server's Node face on a free port and returns the base URL. */
export async function serve(server: Server): Promise<string> {
  return baseURL(track(await listen(server.node)));
}

/** listenPlain starts a plain node:http server on a free port and returns its base URL. */
export async function listenPlain(s: NodeServer): Promise<string> {
  track(s);
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  return baseURL(s);
}
