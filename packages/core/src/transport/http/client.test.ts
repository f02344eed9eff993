import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Agent, createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import {
  background,
  CanceledError,
  createKey,
  DeadlineExceededError,
  withCancel,
  withTimeout,
  withValue,
} from '../../context/index.js';
import type { Context } from '../../context/index.js';
import {
  clientResponseHeadersKey,
  clientResponseSizeKey,
  createClient,
  RequestError,
  ResponseBodyError,
  setRequestHeader,
} from './index.js';
import type { ClientResponse } from './index.js';

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

/** A plain node:http server on 127.0.0.1 routing by path, counting connections. */
async function startServer(routes: Record<string, Handler>) {
  let connections = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const route = routes[new URL(req.url ?? '/', 'http://x').pathname];
      if (route === undefined) {
        res.statusCode = 404;
        res.end('no route');
        return;
      }
      route(req, res, Buffer.concat(chunks).toString('utf8'));
    });
  });
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path: string) => `http://127.0.0.1:${port}${path}`,
    connections: () => connections,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const nopEncode = () => {};
const textDecode = (_ctx: Context, res: ClientResponse) => res.text();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('HTTP client (Go kit client tests)', () => {
  let srv: Awaited<ReturnType<typeof startServer>>;
  before(async () => {
    srv = await startServer({
      '/echo': (req, res, body) => {
        res.setHeader('x-edward', 'snowden');
        res.setHeader('content-type', 'text/plain');
        res.end(`${req.method} ${req.url} foo=${String(req.headers['x-foo'])} body=${body}`);
      },
      '/headers': (req, res) => {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ headers: req.headers }));
      },
      '/big': (_req, res) => res.end('x'.repeat(100_000)),
      '/endless': (_req, res) => {
        const tick = setInterval(() => res.write('tick\n'), 10);
        res.on('close', () => clearInterval(tick));
      },
      '/teapot': (_req, res) => {
        res.statusCode = 418;
        res.end('short and stout');
      },
    });
  });
  after(() => srv.close());

  it('before sets a request header; after reads a response header; decoder sees both', async () => {
    const edwardKey = createKey<string>('edward');
    let seenInDecoder: string | undefined;
    const client = createClient(
      'POST',
      srv.url('/echo'),
      (_ctx, req, body: string) => {
        req.body = body;
      },
      async (ctx, res) => {
        seenInDecoder = ctx.value(edwardKey);
        return { status: res.status, text: await res.text() };
      },
      {
        before: [setRequestHeader('X-Foo', 'bar')],
        after: [(ctx, res) => withValue(ctx, edwardKey, String(res.headers['x-edward']))],
      },
    );
    const out = await client(background(), 'hello');
    assert.equal(out.status, 200);
    assert.equal(out.text, 'POST /echo foo=bar body=hello');
    assert.equal(seenInDecoder, 'snowden');
  });

  it('drains a body that arrived whole after decode, so the keep-alive connection is reused', async () => {
    let body: Readable | undefined;
    const agent = new Agent({ keepAlive: true });
    after(() => agent.destroy());
    const client = createClient(
      'GET',
      srv.url('/echo'),
      nopEncode,
      (_ctx, res) => {
        body = res.body as Readable; // the decoder ignores the body (a Node stream here)
        return res.status;
      },
      { agent },
    );
    const before = srv.connections();
    for (let i = 0; i < 5; i++) {
      assert.equal(await client(background(), undefined), 200);
      assert.ok(body !== undefined && (body.readableEnded || body.destroyed), 'body finished');
    }
    assert.equal(srv.connections() - before, 1, 'one connection for five calls');
  });

  it('closes an endless body the decoder ignored instead of draining it', async () => {
    const client = createClient('GET', srv.url('/endless'), nopEncode, (_ctx, res) => res.status);
    const started = Date.now();
    assert.equal(await client(background(), undefined), 200);
    assert.ok(Date.now() - started < 10_000, 'did not wait for the stream (it never ends)');
  });

  it('leaves the body to the caller in buffered-stream mode', async () => {
    const client = createClient('GET', srv.url('/big'), nopEncode, (_ctx, res) => res.body, {
      bufferedStream: true,
    });
    const stream = await client(background(), undefined);
    assert.equal((stream as Readable).readableEnded, false, 'body still open after the call');
    let size = 0;
    for await (const chunk of stream) size += (chunk as Buffer).length;
    assert.equal(size, 100_000);
  });

  it('finalizer sees the response headers, the size and no error', async () => {
    const seen: { headers?: unknown; size?: number | undefined; err?: unknown; called: number } = {
      called: 0,
    };
    const client = createClient('POST', srv.url('/echo'), nopEncode, textDecode, {
      finalizer: [
        (ctx, err) => {
          seen.called++;
          seen.headers = ctx.value(clientResponseHeadersKey)?.['x-edward'];
          seen.size = ctx.value(clientResponseSizeKey);
          seen.err = err;
        },
      ],
    });
    const text = await client(background(), undefined);
    assert.equal(seen.called, 1);
    assert.equal(seen.headers, 'snowden');
    assert.equal(seen.size, Buffer.byteLength(text));
    assert.equal(seen.err, undefined);
  });

  it('finalizer sees the size of a body the decoder did not read', async () => {
    let size: number | undefined;
    const client = createClient('GET', srv.url('/big'), nopEncode, () => 'ignored', {
      finalizer: [(ctx) => (size = ctx.value(clientResponseSizeKey))],
    });
    await client(background(), undefined);
    assert.equal(size, 100_000);
  });

  it('hands non-2xx responses to the decoder instead of throwing', async () => {
    const client = createClient('GET', srv.url('/teapot'), nopEncode, async (_ctx, res) => ({
      status: res.status,
      text: await res.text(),
    }));
    assert.deepEqual(await client(background(), undefined), {
      status: 418,
      text: 'short and stout',
    });
  });

  it('propagates decode errors as they are, and the finalizer sees them', async () => {
    const boom = new Error('cannot decode');
    let finalErr: unknown;
    const client = createClient(
      'GET',
      srv.url('/big'),
      nopEncode,
      () => {
        throw boom;
      },
      { finalizer: [(_ctx, err) => (finalErr = err)] },
    );
    await assert.rejects(client(background(), undefined), (err) => err === boom);
    assert.equal(finalErr, boom);
  });

  it('propagates encode errors without sending anything', async () => {
    const before = srv.connections();
    const bad = new Error('cannot encode');
    const client = createClient(
      'GET',
      srv.url('/echo'),
      () => {
        throw bad;
      },
      textDecode,
      { agent: new Agent() },
    );
    await assert.rejects(client(background(), undefined), (err) => err === bad);
    assert.equal(srv.connections(), before);
  });

  it('lets the encoder change the URL and stream a request body', async () => {
    const client = createClient(
      'put',
      srv.url('/nowhere'),
      (_ctx, req, parts: string[]) => {
        req.url.pathname = '/echo';
        req.url.searchParams.set('q', 'a b');
        req.body = Readable.from(parts);
      },
      textDecode,
    );
    assert.equal(
      await client(background(), ['one,', 'two,', 'three']),
      'PUT /echo?q=a+b foo=undefined body=one,two,three',
    );
  });

  it('frames a GET body (string, bytes, stream) so the server reads it, as Go does', async () => {
    const bodies: Record<string, () => string | Uint8Array | Readable> = {
      string: () => '{"s":"héllo"}\n',
      bytes: () => new TextEncoder().encode('{"s":"héllo"}\n'),
      stream: () => Readable.from(['{"s":', '"héllo"}\n']),
    };
    for (const [kind, make] of Object.entries(bodies)) {
      const client = createClient(
        'GET',
        srv.url('/echo'),
        (_ctx, req) => {
          req.body = make();
        },
        textDecode,
      );
      // Twice on one keep-alive connection: an unframed body would be read as the next request.
      for (let i = 0; i < 2; i++) {
        assert.equal(
          await client(background(), undefined),
          'GET /echo foo=undefined body={"s":"héllo"}\n',
          kind,
        );
      }
    }
  });

  it('sends every value of a multi-valued header', async () => {
    const client = createClient(
      'GET',
      srv.url('/headers'),
      nopEncode,
      async (_ctx, res) => (await res.json()) as { headers: Record<string, string> },
      { before: [setRequestHeader('X-Multi', ['a', 'b'])] },
    );
    const out = await client(background(), undefined);
    assert.equal(out.headers['x-multi'], 'a, b');
  });
});

