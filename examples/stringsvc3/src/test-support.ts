/**
 * Helpers shared by the stringsvc3 tests (not part of the example): stringsvc1 upstreams as
 * child processes, Go kit's stringsvc (the real one, from @svckit/testing's Go kit peers),
 * stringsvc3 in-process on a free port, a raw upstream whose answers a fault test decides, and
 * a small HTTP caller.
 */
import { createServer as createHttpServer, Agent } from 'node:http';
import type { IncomingHttpHeaders, Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { freePort, startGoKitPeer, startProcess, waitForPort } from '@svckit/testing';
import type { GoKitPeer, StartedProcess } from '@svckit/testing';
import { listen } from '@svckit/core/transport/http';
import { makeHandler, stringService } from '@svckit/example-stringsvc1';
import { proxyingMiddleware } from './proxying.js';
import type { ProxyingOptions } from './proxying.js';

/** stringsvc1Main is the program of the stringsvc1 example (its `./main` export), the upstream. */
export const stringsvc1Main = fileURLToPath(import.meta.resolve('@svckit/example-stringsvc1/main'));

/** stringsvc3Main is this example's compiled entry point. */
export const stringsvc3Main = fileURLToPath(new URL('./main.js', import.meta.url));

/** Upstream is a stringsvc1 instance in its own process group. */
export interface Upstream {
  readonly addr: string;
  readonly proc: StartedProcess;
}

/** startUpstream runs `node stringsvc1/dist/main.js --listen 127.0.0.1:<free>` and waits for it. */
export async function startUpstream(): Promise<Upstream> {
  const port = await freePort();
  const proc = await startProcess(process.execPath, [
    stringsvc1Main,
    '--listen',
    `127.0.0.1:${port}`,
  ]);
  try {
    await waitForPort('127.0.0.1', port, 10_000);
  } catch (err) {
    await proc.stop();
    throw new Error(`stringsvc1 did not start: ${proc.output()}`, { cause: err });
  }
  return { addr: `127.0.0.1:${port}`, proc };
}

/**
 * startGoKitStringsvc runs Go kit's stringsvc3 example (the Go program; with `-proxy` when
 * proxyTo is given) on a free port and waits for it. Guard the test with goKitSkip first.
 */
export function startGoKitStringsvc(proxyTo?: string): Promise<GoKitPeer> {
  return startGoKitPeer('stringsvc', {
    args: ([port]) => [
      `-listen=127.0.0.1:${port}`,
      ...(proxyTo === undefined ? [] : [`-proxy=${proxyTo}`]),
    ],
  });
}

/** Proxy is stringsvc3 served in this process. */
export interface Proxy {
  readonly base: string;
  readonly agent: Agent;
  close(): Promise<void>;
}

/** startProxy serves stringsvc3 proxying to instances, with options, on a free port. */
export async function startProxy(instances: string, options: ProxyingOptions = {}): Promise<Proxy> {
  const agent = new Agent({ keepAlive: true });
  const svc = proxyingMiddleware(instances, { agent, ...options })(stringService);
  const server = await listen(makeHandler(svc).node);
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    agent,
    close: () => closeServer(server).then(() => agent.destroy()),
  };
}

/** closeServer closes a server and every connection it holds. */
export function closeServer(server: HttpServer): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/** Seen is one request a raw upstream received. */
export interface Seen {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/**
 * RawUpstream is a node:http server whose answers a test decides, recording every request: a
 * fault injector and a recorder, not a stand-in for Go kit (the interop tests use the real
 * Go kit stringsvc, {@link startGoKitStringsvc}).
 */
export interface RawUpstream {
  readonly addr: string;
  readonly seen: Seen[];
  /** abandoned counts requests whose client went away before the answer was sent. */
  abandoned(): number;
  close(): Promise<void>;
}

/** Answer is what a raw upstream sends: a status, a body, and a Content-Type (default none). */
export interface Answer {
  readonly status?: number;
  readonly body: string;
  readonly contentType?: string;
  /** reset destroys the connection instead of answering. */
  readonly reset?: boolean;
  /** delayMs waits that long before answering. */
  readonly delayMs?: number;
}

/** startRawUpstream answers each request with answer(seen). */
export async function startRawUpstream(answer: (seen: Seen) => Answer): Promise<RawUpstream> {
  const seen: Seen[] = [];
  let abandoned = 0;
  const server = createHttpServer((req, res) => {
    res.on('close', () => {
      if (!res.writableFinished) abandoned++;
    });
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const s: Seen = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      seen.push(s);
      const a = answer(s);
      if (a.reset === true) {
        req.socket.destroy();
        return;
      }
      const headers: Record<string, string> = {
        'content-length': String(Buffer.byteLength(a.body)),
      };
      if (a.contentType !== undefined) headers['content-type'] = a.contentType;
      const send = (): void => {
        res.writeHead(a.status ?? 200, headers);
        res.end(a.body);
      };
      if (a.delayMs === undefined) send();
      else {
        // A late answer to a client who left is never sent, and holds no timer open.
        const timer = setTimeout(send, a.delayMs);
        res.on('close', () => clearTimeout(timer));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    addr: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    abandoned: () => abandoned,
    close: () => closeServer(server),
  };
}

/** Reply is a status, Content-Type and exact body text. */
export interface Reply {
  readonly status: number;
  readonly type: string | null;
  readonly body: string;
}

/** call sends body to base+path with method (POST by default) and returns the reply. */
export async function call(
  base: string,
  path: string,
  body: string,
  method = 'POST',
): Promise<Reply> {
  const res = await fetch(`${base}${path}`, { method, body });
  return { status: res.status, type: res.headers.get('content-type'), body: await res.text() };
}
