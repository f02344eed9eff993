import assert from 'node:assert/strict';
import { createServer as createNodeServer } from 'node:http';
import { createServer as createNetServer, connect } from 'node:net';
import type { AddressInfo, Server as NetServer } from 'node:net';
import { after, describe, it } from 'node:test';
import { listenPlain, serve } from '../http/serve.test.helper.js';
import { createProxy } from './index.js';

// A misbehaving origin and hostile requests: a clear status, never a crash; the proxy keeps
// serving.

const nets: NetServer[] = [];
after(() => {
  for (const n of nets) n.close();
});

/** rawOrigin answers every connection with bytes, then does what end says. */
async function rawOrigin(bytes: string, end: 'close' | 'destroy' | 'hang'): Promise<string> {
  const server = createNetServer((socket) => {
    socket.once('data', () => {
      socket.write(bytes);
      if (end === 'close') socket.end();
      else if (end === 'destroy') socket.destroy();
    });
  });
  nets.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** raw sends bytes to the proxy and returns what came back, at most ms later. */
function raw(url: string, bytes: string, ms = 500): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    let out = '';
    const socket = connect(Number(port), hostname, () => socket.write(bytes));
    socket.setEncoding('utf8').on('data', (d: string) => (out += d));
    const done = () => resolve(out);
    socket.on('close', done);
    socket.on('error', done);
    setTimeout(() => {
      socket.destroy();
      done();
    }, ms);
  });
}

describe('httprp, hostile input and misbehaving origins', () => {
  it('an origin answering garbage, or closing without an answer: 502', async () => {
    for (const [bytes, end] of [
      ['this is not http\r\n\r\n', 'close'],
      ['', 'destroy'],
      ['HTTP/1.1 200 OK\r\nContent-Length: nope\r\n\r\n', 'close'],
    ] as const) {
      const proxy = await serve(createProxy(await rawOrigin(bytes, end)));
      const res = await fetch(`${proxy}/x`);
      assert.equal(res.status, 502, JSON.stringify(bytes));
    }
  });

  it('an origin dying mid-body: the client sees a broken response, the proxy serves on', async () => {
    const origin = await rawOrigin(
      'HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly part',
      'destroy',
    );
    const proxy = await serve(createProxy(origin));
    await assert.rejects(async () => (await fetch(`${proxy}/x`)).text());
    const healthy = await listenPlain(createNodeServer((_q, s) => s.end('fine')));
    const other = await serve(createProxy(healthy));
    assert.equal(await (await fetch(`${other}/y`)).text(), 'fine');
  });

  it('dot segments (plain or encoded) are refused with 400, before reaching the origin', async () => {
    let reached = 0;
    const origin = await listenPlain(createNodeServer((_q, s) => (reached++, s.end('origin'))));
    const proxy = await serve(createProxy(`${origin}/public`));
    for (const path of ['/../secret', '/a/%2e%2e/secret', '/a/%2E%2e', '/./x']) {
      const answer = await raw(
        proxy,
        `GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`,
      );
      assert.match(answer, /^HTTP\/1\.1 400 /, path);
    }
    assert.equal(reached, 0);
    // Absolute-form targets stay on the origin, on their path.
    const answer = await raw(
      proxy,
      'GET http://evil.example/p HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
    );
    assert.match(answer, /^HTTP\/1\.1 200 [\s\S]*origin$/);
    assert.equal(reached, 1);
  });

  it("request smuggling shapes are refused by Node's parser, not forwarded", async () => {
    let reached = 0;
    const origin = await listenPlain(createNodeServer((_q, s) => (reached++, s.end('origin'))));
    const proxy = await serve(createProxy(origin));
    const answer = await raw(
      proxy,
      'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /admin HTTP/1.1\r\nHost: x\r\n\r\n',
    );
    assert.match(answer, /^HTTP\/1\.1 400 /);
    assert.equal(reached, 0);
  });
});
