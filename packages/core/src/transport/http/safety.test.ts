import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Server as NodeServer } from 'node:http';
import { connect } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';
import type { Context } from '../../context/index.js';
import { isCanceled } from '../../context/index.js';
import { createServer, decodeJSONRequest, encodeJSONResponse, listen } from './index.js';
import type { FinalizerInfo, Server } from './index.js';

const servers: NodeServer[] = [];
const sockets: Socket[] = [];
after(() => {
  for (const s of sockets) s.destroy();
  for (const s of servers) {
    s.closeAllConnections();
    s.close();
  }
});

async function serve(server: Server): Promise<number> {
  const s = await listen(server.node);
  servers.push(s);
  return (s.address() as AddressInfo).port;
}

/** raw opens a TCP connection, writes bytes and collects everything the server sends back. */
function raw(port: number, bytes: string): { socket: Socket; reply: Promise<string> } {
  const socket = connect(port, '127.0.0.1');
  sockets.push(socket);
  socket.write(bytes);
  let data = '';
  socket.setEncoding('utf8');
  socket.on('data', (d: string) => (data += d));
  const reply = new Promise<string>((resolve) => {
    socket.on('close', () => resolve(data));
    socket.on('error', () => resolve(data));
  });
  return { socket, reply };
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([
    p,
    new Promise<T>((_, reject) =>
      setTimeout(() => reject(new Error(`${what}: no answer in ${ms} ms`)), ms).unref(),
    ),
  ]);
}

