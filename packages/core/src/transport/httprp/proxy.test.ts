import assert from 'node:assert/strict';
import { createServer as createNodeServer, request } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, it } from 'node:test';
import { freePort } from '@svckit/testing';
import { createRouter } from '../http/index.js';
import { listenPlain, serve } from '../http/serve.test.helper.js';
import { createProxy } from './index.js';

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** origin is a plain node:http server recording what it got; answer decides the reply. */
async function origin(answer?: (req: IncomingMessage, res: ServerResponse, body: string) => void) {
  const seen: Seen[] = [];
  const url = await listenPlain(
    createNodeServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (d: string) => (body += d));
      req.on('end', () => {
        seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
        if (answer !== undefined) return answer(req, res, body);
        res.writeHead(200, { 'content-type': 'text/plain', 'x-origin': '1' });
        res.end(`origin ${req.method} ${req.url}`);
      });
    }),
  );
  return { url, seen };
}

describe('httprp createProxy (Node face)', () => {
  it("Go kit's pinned behaviours: the origin's 404 passes through, a dead origin is 502", async () => {
    const o = await origin((_req, res) => {
      res.writeHead(404, 'Nothing Here', { 'content-type': 'text/plain' });
      res.end('no such page');
    });
    const proxy = await serve(createProxy(o.url));
    const res = await fetch(`${proxy}/missing`);
    assert.equal(res.status, 404);
    assert.equal(res.statusText, 'Nothing Here');
    assert.equal(await res.text(), 'no such page');
    const errors: unknown[] = [];
    const dead = await serve(
      createProxy(`http://127.0.0.1:${await freePort()}`, {
        errorHandler: (_c, e) => errors.push(e),
      }),
    );
    const bad = await fetch(`${dead}/x`);
    assert.equal(bad.status, 502);
    assert.equal(await bad.text(), '502 Bad Gateway\n');
    assert.match(String(errors[0]), /bad gateway: connect ECONNREFUSED/);
  });

  it("joins the target's path and query; before hooks change the outgoing request", async () => {
    const o = await origin();
    const proxy = await serve(
      createProxy(`${o.url}/base?k=v`, {
        before: [
          (ctx, r) => {
            r.headers['x-added'] = 'yes';
            r.url.searchParams.set('hooked', '1');
            return ctx;
          },
        ],
      }),
    );
    const res = await fetch(`${proxy}/x/y?q=1`, { method: 'POST', body: 'hello' });
    assert.equal(await res.text(), 'origin POST /base/x/y?k=v&q=1&hooked=1');
    assert.equal(res.headers.get('x-origin'), '1');
    assert.equal(o.seen[0]?.headers['x-added'], 'yes');
    assert.equal(o.seen[0]?.body, 'hello');
  });

  it('drops hop-by-hop headers both ways; sets X-Forwarded-*; Host is the origin unless preserved', async () => {
    const o = await origin((_req, res) => {
      res.writeHead(200, {
        connection: 'x-drop, keep-alive',
        'x-drop': 'secret',
        'keep-alive': 'timeout=99',
        'set-cookie': ['a=1', 'b=2'],
      });
      res.end('ok');
    });
    const proxyURL = new URL(await serve(createProxy(o.url)));
    const { headers, seen } = await new Promise<{
      headers: IncomingMessage['headers'];
      seen: Seen;
    }>((resolve, reject) => {
      const req = request(
        {
          host: proxyURL.hostname,
          port: proxyURL.port,
          path: '/h',
          headers: {
            connection: 'x-private',
            'x-private': 'p',
            te: 'trailers',
            'proxy-authorization': 'Basic abc',
            'x-forwarded-for': '203.0.113.7',
            'x-keep': 'k',
            host: 'public.example',
          },
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve({ headers: res.headers, seen: o.seen.at(-1) as Seen }));
        },
      );
      req.on('error', reject);
      req.end();
    });
    for (const h of ['x-private', 'te', 'proxy-authorization'])
      assert.equal(seen.headers[h], undefined, h);
    assert.equal(seen.headers['x-keep'], 'k');
    assert.equal(seen.headers['x-forwarded-for'], '203.0.113.7, 127.0.0.1');
    assert.equal(seen.headers['x-forwarded-proto'], 'http');
    assert.equal(seen.headers['x-forwarded-host'], 'public.example');
    assert.equal(seen.headers['host'], new URL(o.url).host);
    assert.equal(headers['x-drop'], undefined);
    assert.notEqual(headers['keep-alive'], 'timeout=99'); // the proxy's own connection may have one
    assert.deepEqual(headers['set-cookie'], ['a=1', 'b=2']);
    const preserved = await serve(createProxy(o.url, { preserveHost: true }));
    await (await fetch(`${preserved}/p`)).text();
    assert.equal(o.seen.at(-1)?.headers['host'], new URL(preserved).host);
  });

  it('streams bodies both ways: the origin reads before the upload ends, the client before the download ends', async () => {
    let firstUpload = 0;
    let uploadEnded = 0;
    const server = createNodeServer((req, res) => {
      req.once('data', () => (firstUpload = Date.now()));
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'application/octet-stream' });
        res.write(Buffer.alloc(64 * 1024, 1));
        setTimeout(() => res.end(Buffer.alloc(64 * 1024, 2)), 300);
      });
      req.resume();
    });
    const o = await listenPlain(server);
    const proxyURL = new URL(await serve(createProxy(o)));
    const { firstDownload, downloadEnded, size } = await new Promise<{
      firstDownload: number;
      downloadEnded: number;
      size: number;
    }>((resolve, reject) => {
      const req = request(
        { host: proxyURL.hostname, port: proxyURL.port, method: 'PUT', path: '/up' },
        (res) => {
          let first = 0;
          let n = 0;
          res.on('data', (d: Buffer) => {
            first ||= Date.now();
            n += d.length;
          });
          res.on('end', () =>
            resolve({ firstDownload: first, downloadEnded: Date.now(), size: n }),
          );
        },
      );
      req.on('error', reject);
      req.write(Buffer.alloc(32 * 1024));
      setTimeout(() => {
        uploadEnded = Date.now();
        req.end(Buffer.alloc(32 * 1024));
      }, 300);
    });
    assert.equal(size, 128 * 1024);
    assert.ok(firstUpload > 0 && firstUpload < uploadEnded - 150, `${firstUpload} ${uploadEnded}`);
    assert.ok(firstDownload < downloadEnded - 150, `${firstDownload} ${downloadEnded}`);
  });

  it("the caller's deadline reaches the origin, and past it the answer is 504 and the origin request is aborted", async () => {
    let aborted = false;
    let header: string | undefined;
    const o = await listenPlain(
      createNodeServer((req, res) => {
        header = req.headers['connect-timeout-ms'] as string;
        res.on('close', () => (aborted = !res.writableFinished));
      }),
    );
    const proxy = await serve(createProxy(o));
    const started = Date.now();
    const res = await fetch(`${proxy}/slow`, { headers: { 'connect-timeout-ms': '200' } });
    assert.equal(res.status, 504);
    assert.equal(await res.text(), '504 Gateway Timeout\n');
    const took = Date.now() - started;
    assert.ok(took >= 180 && took < 1500, String(took));
    assert.ok(Number(header) <= 200 && Number(header) > 100, header);
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(aborted, true);
    // A deadline already spent never reaches the origin.
    const spent = await fetch(`${proxy}/slow`, { headers: { 'connect-timeout-ms': '0' } });
    assert.equal(spent.status, 504);
  });

  it('a client going away aborts the origin request; no response headers in time is 504', async () => {
    let closed = false;
    const o = await listenPlain(
      createNodeServer((_req, res) => {
        res.on('close', () => (closed = true));
      }),
    );
    const proxy = await serve(createProxy(o, { headersTimeoutMs: 5000 }));
    const controller = new AbortController();
    const pending = fetch(`${proxy}/hang`, { signal: controller.signal });
    await new Promise((r) => setTimeout(r, 100));
    controller.abort();
    await assert.rejects(pending);
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(closed, true);
    const quick = await serve(createProxy(o, { headersTimeoutMs: 100 }));
    const res = await fetch(`${quick}/hang`);
    assert.equal(res.status, 504);
  });

  it('as a router target, under a prefix', async () => {
    const o = await origin();
    const router = createRouter().mount('/api', createProxy(o.url, { stripPrefix: '/api' }));
    const url = await serve(router);
    assert.equal(await (await fetch(`${url}/api/users/7?x=1`)).text(), 'origin GET /users/7?x=1');
    assert.equal(await (await fetch(`${url}/api`)).text(), 'origin GET /');
    const viaFetch = await router.fetch(new Request('http://x/api/z'));
    assert.equal(await viaFetch.text(), 'origin GET /z');
  });

  it('refuses a target that is not http(s)', () => {
    assert.throws(() => createProxy('ftp://x/'), TypeError);
  });
});

