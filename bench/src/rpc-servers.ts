/**
 * The servers of the `jsonrpc` bench suite, one per child process: `node rpc-servers.js <kind>
 * [origin-port]` starts <kind> on a free port of 127.0.0.1 and prints `port <n>`; the parent
 * asks for the process's CPU time over IPC.
 *
 * - `jsonrpc-node`: a hand-written node:http JSON-RPC 2.0 handler for single requests (POST
 *   check, body, JSON.parse, request checks, method map, -32700/-32600/-32601/-32602).
 * - `jsonrpc-svckit`: svckit's JSON-RPC server with the same `sum` method.
 * - `origin`: the proxies' origin, a 1 KiB text answer.
 * - `proxy-svckit`, `proxy-http-proxy` (the http-proxy package, keep-alive agent, `xfwd`,
 *   `changeOrigin`: what svckit's proxy does by default) and `proxy-pipe` (a hand-written
 *   node:http pipe with hop-by-hop filtering), each to the origin on [origin-port].
 */
import { Agent, createServer as createNodeServer, request } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { listen } from '@svckit/core/transport/http';
import { createServer, method } from '@svckit/core/transport/http/jsonrpc';
import { createProxy } from '@svckit/core/transport/httprp';

/** sum is the one method both JSON-RPC servers serve. */
function sum(a: number, b: number): { v: number } {
  return { v: a + b };
}

const contentType = 'application/json; charset=utf-8';

function reply(res: ServerResponse, body: string): void {
  res.writeHead(200, { 'content-type': contentType, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

function rpcError(res: ServerResponse, code: number, message: string, id: unknown): void {
  reply(res, `${JSON.stringify({ jsonrpc: '2.0', error: { code, message }, id: id ?? null })}\n`);
}

/** jsonrpcNode is the raw alternative: what one writes by hand over node:http. */
function jsonrpcNode(): Server {
  return createNodeServer((req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== 'POST') {
      res.writeHead(405, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('405 must POST\n');
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let r: { jsonrpc?: unknown; method?: unknown; params?: unknown; id?: unknown };
      try {
        r = JSON.parse(Buffer.concat(chunks).toString('utf8')) as typeof r;
      } catch (err) {
        return rpcError(res, -32700, `JSON could not be decoded: ${(err as Error).message}`, null);
      }
      if (typeof r !== 'object' || r === null || typeof r.method !== 'string') {
        return rpcError(res, -32600, 'invalid request', null);
      }
      if (r.method !== 'sum')
        return rpcError(res, -32601, `Method ${r.method} was not found.`, r.id);
      const p = r.params as { a?: unknown; b?: unknown } | undefined;
      if (typeof p?.a !== 'number' || typeof p.b !== 'number') {
        return rpcError(res, -32602, 'invalid params', r.id);
      }
      reply(
        res,
        `{"jsonrpc":"2.0","result":${JSON.stringify(sum(p.a, p.b))},"id":${JSON.stringify(r.id)}}\n`,
      );
    });
  });
}

async function jsonrpcSvckit(): Promise<Server> {
  const server = createServer({
    sum: method({
      endpoint: async (_ctx, r: { a: number; b: number }) => sum(r.a, r.b),
      decode: (_ctx, p) => {
        const o = p as { a?: unknown; b?: unknown } | undefined;
        if (typeof o?.a !== 'number' || typeof o.b !== 'number') throw new Error('invalid params');
        return { a: o.a, b: o.b };
      },
    }),
  });
  return listen(server.node, { port: 0 });
}

const page = 'x'.repeat(1024);

function origin(): Server {
  return createNodeServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'text/plain', 'content-length': page.length });
      res.end(page);
    });
  });
}

async function proxySvckit(port: number): Promise<Server> {
  return listen(createProxy(`http://127.0.0.1:${port}`).node, { port: 0 });
}

async function proxyHttpProxy(port: number): Promise<Server> {
  const { default: httpProxy } = await import('http-proxy');
  const proxy = httpProxy.createProxyServer({
    target: `http://127.0.0.1:${port}`,
    agent: new Agent({ keepAlive: true }),
    xfwd: true,
    changeOrigin: true,
  });
  proxy.on('error', (_err, _req, res) => {
    const r = res as ServerResponse;
    if (!r.headersSent) r.writeHead(502);
    r.end();
  });
  return createNodeServer((req, res) => proxy.web(req, res));
}

const hop = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'proxy-authorization',
  'proxy-authenticate',
]);

function proxyPipe(port: number): Server {
  const agent = new Agent({ keepAlive: true });
  return createNodeServer((req, res) => {
    const headers: Record<string, string | string[]> = {};
    for (const [k, v] of Object.entries(req.headers))
      if (v !== undefined && !hop.has(k)) headers[k] = v;
    headers['host'] = `127.0.0.1:${port}`;
    headers['x-forwarded-for'] = req.socket.remoteAddress ?? '';
    const up = request(
      { host: '127.0.0.1', port, method: req.method, path: req.url, headers, agent },
      (ures) => {
        const out: Record<string, string | string[]> = {};
        for (const [k, v] of Object.entries(ures.headers))
          if (v !== undefined && !hop.has(k)) out[k] = v;
        res.writeHead(ures.statusCode ?? 502, out);
        ures.pipe(res);
      },
    );
    up.on('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(up);
  });
}

const originPort = Number(process.argv[3] ?? 0);
const kinds: Record<string, () => Server | Promise<Server>> = {
  'jsonrpc-node': jsonrpcNode,
  'jsonrpc-svckit': jsonrpcSvckit,
  origin,
  'proxy-svckit': () => proxySvckit(originPort),
  'proxy-http-proxy': () => proxyHttpProxy(originPort),
  'proxy-pipe': () => proxyPipe(originPort),
};

const kind = process.argv[2] ?? '';
const make = kinds[kind];
if (make === undefined) {
  console.error(`usage: rpc-servers.js <${Object.keys(kinds).join('|')}> [origin-port]`);
  process.exit(2);
}
const server = await make();
const announce = (): void => console.log(`port ${(server.address() as AddressInfo).port}`);
if (server.listening) announce();
else server.listen(0, '127.0.0.1', announce);
process.on('message', () => process.send?.(process.cpuUsage()));
process.once('SIGTERM', () => {
  process.removeAllListeners('message');
  process.disconnect?.();
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
