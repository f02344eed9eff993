// One suite for both HTTP clients (node:http and Fetch): they take the same encoders, decoders,
// hooks and options and must behave alike. Each case runs against a real node:http server on
// 127.0.0.1. fetch-client.test.ts runs it for both clients.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  background,
  CanceledError,
  DeadlineExceededError,
  withCancel,
  withTimeout,
} from '../../context/index.js';
import type { Context } from '../../context/index.js';
import type { Endpoint } from '../../endpoint/index.js';
import {
  clientResponseHeadersKey,
  clientResponseSizeKey,
  decodeJSONResponse,
  encodeJSONRequest,
  RequestError,
  ResponseBodyError,
  ResponseStatusError,
  setRequestHeader,
} from './index.js';
import type {
  ClientOptions,
  ClientResponse,
  DecodeResponseFunc,
  EncodeRequestFunc,
} from './index.js';

/** MakeClient is createClient or createFetchClient. */
export type MakeClient = <Req, Res>(
  method: string,
  url: string | URL,
  encode: EncodeRequestFunc<Req>,
  decode: DecodeResponseFunc<Res>,
  options?: ClientOptions,
) => Endpoint<Req, Res>;

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

const routes: Record<string, Handler> = {
  '/sum': (req, res, body) => {
    const { a, b } = JSON.parse(body) as { a: number; b: number };
    res.setHeader('content-type', 'application/json');
    res.setHeader('set-cookie', ['a=1', 'b=2']);
    res.end(JSON.stringify({ v: a + b, seen: req.headers }));
  },
  '/echo': (req, res, body) => res.end(`${req.method} ${req.url ?? ''} ${body}`),
  '/fail': (_req, res) => {
    res.statusCode = 404;
    res.setHeader('content-type', 'text/plain; charset=utf-8');
    res.setHeader('svckit-error-code', 'not_found');
    res.end('no such user');
  },
  '/slow-headers': (_req, res) => void setTimeout(() => res.end('late'), 2000),
  '/trickle': (_req, res) => {
    res.writeHead(200, { 'content-length': String(1024 * 1024) });
    let sent = 0;
    const tick = setInterval(() => {
      if (sent >= 1024 * 1024 || res.destroyed) return clearInterval(tick);
      res.write('x'.repeat(1000));
      sent += 1000;
    }, 100);
    res.on('close', () => clearInterval(tick));
  },
  '/big': (_req, res) => res.end('y'.repeat(100_000)),
  '/chunked-big': (_req, res) => {
    for (let i = 0; i < 10; i++) res.write('z'.repeat(10_000));
    res.end();
  },
  '/cut': (_req, res) => {
    res.writeHead(200, { 'content-length': '100' });
    res.write('only part');
    setTimeout(() => res.destroy(), 20);
  },
};

async function startServer() {
  let connections = 0;
  const hits = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    hits.set(path, (hits.get(path) ?? 0) + 1);
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      const route = routes[new URL(req.url ?? '/', 'http://x').pathname];
      if (route === undefined) {
        res.statusCode = 404;
        res.end('no route');
      } else route(req, res, body);
    });
  });
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path: string) => `http://127.0.0.1:${port}${path}`,
    port,
    connections: () => connections,
    hits: (path: string) => hits.get(path) ?? 0,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const nop = () => {};
const text = (_ctx: Context, res: ClientResponse) => res.text();
const status = (_ctx: Context, res: ClientResponse) => res.status;
type Sum = { a: number; b: number };
type Summed = { v: number; seen: Record<string, string> };

