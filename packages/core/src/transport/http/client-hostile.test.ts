import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Agent, createServer as createNodeServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import type { AddressInfo, Server as NetServer, Socket } from 'node:net';
import { background, DeadlineExceededError, withTimeout } from '../../context/index.js';
import type { Context } from '../../context/index.js';
import { createClient, maxInterimResponses, RequestError } from './index.js';
import type { ClientResponse } from './index.js';

// The client against misbehaving servers (issue 12, items 4 and 8): real servers on 127.0.0.1.

const nopEncode = () => {};
const statusOnly = (_ctx: Context, res: ClientResponse) => res.status;

/** listenOn starts server on a free loopback port; close() also ends its sockets. */
async function listenOn(server: NetServer, sockets: Set<Socket>) {
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A node:http server whose handler is given; counts connections and their closes. */
async function httpServer(handler: (req: IncomingMessage, res: ServerResponse) => void) {
  const sockets = new Set<Socket>();
  let connections = 0;
  let closed = 0;
  const server = createNodeServer(handler);
  server.on('connection', (s: Socket) => {
    connections++;
    s.on('close', () => closed++);
  });
  const srv = await listenOn(server, sockets);
  return { ...srv, connections: () => connections, closed: () => closed };
}

/** trickle answers a 1 MiB body (Content-Length set) at about 10 KB/s; stops when the peer goes. */
function trickle(_req: IncomingMessage, res: ServerResponse): void {
  const size = 1024 * 1024;
  res.writeHead(200, { 'content-length': String(size), 'content-type': 'text/plain' });
  let sent = 0;
  const tick = setInterval(() => {
    if (sent >= size || res.destroyed) return clearInterval(tick);
    res.write('x'.repeat(1000));
    sent += 1000;
  }, 100);
  res.on('close', () => clearInterval(tick));
}

describe('HTTP client: the body after decoding (issue 12 item 4)', () => {
  it('a slow body the decoder ignored ends the call at once and closes its connection', async () => {
    const srv = await httpServer(trickle);
    after(() => srv.close());
    const client = createClient('GET', srv.url, nopEncode, statusOnly);
    const [ctx, cancel] = withTimeout(background(), 5000);
    try {
      const started = Date.now();
      assert.equal(await client(ctx, undefined), 200);
      const took = Date.now() - started;
      assert.ok(took < 1000, `the call waited ${took} ms for a body nobody reads`);
    } finally {
      cancel();
    }
    // The client let go of the connection: the server sees it close.
    const until = Date.now() + 2000;
    while (srv.closed() < 1 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    assert.equal(srv.closed(), 1, 'the connection of the unread body was closed');
  });

  it('a body that arrived whole is drained and its keep-alive connection reused', async () => {
    const srv = await httpServer((_req, res) => res.end('small body'));
    after(() => srv.close());
    const agent = new Agent({ keepAlive: true });
    after(() => agent.destroy());
    const client = createClient('GET', srv.url, nopEncode, statusOnly, { agent });
    for (let i = 0; i < 5; i++) assert.equal(await client(background(), undefined), 200);
    assert.equal(srv.connections(), 1, 'one connection for five calls');
    assert.equal(srv.closed(), 0);
  });

  it('a slow body the decoder read to the end keeps its connection', async () => {
    const srv = await httpServer((_req, res) => {
      res.writeHead(200, { 'content-length': '6' });
      res.write('abc');
      setTimeout(() => res.end('def'), 50);
    });
    after(() => srv.close());
    const agent = new Agent({ keepAlive: true });
    after(() => agent.destroy());
    const client = createClient('GET', srv.url, nopEncode, (_ctx, res) => res.text(), { agent });
    for (let i = 0; i < 3; i++) assert.equal(await client(background(), undefined), 'abcdef');
    assert.equal(srv.connections(), 1, 'one connection for three calls');
  });

  it('a decoder that stops reading early does not keep the call pending', async () => {
    const srv = await httpServer(trickle);
    after(() => srv.close());
    const client = createClient('GET', srv.url, nopEncode, async (_ctx, res) => {
      for await (const chunk of res.body) return (chunk as Buffer).length > 0; // first chunk only
      return false;
    });
    const [ctx, cancel] = withTimeout(background(), 5000);
    try {
      const started = Date.now();
      assert.equal(await client(ctx, undefined), true);
      assert.ok(Date.now() - started < 1500, 'did not wait for the rest of the body');
    } finally {
      cancel();
    }
  });
});

/**
 * interimServer answers every request with `count` interim `100 Continue` responses (or, with
 * count = Infinity, one every millisecond, at most 10 000, until the peer goes) and then, when
 * finite, a 200.
 */
async function interimServer(count: number, status = 100) {
  const sockets = new Set<Socket>();
  const server = createNetServer((s) => {
    s.once('data', () => {
      if (Number.isFinite(count)) {
        const interim = `HTTP/1.1 ${status} Continue\r\n\r\n`.repeat(count);
        s.write(`${interim}HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok`);
        return;
      }
      let sent = 0;
      const tick = setInterval(() => {
        if (s.destroyed || sent++ >= 10_000) return clearInterval(tick);
        s.write(`HTTP/1.1 ${status} Continue\r\n\r\n`);
      }, 1);
      s.on('close', () => clearInterval(tick));
    });
    s.on('error', () => {});
  });
  return listenOn(server, sockets);
}

describe('HTTP client: interim responses (issue 12 item 8)', () => {
  it('an endless stream of 100 Continue fails the call at once, not at its deadline', async () => {
    const srv = await interimServer(Infinity);
    after(() => srv.close());
    const client = createClient('POST', srv.url, nopEncode, statusOnly);
    const [ctx, cancel] = withTimeout(background(), 5000);
    try {
      const started = Date.now();
      const err = await client(ctx, undefined).then(
        () => assert.fail('resolved'),
        (e: unknown) => e,
      );
      assert.ok(!(err instanceof DeadlineExceededError), 'spun until the deadline');
      assert.ok(err instanceof RequestError, String(err));
      assert.equal(err.reason, 'TOO_MANY_INTERIM_RESPONSES');
      assert.match(err.message, /more than 5 1xx informational responses/);
      assert.ok(Date.now() - started < 1000);
    } finally {
      cancel();
    }
  });

  it('so does an endless stream of 103 Early Hints', async () => {
    const srv = await interimServer(Infinity, 103);
    after(() => srv.close());
    const client = createClient('GET', srv.url, nopEncode, statusOnly);
    const [ctx, cancel] = withTimeout(background(), 3000);
    try {
      await assert.rejects(client(ctx, undefined), { reason: 'TOO_MANY_INTERIM_RESPONSES' });
    } finally {
      cancel();
    }
  });

  it(`accepts ${maxInterimResponses} interim responses before the final one, as Go does`, async () => {
    const ok = await interimServer(maxInterimResponses);
    after(() => ok.close());
    const client = createClient('POST', ok.url, nopEncode, (_ctx, res) => res.text());
    assert.equal(await client(background(), undefined), 'ok');

    const over = await interimServer(maxInterimResponses + 1);
    after(() => over.close());
    const failing = createClient('POST', over.url, nopEncode, (_ctx, res) => res.text());
    await assert.rejects(failing(background(), undefined), RequestError);
  });
});
