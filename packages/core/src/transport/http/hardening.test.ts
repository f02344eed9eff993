// Issue 12's hostile-input findings on the Node face, each on a real server made by listen().
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import type { IncomingMessage, Server as NodeServer } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { connect } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ServiceError } from '../../errors/index.js';
import { createExpvar, expvarHandler } from '../../metrics/expvar/index.js';
import {
  createBodyBudget,
  createErrorEncoder,
  createRouter,
  createServer,
  defaultBodyBudget,
  decodeJSONRequest,
  encodeJSONResponse,
  httpRequest,
  listen,
  nopRequestDecoder,
  publicErrorEncoder,
  shutdown,
} from './index.js';
import type { Server } from './index.js';
import { checkInterval } from './listen.js';
import { makeTestCerts } from '@svckit/testing';

const servers: NodeServer[] = [];
const sockets: Socket[] = [];
after(() => {
  for (const s of sockets) s.destroy();
  for (const s of servers) {
    s.closeAllConnections();
    s.close();
  }
});

async function serve(handler: Server, options: Parameters<typeof listen>[1] = {}): Promise<number> {
  const s = await listen(handler.node, options);
  servers.push(s);
  return (s.address() as AddressInfo).port;
}

interface Flood {
  /** closedAfter is the ms from the first byte until the server closed, or undefined. */
  readonly closedAfter: number | undefined;
  readonly sent: number;
  readonly reply: string;
}

/**
 * flood sends head, then body bytes as fast as the server takes them, for at most ms, and
 * reports whether (and when) the server closed the connection.
 */
async function flood(port: number, head: string, chunked: boolean, ms: number): Promise<Flood> {
  const socket = connect(port, '127.0.0.1');
  sockets.push(socket);
  let reply = '';
  let closedAt: number | undefined;
  socket.setEncoding('latin1');
  socket.on('data', (d: string) => (reply += d));
  socket.on('error', () => {});
  socket.on('close', () => (closedAt ??= Date.now()));
  await new Promise<void>((r) => socket.once('connect', () => r()));
  const started = Date.now();
  socket.write(head);
  const data = Buffer.alloc(64 * 1024, 0x61);
  const chunk = chunked
    ? Buffer.concat([Buffer.from(`${data.length.toString(16)}\r\n`), data, Buffer.from('\r\n')])
    : data;
  let sent = 0;
  while (closedAt === undefined && Date.now() - started < ms) {
    if (socket.destroyed) break;
    const ok = socket.write(chunk);
    sent += chunk.length;
    if (!ok) {
      await Promise.race([
        new Promise((r) => socket.once('drain', r)),
        new Promise((r) => setTimeout(r, 50)),
      ]);
    }
  }
  await new Promise((r) => setTimeout(r, 50));
  socket.destroy();
  return { closedAfter: closedAt === undefined ? undefined : closedAt - started, sent, reply };
}

const bigHead = (path: string): string =>
  `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Length: 100000000000\r\n\r\n`;
const chunkedHead = (path: string): string =>
  `POST ${path} HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n`;

describe('an unread body is not drained without bound (issue 12 item 2)', () => {
  const nop = createServer(async () => ({ ok: true }), nopRequestDecoder, encodeJSONResponse);
  const failing = createServer(async () => ({}), decodeJSONRequest(), encodeJSONResponse, {
    before: [
      () => {
        throw new Error('denied');
      },
    ],
  });
  const cases: [string, Server, string][] = [
    ['a decoder that reads nothing', nop, '/x'],
    ['a before hook that fails', failing, '/x'],
    ['a router 404', createRouter().get('/only', nop), '/nothing'],
    [
      'expvarHandler (a hand-written Server, via unreadMustClose)',
      expvarHandler(createExpvar()),
      '/debug/vars',
    ],
  ];
  for (const [what, handler, path] of cases) {
    for (const chunked of [false, true]) {
      it(`${what}, ${chunked ? 'chunked' : 'a 100 GB Content-Length'}: Connection: close, then closed`, async () => {
        const port = await serve(handler);
        const r = await flood(port, chunked ? chunkedHead(path) : bigHead(path), chunked, 3000);
        assert.ok(r.closedAfter !== undefined, `still open after 3 s, ${r.sent} bytes taken`);
        assert.ok(r.closedAfter < 1500, `closed after ${r.closedAfter} ms`);
        assert.match(r.reply, /^HTTP\/1\.1 [245]\d\d /);
        assert.match(r.reply, /\r\nconnection: close\r\n/i);
      });
    }
  }

  it('a small unread body (within 256 KiB) keeps the connection alive', async () => {
    const port = await serve(nop);
    const socket = connect(port, '127.0.0.1');
    sockets.push(socket);
    let reply = '';
    socket.setEncoding('latin1');
    socket.on('data', (d: string) => (reply += d));
    const body = 'x'.repeat(1000);
    const one = `POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: ${body.length}\r\n\r\n${body}`;
    socket.write(one + one);
    const deadline = Date.now() + 2000;
    while ((reply.match(/HTTP\/1\.1 200/g) ?? []).length < 2 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 20));
    assert.equal((reply.match(/HTTP\/1\.1 200/g) ?? []).length, 2, reply);
    assert.doesNotMatch(reply, /connection: close/i);
    socket.destroy();
  });
});

