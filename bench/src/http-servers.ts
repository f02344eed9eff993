/**
 * The servers of the `http` bench suite, one per child process: `node http-servers.js <kind>`
 * starts the uppercase service with <kind> (node-http | svckit | svckit-router | fastify |
 * express) on a free
 * port of 127.0.0.1 and prints `port <n>`. All four speak the same wire: POST /uppercase
 * `{"s":"..."}` -> `{"v":"..."}\n` (or `{"v":"","err":"empty string"}\n`), 400 on bad JSON.
 */
import { createServer as createNodeServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Context } from '@svckit/core/context';
import { ServiceError } from '@svckit/core/errors';
import {
  createRouter,
  createServer,
  decodeJSONRequest,
  encodeJSONResponse,
} from '@svckit/core/transport/http';
import type { Server as HttpServer } from '@svckit/core/transport/http';

interface UppercaseResponse {
  v: string;
  err?: string;
}

/** The service: plain code shared by every server. */
function uppercase(s: string): UppercaseResponse {
  return s === '' ? { v: '', err: 'empty string' } : { v: s.toUpperCase() };
}

function notFound(res: ServerResponse): void {
  res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', 'content-length': '19' });
  res.end('404 page not found\n');
}

/** (a) raw node:http with hand-written JSON handling. */
function nodeHttp(): Server {
  return createNodeServer((req: IncomingMessage, res: ServerResponse) => {
    if (req.url !== '/uppercase') return notFound(res);
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let s: unknown;
      try {
        s = (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { s?: unknown } | null)?.s;
      } catch {
        s = undefined;
      }
      if (typeof s !== 'string') {
        res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' });
        res.end('bad request');
        return;
      }
      const body = JSON.stringify(uppercase(s)) + '\n';
      res.writeHead(200, {
        'content-type': 'application/json; charset=utf-8',
        'content-length': Buffer.byteLength(body),
      });
      res.end(body);
    });
  });
}

/** (b) svckit: endpoint + JSON codec helpers, Node face. */
function svckit(): Server {
  const handle = svckitServer().node;
  return createNodeServer((req, res) => {
    if (req.url !== '/uppercase') return notFound(res);
    void handle(req, res);
  });
}

/** svckitServer is the uppercase service as an svckit HTTP server. */
function svckitServer() {
  const badRequest = new ServiceError('invalid_argument', 's must be a string');
  return createServer(
    async (_ctx: Context, s: string) => uppercase(s),
    decodeJSONRequest((body) => {
      const s = (body as { s?: unknown } | null)?.s;
      if (typeof s !== 'string') throw badRequest;
      return s;
    }),
    encodeJSONResponse,
  );
}

/**
 * (b') svckit behind its router: the same server as (b), routed among the 20 routes of the
 * `router` suite (static, parameters, a wildcard), to show what routing costs.
 */
async function svckitRouter(): Promise<Server> {
  const { routes20 } = await import('./suites/router.js');
  const uppercaseServer = svckitServer();
  const router = createRouter();
  for (const [method, pattern] of routes20) {
    router.handle(method, pattern, pattern === '/uppercase' ? uppercaseServer : notFoundServer);
  }
  return createNodeServer((req, res) => void router.node(req, res));
}

const notFoundServer: HttpServer = {
  node(_req, res) {
    notFound(res);
    return Promise.resolve();
  },
  fetch: () => Promise.resolve(new Response('404 page not found\n', { status: 404 })),
};

/** (c) Fastify 5, idiomatic: JSON body parser, body and response schemas. */
async function fastify(): Promise<Server> {
  const { default: Fastify } = await import('fastify');
  const app = Fastify({ logger: false });
  app.post(
    '/uppercase',
    {
      schema: {
        body: { type: 'object', properties: { s: { type: 'string' } }, required: ['s'] },
        response: {
          200: { type: 'object', properties: { v: { type: 'string' }, err: { type: 'string' } } },
        },
      },
    },
    async (request) => uppercase((request.body as { s: string }).s),
  );
  await app.ready();
  return app.server;
}

/** (d) Express 5 with express.json(). */
async function express(): Promise<Server> {
  const { default: express } = await import('express');
  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');
  app.post('/uppercase', express.json(), (req, res) => {
    const s = (req.body as { s?: unknown } | undefined)?.s;
    if (typeof s !== 'string') {
      res.status(400).send('bad request');
      return;
    }
    res.json(uppercase(s));
  });
  return createNodeServer(app);
}

const kinds: Record<string, () => Server | Promise<Server>> = {
  'node-http': nodeHttp,
  svckit,
  'svckit-router': svckitRouter,
  fastify,
  express,
};

const kind = process.argv[2] ?? '';
const make = kinds[kind];
if (make === undefined) {
  console.error(`usage: http-servers.js <${Object.keys(kinds).join('|')}>`);
  process.exit(2);
}
const server = await make();
server.listen(0, '127.0.0.1', () => {
  console.log(`port ${(server.address() as AddressInfo).port}`);
});
// The parent asks for this process's CPU time around each load run over IPC.
process.on('message', () => process.send?.(process.cpuUsage()));
process.once('SIGTERM', () => {
  process.removeAllListeners('message');
  process.disconnect?.();
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