/** clientSuite registers the shared cases for one client. */
export function clientSuite(name: string, make: MakeClient): void {
  describe(`HTTP client conformance: ${name}`, () => {
    let srv: Awaited<ReturnType<typeof startServer>>;
    before(async () => (srv = await startServer()));
    after(() => srv.close());

    it('encodes, runs before and after hooks, decodes JSON; headers are plain lowercase', async () => {
      let cookies: unknown;
      const sum = make<Sum, Summed>(
        'POST',
        srv.url('/sum'),
        encodeJSONRequest,
        decodeJSONResponse,
        {
          before: [setRequestHeader('X-Caller', 'suite'), setRequestHeader('X-Multi', ['1', '2'])],
          after: [
            (ctx, res) => {
              cookies = res.headers['set-cookie'];
              return ctx;
            },
          ],
        },
      );
      const out = await sum(background(), { a: 1, b: 2 });
      assert.equal(out.v, 3);
      assert.equal(out.seen['x-caller'], 'suite');
      assert.equal(out.seen['x-multi'], '1, 2');
      assert.equal(out.seen['content-type'], 'application/json; charset=utf-8');
      assert.deepEqual(cookies, ['a=1', 'b=2']);
    });

    it('hands a non-2xx answer to the decoder; decodeJSONResponse makes it a coded error', async () => {
      assert.equal(await make('GET', srv.url('/fail'), nop, status)(background(), undefined), 404);
      const err = await make(
        'GET',
        srv.url('/fail'),
        nop,
        decodeJSONResponse,
      )(background(), 0).catch((e: unknown) => e);
      assert.ok(err instanceof ResponseStatusError);
      assert.equal(err.status, 404);
      assert.equal(err.code, 'not_found');
      assert.equal(err.message, 'no such user');
    });

    it('sends the deadline as Connect-Timeout-Ms, and none without one', async () => {
      const sum = make<Sum, Summed>('POST', srv.url('/sum'), encodeJSONRequest, decodeJSONResponse);
      const [ctx, cancel] = withTimeout(background(), 5000);
      try {
        const ms = Number((await sum(ctx, { a: 1, b: 1 })).seen['connect-timeout-ms']);
        assert.ok(ms > 4000 && ms <= 5000, String(ms));
      } finally {
        cancel();
      }
      assert.equal((await sum(background(), { a: 1, b: 1 })).seen['connect-timeout-ms'], undefined);
    });

    it('a deadline while waiting rejects with DeadlineExceededError; a spent one sends nothing', async () => {
      const slow = make('GET', srv.url('/slow-headers'), nop, text);
      const [ctx, cancel] = withTimeout(background(), 100);
      const started = Date.now();
      await assert.rejects(slow(ctx, undefined), DeadlineExceededError);
      assert.ok(Date.now() - started < 1500);
      cancel();
      const [spent, cancel2] = withTimeout(background(), 0);
      await new Promise((r) => setTimeout(r, 5));
      await assert.rejects(
        make('GET', srv.url('/unsent'), nop, text)(spent, undefined),
        DeadlineExceededError,
      );
      cancel2();
      assert.equal(srv.hits('/unsent'), 0);
    });

    it('cancelling the context rejects with its reason', async () => {
      const [ctx, cancel] = withCancel(background());
      const call = make('GET', srv.url('/slow-headers'), nop, text)(ctx, undefined);
      setTimeout(cancel, 50);
      await assert.rejects(call, CanceledError);
    });

    it('a refused connection is a RequestError, unavailable, naming the URL without credentials', async () => {
      const closed = await startServer();
      const url = `http://user:secret@127.0.0.1:${closed.port}/x`;
      await closed.close();
      const err = await make(
        'GET',
        url,
        nop,
        text,
      )(background(), undefined).catch((e: unknown) => e);
      assert.ok(err instanceof RequestError, String(err));
      assert.equal(err.code, 'unavailable');
      assert.match(err.message, new RegExp(`GET http://127\\.0\\.0\\.1:${closed.port}/x`));
      assert.doesNotMatch(err.message, /secret/);
    });

    it('sends URL credentials as basic auth', async () => {
      const sum = make<Sum, Summed>(
        'POST',
        srv.url('/sum').replace('http://', 'http://ann:p%C3%A4ss@'),
        encodeJSONRequest,
        decodeJSONResponse,
      );
      const seen = (await sum(background(), { a: 0, b: 1 })).seen;
      assert.equal(seen['authorization'], `Basic ${Buffer.from('ann:päss').toString('base64')}`);
    });

    it('bounds the body helpers by maxResponseBytes (declared and chunked lengths)', async () => {
      for (const path of ['/big', '/chunked-big']) {
        const err = await make('GET', srv.url(path), nop, text, { maxResponseBytes: 1000 })(
          background(),
          undefined,
        ).catch((e: unknown) => e);
        assert.ok(err instanceof ResponseBodyError, `${path}: ${String(err)}`);
        assert.equal(err.reason, 'BODY_TOO_LARGE');
        assert.equal(err.code, 'resource_exhausted');
      }
      assert.equal(
        (await make('GET', srv.url('/big'), nop, text)(background(), undefined)).length,
        100_000,
      );
    });

    it('a slow body the decoder ignored does not keep the call pending', async () => {
      const [ctx, cancel] = withTimeout(background(), 5000);
      try {
        const started = Date.now();
        assert.equal(await make('GET', srv.url('/trickle'), nop, status)(ctx, undefined), 200);
        assert.ok(Date.now() - started < 1000, `took ${Date.now() - started} ms`);
      } finally {
        cancel();
      }
    });

    it('a decoder that stops reading the stream early does not keep the call pending', async () => {
      const firstChunk = make('GET', srv.url('/trickle'), nop, async (_ctx, res) => {
        for await (const chunk of res.body) return chunk.byteLength > 0;
        return false;
      });
      const [ctx, cancel] = withTimeout(background(), 5000);
      try {
        const started = Date.now();
        assert.equal(await firstChunk(ctx, undefined), true);
        assert.ok(Date.now() - started < 1500, `took ${Date.now() - started} ms`);
      } finally {
        cancel();
      }
    });

    it('a body cut short is a ResponseBodyError; reading twice is BODY_USED', async () => {
      const err = await make(
        'GET',
        srv.url('/cut'),
        nop,
        text,
      )(background(), undefined).catch((e: unknown) => e);
      assert.ok(err instanceof ResponseBodyError, String(err));
      const twice = make('GET', srv.url('/echo'), nop, async (_ctx, res) => {
        await res.text();
        return res.text();
      });
      await assert.rejects(twice(background(), undefined), { reason: 'BODY_USED' });
    });

    it('streams request bodies: an async generator, a ReadableStream, bytes', async () => {
      async function* parts() {
        yield new TextEncoder().encode('gen');
        yield new TextEncoder().encode('erated');
      }
      const bodies = [
        () => parts(),
        () =>
          new ReadableStream<Uint8Array>({
            start(c) {
              c.enqueue(new TextEncoder().encode('web'));
              c.enqueue(new TextEncoder().encode('stream'));
              c.close();
            },
          }),
        () => new TextEncoder().encode('bytes'),
      ];
      const out: string[] = [];
      for (const body of bodies) {
        const echo = make('POST', srv.url('/echo'), (_ctx, req) => void (req.body = body()), text);
        out.push(await echo(background(), undefined));
      }
      assert.deepEqual(out, ['POST /echo generated', 'POST /echo webstream', 'POST /echo bytes']);
    });

    it('buffered-stream mode leaves the body to the caller', async () => {
      const stream = make('GET', srv.url('/big'), nop, (_ctx, res) => res.body, {
        bufferedStream: true,
      });
      const body = await stream(background(), undefined);
      let size = 0;
      for await (const chunk of body) size += chunk.byteLength;
      assert.equal(size, 100_000);
    });

    it('finalizers see the response headers and the body size', async () => {
      const seen: { size?: number | undefined; type?: unknown; err?: unknown } = {};
      const client = make('GET', srv.url('/big'), nop, text, {
        finalizer: [
          (ctx, err) => {
            seen.size = ctx.value(clientResponseSizeKey);
            seen.type = ctx.value(clientResponseHeadersKey)?.['content-length'];
            seen.err = err;
          },
        ],
      });
      await client(background(), undefined);
      assert.deepEqual(seen, { size: 100_000, type: '100000', err: undefined });
    });

    it('reuses the connection for bodies read to the end', async () => {
      const before = srv.connections();
      const echo = make('POST', srv.url('/echo'), (_ctx, req) => void (req.body = 'x'), text);
      for (let i = 0; i < 5; i++) await echo(background(), undefined);
      assert.ok(srv.connections() - before <= 1, `${srv.connections() - before} connections`);
    });

    it('refuses unsupported protocols and a negative limit at construction', () => {
      assert.throws(() => make('GET', 'ftp://x/', nop, text), TypeError);
      assert.throws(
        () => make('GET', 'http://x/', nop, text, { maxResponseBytes: -1 }),
        RangeError,
      );
    });
  });
}