describe("listen's timeouts fire on time (issue 12 item 5)", () => {
  it('checks the timeouts often enough: a tenth of the shortest, 10 ms to 1 s', () => {
    assert.equal(checkInterval(10_000, 30_000), 1000);
    assert.equal(checkInterval(1500, 30_000), 150);
    assert.equal(checkInterval(0, 50), 10);
    assert.equal(checkInterval(0, 0), 1000);
  });

  it('headersTimeout closes a slow-loris connection within about a second of its value', async () => {
    const port = await serve(
      createServer(async () => ({}), nopRequestDecoder, encodeJSONResponse),
      {
        headersTimeout: 1500,
        requestTimeout: 60_000,
      },
    );
    const socket = connect(port, '127.0.0.1');
    sockets.push(socket);
    socket.on('error', () => {});
    const started = Date.now();
    socket.write('GET / HTTP/1.1\r\nHost: x\r\n');
    const timer = setInterval(() => socket.write('X-Slow: 1\r\n'), 200);
    const closed = await new Promise<number>((resolve) => {
      socket.on('close', () => resolve(Date.now() - started));
      setTimeout(() => resolve(-1), 5000).unref();
    });
    clearInterval(timer);
    assert.ok(closed >= 1400 && closed < 2800, `closed after ${closed} ms (headersTimeout 1500)`);
  });

  it('requestTimeout ends a body trickled too slowly within about a second of its value', async () => {
    const port = await serve(
      createServer(async () => ({}), decodeJSONRequest(), encodeJSONResponse),
      {
        headersTimeout: 1000,
        requestTimeout: 2000,
      },
    );
    const socket = connect(port, '127.0.0.1');
    sockets.push(socket);
    socket.on('error', () => {});
    let reply = '';
    socket.setEncoding('latin1');
    socket.on('data', (d: string) => (reply += d));
    const started = Date.now();
    socket.write('POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n{');
    const timer = setInterval(() => socket.write(' '), 100);
    const closed = await new Promise<number>((resolve) => {
      socket.on('close', () => resolve(Date.now() - started));
      setTimeout(() => resolve(-1), 5000).unref();
    });
    clearInterval(timer);
    assert.ok(closed >= 1900 && closed < 3300, `closed after ${closed} ms (requestTimeout 2000)`);
    assert.match(reply, /^HTTP\/1\.1 408 /);
  });
});

describe('a byte-order mark is refused with 400 (issue 12 item 7)', () => {
  it('says what is wrong', async () => {
    const port = await serve(
      createServer(async (_c, r: unknown) => r, decodeJSONRequest(), encodeJSONResponse),
    );
    const res = await fetch(`http://127.0.0.1:${port}/`, {
      method: 'POST',
      body: new Uint8Array([0xef, 0xbb, 0xbf, ...Buffer.from('{"a":1}')]),
    });
    assert.equal(res.status, 400);
    assert.equal(
      await res.text(),
      'malformed JSON body: a byte-order mark (U+FEFF) before the value (RFC 8259 §8.1)',
    );
  });
});