describe('httprp createProxy (Fetch face)', () => {
  it('proxies, streams a request body, passes 404, sets X-Forwarded-For from the peer info', async () => {
    const o = await origin((req, res, body) => {
      if (req.url === '/missing') {
        res.writeHead(404);
        return res.end('nope');
      }
      res.writeHead(201, { 'set-cookie': ['a=1', 'b=2'], 'content-type': 'text/plain' });
      res.end(`got ${body}`);
    });
    const proxy = createProxy(o.url, {
      before: [(ctx, r) => ((r.headers['x-hook'] = 'h'), ctx)],
    });
    const res = await proxy.fetch(
      new Request('https://edge.example/up?z=1', {
        method: 'POST',
        body: new ReadableStream({
          start(c) {
            c.enqueue(new TextEncoder().encode('stre'));
            c.enqueue(new TextEncoder().encode('amed'));
            c.close();
          },
        }),
        duplex: 'half',
      } as RequestInit),
      { remoteAddr: { hostname: '198.51.100.9' } },
    );
    assert.equal(res.status, 201);
    assert.equal(await res.text(), 'got streamed');
    assert.deepEqual(res.headers.getSetCookie(), ['a=1', 'b=2']);
    const seen = o.seen.at(-1) as Seen;
    assert.equal(seen.url, '/up?z=1');
    assert.equal(seen.headers['x-forwarded-for'], '198.51.100.9');
    assert.equal(seen.headers['x-forwarded-proto'], 'https');
    assert.equal(seen.headers['x-forwarded-host'], 'edge.example');
    assert.equal(seen.headers['x-hook'], 'h');
    const missing = await proxy.fetch(new Request('http://x/missing'));
    assert.deepEqual([missing.status, await missing.text()], [404, 'nope']);
  });

  it('a dead origin is 502; past the deadline 504', async () => {
    const dead = createProxy(`http://127.0.0.1:${await freePort()}`);
    const res = await dead.fetch(new Request('http://x/'));
    assert.deepEqual([res.status, await res.text()], [502, '502 Bad Gateway\n']);
    const o = await listenPlain(createNodeServer(() => {}));
    const slow = createProxy(o);
    const late = await slow.fetch(
      new Request('http://x/', { headers: { 'connect-timeout-ms': '150' } }),
    );
    assert.equal(late.status, 504);
  });
});
