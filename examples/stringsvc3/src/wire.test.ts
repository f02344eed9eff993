import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { background } from '@svckit/core/context';
import { createClient, listen } from '@svckit/core/transport/http';
import { makeHandler, stringService } from '@svckit/example-stringsvc1';
import { instanceURL, splitInstances } from './proxying.js';
import { call, closeServer, startProxy, startRawUpstream, startUpstream } from './test-support.js';
import type { Proxy, RawUpstream, Upstream } from './test-support.js';

/**
 * rawRequest writes bytes to 127.0.0.1:port and returns everything read until the server
 * closes (the bytes ask for `Connection: close`). Like Go's client it does not half-close the
 * socket: a server may take a half-closed connection as a client gone away.
 */
function rawRequest(port: number, bytes: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(bytes));
    let out = '';
    socket.setEncoding('latin1');
    socket.on('data', (d: string) => (out += d));
    socket.on('end', () => resolve(out));
    socket.on('error', reject);
    socket.setTimeout(5000, () => socket.destroy(new Error('raw request timed out')));
  });
}

describe('stringsvc3 without --proxy: the stringsvc wire', () => {
  let server: Server;
  let base = '';
  before(async () => {
    server = await listen(makeHandler(stringService).node);
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => closeServer(server));

  it('uppercase and count: {"v"} plus newline, text/plain as Go sniffs it', async () => {
    assert.deepEqual(await call(base, '/uppercase', '{"s":"héllo, <b>"}'), {
      status: 200,
      type: 'text/plain; charset=utf-8',
      body: '{"v":"HÉLLO, \\u003cB\\u003e"}\n',
    });
    assert.deepEqual(await call(base, '/count', '{"s":"héllo"}', 'PUT'), {
      status: 200,
      type: 'text/plain; charset=utf-8',
      body: '{"v":6}\n',
    });
    assert.equal(
      (await call(base, '/uppercase', '{"s":""}')).body,
      '{"v":"","err":"empty string"}\n',
    );
  });

  it('any method, exact paths (404 "404 page not found\\n")', async () => {
    assert.equal((await call(base, '/uppercase', '{"S":"x"}', 'DELETE')).body, '{"v":"X"}\n');
    assert.deepEqual(await call(base, '/uppercase/', '{"s":"x"}'), {
      status: 404,
      type: 'text/plain; charset=utf-8',
      body: '404 page not found\n',
    });
  });

  it('serves the bytes of a Go kit client: GET, chunked, no Content-Type', async () => {
    const port = (server.address() as AddressInfo).port;
    const body = '{"s":"foo"}\n';
    const reply = await rawRequest(
      port,
      `GET /uppercase HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUser-Agent: Go-http-client/1.1\r\n` +
        `Transfer-Encoding: chunked\r\nAccept-Encoding: gzip\r\nConnection: close\r\n\r\n` +
        `${body.length.toString(16)}\r\n${body}\r\n0\r\n\r\n`,
    );
    assert.match(reply, /^HTTP\/1\.1 200 OK\r\n/);
    assert.match(reply, /\r\ncontent-type: text\/plain; charset=utf-8\r\n/i);
    assert.ok(reply.endsWith('\r\n\r\n{"v":"FOO"}\n'), JSON.stringify(reply));
  });

  it('bad input gets a clear error, never a crash: empty, invalid JSON, wrong type, oversized', async () => {
    const cases: [string, number, RegExp][] = [
      ['', 500, /^malformed JSON body: body is empty$/],
      ['{"s":', 500, /^malformed JSON body: /],
      ['nope', 500, /^malformed JSON body: /],
      ['{"s":1}', 500, /^cannot decode a JSON number into field s of type string$/],
      ['["a"]', 500, /^cannot decode a JSON array into the request object$/],
    ];
    for (const [body, status, text] of cases) {
      for (const path of ['/uppercase', '/count']) {
        const r = await call(base, path, body);
        assert.equal(r.status, status, `${path} ${body}`);
        assert.equal(r.type, 'text/plain; charset=utf-8');
        assert.match(r.body, text, `${path} ${body}`);
      }
    }
    const big = await call(base, '/uppercase', JSON.stringify({ s: 'x'.repeat(1024 * 1024) }));
    assert.equal(big.status, 413);
    // Still serving after all of that.
    assert.equal((await call(base, '/uppercase', '{"s":"ok"}')).body, '{"v":"OK"}\n');
  });
});

describe('stringsvc3 --proxy: interop with Go kit stringsvc upstreams', () => {
  let raw: RawUpstream;
  let proxy: Proxy;
  before(async () => {
    raw = await startRawUpstream();
    proxy = await startProxy(raw.addr);
  });
  after(async () => {
    await proxy.close();
    await raw.close();
  });

  it('proxies uppercase as Go kit does: GET /uppercase, {"s":"..."}\\n, no Content-Type', async () => {
    const before = raw.seen.length;
    assert.deepEqual(await call(proxy.base, '/uppercase', '{"s":"foo"}'), {
      status: 200,
      type: 'text/plain; charset=utf-8',
      body: '{"v":"FOO"}\n',
    });
    assert.equal(raw.seen.length, before + 1);
    const seen = raw.seen.at(-1);
    assert.equal(seen?.method, 'GET');
    assert.equal(seen?.url, '/uppercase');
    assert.equal(seen?.body, '{"s":"foo"}\n');
    assert.equal(seen?.headers['content-type'], undefined);
    assert.equal(seen?.headers['transfer-encoding'], 'chunked');
    // Go's encoder escapes HTML characters in the request body too.
    await call(proxy.base, '/uppercase', '{"s":"<&>"}');
    assert.equal(raw.seen.at(-1)?.body, '{"s":"\\u003c\\u0026\\u003e"}\n');
  });

  it('count is served locally: the upstream never sees it', async () => {
    const before = raw.seen.length;
    assert.equal((await call(proxy.base, '/count', '{"s":"héllo"}')).body, '{"v":6}\n');
    assert.equal(raw.seen.length, before);
  });

  it("the upstream's business error comes back in-band", async () => {
    assert.deepEqual(await call(proxy.base, '/uppercase', '{"s":""}'), {
      status: 200,
      type: 'text/plain; charset=utf-8',
      body: '{"v":"","err":"empty string"}\n',
    });
  });

  it('serves a Go kit client (GET, chunked, no Content-Type) through the proxy', async () => {
    const port = Number(new URL(proxy.base).port);
    const body = '{"s":"bar"}\n';
    const reply = await rawRequest(
      port,
      `GET /uppercase HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nTransfer-Encoding: chunked\r\n` +
        `Accept-Encoding: gzip\r\nConnection: close\r\n\r\n${body.length.toString(16)}\r\n${body}\r\n0\r\n\r\n`,
    );
    assert.ok(reply.endsWith('\r\n\r\n{"v":"BAR"}\n'), JSON.stringify(reply));
    assert.equal(raw.seen.at(-1)?.body, '{"s":"bar"}\n');
  });
});

describe('stringsvc3 --proxy: the status is ignored, the body decides', () => {
  it('a non-200 answer with {"v"} is a success; {"err"} is the error, whatever the status', async () => {
    const raw = await startRawUpstream((seen) =>
      seen.body.includes('"bad"')
        ? { status: 200, body: '{"v":"","err":"nope"}\n' }
        : { status: 418, body: '{"V":"TEAPOT","extra":1}\n' },
    );
    const proxy = await startProxy(raw.addr);
    try {
      assert.equal((await call(proxy.base, '/uppercase', '{"s":"x"}')).body, '{"v":"TEAPOT"}\n');
      assert.equal(
        (await call(proxy.base, '/uppercase', '{"s":"bad"}')).body,
        '{"v":"","err":"nope"}\n',
      );
    } finally {
      await proxy.close();
      await raw.close();
    }
  });
});

describe('stringsvc3 --proxy against a svckit stringsvc1 process', () => {
  let upstream: Upstream;
  let proxy: Proxy;
  before(async () => {
    upstream = await startUpstream();
    proxy = await startProxy(`http://${upstream.addr}`);
  });
  after(async () => {
    await proxy.close();
    await upstream.proc.stop();
  });

  it('uppercase goes through stringsvc1, Unicode and business errors included', async () => {
    assert.equal(
      (await call(proxy.base, '/uppercase', '{"s":"héllo ß"}')).body,
      '{"v":"HÉLLO ß"}\n',
    );
    assert.equal(
      (await call(proxy.base, '/uppercase', '{"s":""}')).body,
      '{"v":"","err":"empty string"}\n',
    );
    assert.equal((await call(proxy.base, '/count', '{"s":"😀"}')).body, '{"v":4}\n');
  });
});

describe('--proxy parsing (Go kit: split, trim, http:// prefix, /uppercase when no path)', () => {
  it('splits and trims, dropping empty entries', () => {
    assert.deepEqual(splitInstances(' a:1, b:2 ,,c:3 '), ['a:1', 'b:2', 'c:3']);
    assert.deepEqual(splitInstances(''), []);
  });
  it('builds the instance URL', () => {
    assert.equal(instanceURL('127.0.0.1:8081').href, 'http://127.0.0.1:8081/uppercase');
    assert.equal(instanceURL('http://h:1').href, 'http://h:1/uppercase');
    assert.equal(instanceURL('https://h:1/up').href, 'https://h:1/up');
    assert.equal(instanceURL('http://h:1/').href, 'http://h:1/');
    assert.throws(() => instanceURL('http://'), /invalid instance "http:\/\/"/);
  });
});

describe('createClient frames a GET body for a Go-kit-style upstream', () => {
  // Node's http.request writes the body of a GET with no framing at all; createClient adds a
  // Content-Length, so a string body without an explicit framing header reaches the server.
  it('a GET with a string body and no framing header reaches the server', async () => {
    const raw = await startRawUpstream();
    try {
      const client = createClient(
        'GET',
        `http://${raw.addr}/uppercase`,
        (_ctx, req, request: { s: string }) => {
          req.body = `${JSON.stringify(request)}\n`;
        },
        async (_ctx, res) => ({ status: res.status, body: await res.text() }),
      );
      const got = await client(background(), { s: 'foo' });
      assert.deepEqual(got, { status: 200, body: '{"v":"FOO"}\n' });
    } finally {
      await raw.close();
    }
  });
});