describe('HTTP client cancellation and failures', () => {
  let srv: Awaited<ReturnType<typeof startServer>>;
  before(async () => {
    srv = await startServer({
      '/slow': (_req, res) => {
        setTimeout(() => res.end('late'), 8000).unref();
      },
      '/stall-body': (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.write('first part;');
        setTimeout(() => res.end('rest'), 1500).unref();
      },
      '/broken-body': (_req, res) => {
        res.writeHead(200, { 'content-length': '1000' });
        res.write('only a little');
        setTimeout(() => res.destroy(), 10);
      },
      '/big': (_req, res) => res.end('x'.repeat(100_000)),
      '/auth': (req, res) => res.end(req.headers.authorization ?? 'none'),
    });
  });
  after(() => srv.close());

  it('a deadline while waiting for the response rejects with DeadlineExceededError', async () => {
    const client = createClient('GET', srv.url('/slow'), nopEncode, textDecode);
    const [ctx, cancel] = withTimeout(background(), 50);
    const started = Date.now();
    try {
      await assert.rejects(client(ctx, undefined), DeadlineExceededError);
    } finally {
      cancel();
    }
    assert.ok(Date.now() - started < 4000, 'did not wait for the server (8 s)');
  });

  it('a deadline while reading the body rejects with DeadlineExceededError', async () => {
    let headersSeen = false;
    const client = createClient('GET', srv.url('/stall-body'), nopEncode, (_ctx, res) => {
      headersSeen = res.status === 200;
      return res.text();
    });
    const [ctx, cancel] = withTimeout(background(), 100);
    try {
      await assert.rejects(client(ctx, undefined), DeadlineExceededError);
    } finally {
      cancel();
    }
    assert.equal(headersSeen, true);
  });

  it('a before func can shorten the deadline of the call', async () => {
    const cancels: (() => void)[] = [];
    const client = createClient('GET', srv.url('/slow'), nopEncode, textDecode, {
      before: [
        (ctx) => {
          const [short, cancel] = withTimeout(ctx, 30);
          cancels.push(cancel);
          return short;
        },
      ],
    });
    await assert.rejects(client(background(), undefined), DeadlineExceededError);
    for (const c of cancels) c();
  });

  it('cancelling the context rejects with the cancellation reason', async () => {
    const client = createClient('GET', srv.url('/slow'), nopEncode, textDecode);
    const [ctx, cancel] = withCancel(background());
    setTimeout(() => cancel(), 20);
    await assert.rejects(client(ctx, undefined), CanceledError);
  });

  it('an already cancelled context sends nothing', async () => {
    const before = srv.connections();
    const client = createClient('GET', srv.url('/big'), nopEncode, textDecode, {
      agent: new Agent(),
    });
    const [ctx, cancel] = withCancel(background());
    cancel();
    await assert.rejects(client(ctx, undefined), CanceledError);
    await sleep(20);
    assert.equal(srv.connections(), before);
  });

  it('connection refused is a RequestError naming the URL', async () => {
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const { port } = probe.address() as AddressInfo;
    await new Promise<void>((r) => probe.close(() => r()));
    const url = `http://127.0.0.1:${port}/sum`;
    const client = createClient('POST', url, nopEncode, textDecode);
    await assert.rejects(client(background(), undefined), (err: unknown) => {
      assert.ok(err instanceof RequestError);
      assert.equal(err.reason, 'ECONNREFUSED');
      assert.equal(err.code, 'unavailable');
      assert.match(err.message, new RegExp(`^POST ${url}: .*ECONNREFUSED`));
      return true;
    });
  });

  it('a body cut short is a ResponseBodyError', async () => {
    const client = createClient('GET', srv.url('/broken-body'), nopEncode, textDecode);
    await assert.rejects(client(background(), undefined), (err: unknown) => {
      assert.ok(err instanceof ResponseBodyError, String(err));
      assert.match(err.message, /broken-body/);
      return true;
    });
  });

  it('a body over maxResponseBytes is a ResponseBodyError BODY_TOO_LARGE', async () => {
    const client = createClient('GET', srv.url('/big'), nopEncode, textDecode, {
      maxResponseBytes: 1000,
    });
    await assert.rejects(client(background(), undefined), (err: unknown) => {
      assert.ok(err instanceof ResponseBodyError);
      assert.equal(err.reason, 'BODY_TOO_LARGE');
      assert.equal(err.code, 'resource_exhausted');
      return true;
    });
  });

  it('reading the body twice fails clearly', async () => {
    const client = createClient('GET', srv.url('/big'), nopEncode, async (_ctx, res) => {
      await res.text();
      return res.text();
    });
    await assert.rejects(client(background(), undefined), {
      reason: 'BODY_USED',
      code: 'internal',
    });
  });

  it('a failing request body stream is a RequestError with the cause', async () => {
    const cause = new Error('disk gone');
    const client = createClient(
      'POST',
      srv.url('/big'),
      (_ctx, req) => {
        req.body = new Readable({
          read() {
            this.destroy(cause);
          },
        });
      },
      textDecode,
    );
    await assert.rejects(client(background(), undefined), (err: unknown) => {
      assert.ok(err instanceof RequestError, String(err));
      assert.equal(err.cause, cause);
      return true;
    });
  });

  it('sends URL credentials as basic auth', async () => {
    const url = new URL(srv.url('/auth'));
    url.username = 'ada';
    url.password = 'p@ss';
    const client = createClient('GET', url, nopEncode, textDecode);
    assert.equal(
      await client(background(), undefined),
      `Basic ${Buffer.from('ada:p@ss').toString('base64')}`,
    );
  });

  it('never shows URL credentials in errors', async () => {
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const { port } = probe.address() as AddressInfo;
    await new Promise<void>((r) => probe.close(() => r()));
    const client = createClient(
      'GET',
      `http://ada:secret@127.0.0.1:${port}/x`,
      nopEncode,
      textDecode,
    );
    await assert.rejects(client(background(), undefined), (err: unknown) => {
      assert.ok(err instanceof RequestError);
      assert.equal(err.url, `http://127.0.0.1:${port}/x`);
      assert.doesNotMatch(err.message, /secret/);
      return true;
    });
  });

  it('replays an idempotent request reset on a reused connection, once, like Go', async (t) => {
    // The server drops every second request on a connection without answering: what a client
    // sees when the server closes an idle keep-alive connection as the request goes out.
    let requests = 0;
    let connections = 0;
    const flaky = createServer((req, res) => {
      requests++;
      const n = ((req.socket as { served?: number }).served ?? 0) + 1;
      (req.socket as { served?: number }).served = n;
      if (n === 2) req.socket.destroy();
      else res.end(`ok ${req.method}`);
    });
    flaky.on('connection', () => connections++);
    await new Promise<void>((r) => flaky.listen(0, '127.0.0.1', r));
    t.after(() => {
      flaky.closeAllConnections();
      flaky.close();
    });
    const url = `http://127.0.0.1:${(flaky.address() as AddressInfo).port}/`;

    const get = createClient('GET', url, nopEncode, textDecode);
    assert.equal(await get(background(), undefined), 'ok GET');
    assert.equal(await get(background(), undefined), 'ok GET', 'replayed on a new connection');
    assert.deepEqual([requests, connections], [3, 2]);

    const post = createClient('POST', url, (_c, req) => void (req.body = 'x'), textDecode);
    assert.equal(await post(background(), undefined), 'ok POST');
    await assert.rejects(post(background(), undefined), {
      reason: 'ECONNRESET',
      code: 'unavailable',
    });
    assert.deepEqual([requests, connections], [5, 3], 'a POST is not replayed');
  });

  it('rejects a negative maxResponseBytes at construction', () => {
    assert.throws(
      () => createClient('GET', srv.url('/big'), nopEncode, textDecode, { maxResponseBytes: -1 }),
      RangeError,
    );
  });

  it('rejects unsupported protocols at construction', () => {
    assert.throws(() => createClient('GET', 'ftp://127.0.0.1/x', nopEncode, textDecode), TypeError);
  });
});