function get(
  port: number,
  options: { ca: string; key?: string; cert?: string },
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      { host: '127.0.0.1', port, path: '/who', method: 'GET', agent: false, ...options },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('listen serves HTTPS and mutual TLS (issue 11)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'svckit-tls-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const certs = makeTestCerts(dir);
  const who = createServer(
    async (ctx) => {
      const raw = httpRequest(ctx)?.raw as IncomingMessage;
      const socket = raw.socket as TLSSocket;
      return { cn: socket.getPeerCertificate().subject?.CN ?? null, tls: socket.encrypted };
    },
    nopRequestDecoder,
    encodeJSONResponse,
  );

  it('HTTPS with a certificate from the test CA; timeouts as for HTTP', async () => {
    const s = await listen(who.node, { tls: { key: certs.serverKey, cert: certs.serverCert } });
    servers.push(s);
    assert.equal(s.headersTimeout, 10_000);
    const port = (s.address() as AddressInfo).port;
    const r = await get(port, { ca: certs.ca });
    assert.deepEqual([r.status, JSON.parse(r.body)], [200, { cn: null, tls: true }]);
    await assert.rejects(get(port, { ca: certs.otherCa }), /self[- ]signed|unable to verify/i);
    const report = await shutdown(s, { timeout: 2000 });
    assert.equal(report.graceful, true, 'shutdown stops an HTTPS server as it stops HTTP');
  });

  it('mutual TLS: the client certificate is required, checked against ca, and readable', async () => {
    const port = await serve(who, {
      tls: {
        key: certs.serverKey,
        cert: certs.serverCert,
        ca: certs.ca,
        requestCert: true,
        rejectUnauthorized: true,
      },
    });
    const ca = certs.ca;
    const ok = await get(port, { ca, key: certs.clientKey, cert: certs.clientCert });
    assert.deepEqual([ok.status, JSON.parse(ok.body)], [200, { cn: 'svckit-client', tls: true }]);
    await assert.rejects(get(port, { ca }), /certificate|socket hang up|ECONNRESET/i);
    await assert.rejects(
      get(port, { ca, key: certs.otherClientKey, cert: certs.otherClientCert }),
      /certificate|unknown ca|socket hang up|ECONNRESET/i,
    );
  });
});

describe('publicErrorEncoder hides internal messages behind a request id (issue 12 item 11)', () => {
  const hidden: [unknown, string][] = [];
  const secret = 'connect ECONNREFUSED 10.0.0.5:5432 (user=app password=hunter2)';
  const server = createServer(
    async (_ctx, req: { kind: string }) => {
      if (req.kind === 'plain') throw new Error(secret);
      if (req.kind === 'internal')
        throw new ServiceError('internal', secret, { retryAfterMs: 2000 });
      if (req.kind === 'json')
        throw Object.assign(new Error(secret), { toJSON: () => ({ secret }) });
      throw new ServiceError('invalid_argument', 'kind must be plain, internal or json');
    },
    decodeJSONRequest((b) => b as { kind: string }),
    encodeJSONResponse,
    {
      errorEncoder: createErrorEncoder({
        hide: true,
        onHidden: (_c, e, id) => hidden.push([e, id]),
      }),
    },
  );
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

  it('unknown, internal and JSON errors: status kept, message replaced, id in header and body', async () => {
    const port = await serve(server);
    for (const [kind, status, code] of [
      ['plain', 500, null],
      ['internal', 500, 'internal'],
      ['json', 500, null],
    ] as const) {
      const res = await fetch(`http://127.0.0.1:${port}/`, {
        method: 'POST',
        body: JSON.stringify({ kind }),
      });
      const text = await res.text();
      const id = res.headers.get('x-request-id') ?? '';
      assert.equal(res.status, status, kind);
      assert.match(id, uuid, kind);
      assert.equal(text, `internal error (request id ${id})`, kind);
      assert.equal(res.headers.get('content-type'), 'text/plain; charset=utf-8');
      assert.equal(res.headers.get('svckit-error-code'), code, kind);
      assert.deepEqual(hidden.at(-1)?.[1], id, 'onHidden sees the same id');
      assert.equal((hidden.at(-1)?.[0] as Error).message, secret, 'onHidden sees the real error');
    }
    const internal = await fetch(`http://127.0.0.1:${port}/`, {
      method: 'POST',
      body: '{"kind":"internal"}',
    });
    await internal.text();
    assert.equal(internal.headers.get('retry-after'), '2');
  });

  it("keeps a caller's plain X-Request-Id, replaces a hostile one, shows the caller's own mistakes", async () => {
    const port = await serve(server);
    const call = (id: string) =>
      fetch(`http://127.0.0.1:${port}/`, {
        method: 'POST',
        headers: { 'x-request-id': id },
        body: '{"kind":"plain"}',
      });
    const kept = await call('req-42.a:b_c');
    assert.equal(await kept.text(), 'internal error (request id req-42.a:b_c)');
    for (const bad of ['a b', '<script>', 'x'.repeat(129)]) {
      const res = await call(bad);
      assert.match(res.headers.get('x-request-id') ?? '', uuid, bad);
      assert.doesNotMatch(await res.text(), /script|a b|xxxx/);
    }
    const mistake = await fetch(`http://127.0.0.1:${port}/`, {
      method: 'POST',
      body: '{"kind":"?"}',
    });
    assert.equal(mistake.status, 400);
    assert.equal(await mistake.text(), 'kind must be plain, internal or json');
    const plain = await serve(
      createServer(
        async () => Promise.reject(new Error(secret)),
        nopRequestDecoder,
        encodeJSONResponse,
        {
          errorEncoder: publicErrorEncoder,
        },
      ),
    );
    const res = await fetch(`http://127.0.0.1:${plain}/`);
    assert.match(await res.text(), /^internal error \(request id [0-9a-f-]{36}\)$/);
  });
});