describe('HTTP server safety (node face, raw sockets)', () => {
  it('the client going away aborts ctx.signal so the endpoint stops work', async () => {
    let started!: () => void;
    const running = new Promise<void>((r) => (started = r));
    let finalized!: (i: FinalizerInfo) => void;
    const finalInfo = new Promise<FinalizerInfo>((r) => (finalized = r));
    const aborted = new Promise<unknown>((resolve) => {
      const slow = async (ctx: Context): Promise<object> => {
        started();
        await new Promise<void>((r, reject) => {
          const timer = setTimeout(r, 10_000);
          ctx.signal.addEventListener('abort', () => {
            clearTimeout(timer);
            resolve(ctx.signal.reason);
            reject(ctx.signal.reason as Error);
          });
        });
        return {};
      };
      const server = createServer(slow, () => ({}), encodeJSONResponse, {
        finalizer: [(_ctx, i) => finalized(i)],
      });
      void serve(server).then((port) => {
        const { socket } = raw(port, 'GET /slow HTTP/1.1\r\nHost: x\r\n\r\n');
        void running.then(() => socket.destroy());
      });
    });
    const reason = await withTimeout(aborted, 3000, 'abort');
    assert.ok(isCanceled(reason), `reason is a CanceledError: ${String(reason)}`);
    assert.match((reason as Error).message, /client closed the connection/);
    const info = await withTimeout(finalInfo, 3000, 'finalizer');
    assert.equal(info.clientGone, true, 'the finalizer still runs and knows the client left');
    assert.equal(info.statusCode, 499, 'canceled is 499, client closed request');
  });

  it('the request signal aborts once the response is done, as Go cancels after ServeHTTP', async () => {
    let signal: AbortSignal | undefined;
    const server = createServer(
      async (ctx: Context) => {
        signal = ctx.signal;
        return {};
      },
      () => ({}),
      encodeJSONResponse,
    );
    const port = await serve(server);
    const res = await fetch(`http://127.0.0.1:${port}/`);
    await res.text();
    assert.ok(signal);
    const s = signal;
    if (!s.aborted)
      await withTimeout(new Promise((r) => s.addEventListener('abort', r)), 2000, 'abort');
    assert.ok(isCanceled(s.reason));
    assert.equal((s.reason as Error).message, 'context canceled');
  });

  it('a client leaving in the middle of the body ends the request (ClientGoneError), finalizers run', async () => {
    const errors: unknown[] = [];
    let finalized!: (i: FinalizerInfo) => void;
    const finalInfo = new Promise<FinalizerInfo>((r) => (finalized = r));
    const server = createServer(async () => ({}), decodeJSONRequest(), encodeJSONResponse, {
      errorHandler: (_ctx, err) => errors.push(err),
      finalizer: [(_ctx, i) => finalized(i)],
    });
    const port = await serve(server);
    const { socket } = raw(
      port,
      'POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{"s":"ab',
    );
    setTimeout(() => socket.destroy(), 50);
    const info = await withTimeout(finalInfo, 3000, 'finalizer');
    assert.equal(info.clientGone, true);
    assert.equal((errors[0] as Error).name, 'ClientGoneError');
  });

  it('a huge declared body is answered 413 at once, without reading it, and the connection closed', async () => {
    let endpointCalls = 0;
    const server = createServer(
      async () => {
        endpointCalls++;
        return {};
      },
      decodeJSONRequest(),
      encodeJSONResponse,
    );
    const port = await serve(server);
    const started = Date.now();
    const { reply } = raw(
      port,
      'POST /x HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000000\r\n\r\n{"s":',
    );
    const text = await withTimeout(reply, 10_000, '413');
    assert.ok(Date.now() - started < 10_000, 'answered before the body (never sent) could arrive');
    assert.match(text, /^HTTP\/1\.1 413 Payload Too Large\r\n/);
    assert.match(text, /\r\nconnection: close\r\n/i);
    assert.match(text, /request body larger than the limit of 1048576 bytes$/);
    assert.equal(endpointCalls, 0);
  });

  it('a chunked body crossing the limit is refused as soon as it crosses', async () => {
    const server = createServer(async () => ({}), decodeJSONRequest(), encodeJSONResponse, {
      bodyLimit: 1024,
    });
    const port = await serve(server);
    const chunk = 'a'.repeat(800);
    const { socket, reply } = raw(
      port,
      `POST /x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n${(800).toString(16)}\r\n${chunk}\r\n`,
    );
    socket.write(`${(800).toString(16)}\r\n${chunk}\r\n`); // crosses 1024; never send the end
    const text = await withTimeout(reply, 2000, '413 chunked');
    assert.match(text, /^HTTP\/1\.1 413 /);
  });

  it('garbage after a valid request line gets 4xx, never a crash; the server keeps serving', async () => {
    const server = createServer(
      async (_c, r: unknown) => r,
      decodeJSONRequest(),
      encodeJSONResponse,
    );
    const port = await serve(server);
    const bodies = ['{', '[1,', 'nul', '"\\u12"', '\u0000\u0001', '{"a":1}}'];
    for (const body of bodies) {
      const res = await fetch(`http://127.0.0.1:${port}/`, { method: 'POST', body });
      assert.equal(res.status, 400, body);
      assert.match(await res.text(), /^malformed JSON body: /);
    }
    const bad = raw(port, 'NOT-HTTP\r\n\r\n');
    assert.match(await withTimeout(bad.reply, 2000, 'parser'), /^HTTP\/1\.1 400 /);
    const res = await fetch(`http://127.0.0.1:${port}/`, { method: 'POST', body: '{"ok":true}' });
    assert.deepEqual(await res.json(), { ok: true });
  });

  it('keep-alive and pipelined requests with bodies are each answered, in order', async () => {
    const server = createServer(
      async (_c, r: unknown) => r,
      decodeJSONRequest(),
      encodeJSONResponse,
    );
    const port = await serve(server);
    const one = (n: number): string => {
      const body = JSON.stringify({ n });
      return `POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: ${body.length}\r\n\r\n${body}`;
    };
    const chunked =
      'POST /x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\n{"n\r\n4\r\n":4}\r\n0\r\n\r\n';
    const last =
      'POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: 7\r\nConnection: close\r\n\r\n{"n":5}';
    const { reply } = raw(port, one(1) + one(2) + one(3) + chunked + last);
    const text = await withTimeout(reply, 3000, 'pipelined');
    const bodies = [...text.matchAll(/\r\n\r\n(\{"n":\d\}\n)/g)].map((m) => m[1]);
    assert.deepEqual(bodies, ['{"n":1}\n', '{"n":2}\n', '{"n":3}\n', '{"n":4}\n', '{"n":5}\n']);
  });

  it('listen sets header and request timeouts on the node:http server', async () => {
    const s = await listen(() => {}, { headersTimeout: 1234, requestTimeout: 5678 });
    servers.push(s);
    assert.equal(s.headersTimeout, 1234);
    assert.equal(s.requestTimeout, 5678);
    const d = await listen(() => {});
    servers.push(d);
    assert.equal(d.headersTimeout, 10_000);
    assert.equal(d.requestTimeout, 30_000);
  });
});