/** hold opens a request declaring length bytes, sends a few and waits until asked to finish. */
async function hold(port: number, path: string, length: number) {
  const socket = connect(port, '127.0.0.1');
  sockets.push(socket);
  let reply = '';
  socket.setEncoding('latin1');
  socket.on('data', (d: string) => (reply += d));
  socket.on('error', () => {});
  const body = `{"s":"${'x'.repeat(length - 8)}"}`;
  socket.write(
    `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Length: ${length}\r\n\r\n${body.slice(0, 10)}`,
  );
  return {
    finish: async (): Promise<string> => {
      socket.write(body.slice(10));
      const deadline = Date.now() + 3000;
      while (!/\r\n\r\n[^]*\n$/.test(reply) && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 10));
      socket.destroy();
      return reply;
    },
  };
}

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 3000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('a server-wide cap on request-body bytes held at once (issue 12 item 11)', () => {
  it('servers sharing a budget answer 503 + Retry-After when it is spent, and recover', async () => {
    const budget = createBodyBudget(1000);
    const echo = (name: string) =>
      createServer(
        async (_c, r: { s: string }) => ({ [name]: r.s.length }),
        decodeJSONRequest((b) => b as { s: string }),
        encodeJSONResponse,
        {
          bodyBudget: budget,
        },
      );
    const port = await serve(createRouter().post('/a', echo('a')).post('/b', echo('b')));
    const a = await hold(port, '/a', 800);
    await until(() => budget.inUse === 800, 'the first body to take 800 bytes');
    const body = JSON.stringify({ s: 'y'.repeat(292) }); // 300 bytes: 1100 > 1000
    const busy = await fetch(`http://127.0.0.1:${port}/b`, { method: 'POST', body });
    assert.equal(busy.status, 503);
    assert.equal(busy.headers.get('retry-after'), '1');
    assert.equal(busy.headers.get('connection'), 'close');
    assert.equal(busy.headers.get('svckit-error-code'), 'unavailable');
    assert.equal(await busy.text(), 'server busy: too many request body bytes in flight');
    const chunked = await fetch(`http://127.0.0.1:${port}/b`, {
      method: 'POST',
      body: new Blob([body]).stream(),
      duplex: 'half',
    } as RequestInit);
    assert.equal(chunked.status, 503, 'a chunked body is counted as it arrives');
    await chunked.text();
    assert.match(await a.finish(), /^HTTP\/1\.1 200 [^]*\{"a":792\}\n$/);
    await until(() => budget.inUse === 0, 'the budget to be given back');
    const ok = await fetch(`http://127.0.0.1:${port}/b`, { method: 'POST', body });
    assert.deepEqual(await ok.json(), { b: 292 });
    assert.equal(budget.inUse, 0);
  });

  it('by default every server shares the process-wide 256 MiB defaultBodyBudget', async () => {
    assert.equal(defaultBodyBudget.limit, 256 * 1024 * 1024);
    const port = await serve(
      createServer(async () => ({}), decodeJSONRequest(), encodeJSONResponse),
    );
    const before = defaultBodyBudget.inUse;
    const a = await hold(port, '/', 5000);
    await until(() => defaultBodyBudget.inUse === before + 5000, 'the default budget to count');
    await a.finish();
    await until(() => defaultBodyBudget.inUse === before, 'the default budget to be given back');
  });
});
