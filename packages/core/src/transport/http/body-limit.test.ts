// bodyLimit at its boundary, on both faces and every read path: a body of limit − 1 and of
// exactly limit bytes is read whole, limit + 1 is a 413. The Node face has three checks (the
// declared Content-Length, a body already buffered when the read starts, a body streaming in
// after it), the Fetch face two (the declared length, the stream); each is driven here. The
// request bodies are what the server read, echoed as their length.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';
import type { Server as NodeServer } from 'node:http';
import { createServer, defaultBodyLimit, listen } from './index.js';
import type { Server, ServerOptions } from './index.js';

const limit = 64;
const sizes = [limit - 1, limit, limit + 1] as const;
const tooLarge = (l: number) => `request body larger than the limit of ${l} bytes`;

const servers: NodeServer[] = [];
const sockets: Socket[] = [];
after(() => {
  for (const s of sockets) s.destroy();
  for (const s of servers) {
    s.closeAllConnections();
    s.close();
  }
});

/**
 * lengthServer answers the length of the body it read. `arrived()`, called before a request is
 * sent, resolves when its headers are in and its body is about to be read (a before hook runs
 * just before decoding).
 */
function lengthServer(options: ServerOptions = { bodyLimit: limit }): {
  server: Server;
  arrived: () => Promise<void>;
} {
  let signal: (() => void) | undefined;
  const server = createServer(
    async (_ctx, n: number) => n,
    async (_ctx, r) => {
      return (await r.body()).byteLength;
    },
    (_ctx, w, n) => w.end(String(n)),
    {
      ...options,
      before: [
        (ctx) => {
          const arrival = signal;
          signal = undefined;
          arrival?.();
          return ctx;
        },
      ],
    },
  );
  return {
    server,
    arrived: () => new Promise<void>((r) => (signal = r)),
  };
}

async function port(server: Server): Promise<number> {
  const s = await listen(server.node);
  servers.push(s);
  return (s.address() as AddressInfo).port;
}

/** macrotask lets every pending microtask run, so the server is inside its read. */
const macrotask = () => new Promise<void>((r) => setTimeout(r, 5));

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([
    p,
    new Promise<T>((_, reject) =>
      setTimeout(() => reject(new Error(`${what}: no answer in ${ms} ms`)), ms).unref(),
    ),
  ]);
}

interface RawReply {
  status: number;
  text: string;
}

/**
 * rawExchange writes `first` on a fresh connection; when `later` has parts, it waits until the
 * server started reading the body (`arrived`, then a macrotask) and writes them one macrotask
 * apart, so that they stream in after the read began. The request asks for `Connection: close`,
 * so the reply ends with the connection.
 */
async function rawExchange(
  p: number,
  first: string,
  later: readonly string[] = [],
  arrived?: () => Promise<void>,
): Promise<RawReply> {
  const socket = connect(p, '127.0.0.1');
  sockets.push(socket);
  let data = '';
  socket.setEncoding('utf8');
  socket.on('data', (d: string) => (data += d));
  const done = new Promise<string>((resolve) => {
    socket.on('close', () => resolve(data));
    socket.on('error', () => resolve(data));
  });
  const waiting = arrived?.();
  socket.write(first);
  if (later.length > 0) {
    await withTimeout(waiting ?? Promise.resolve(), 10_000, 'request headers');
    for (const part of later) {
      await macrotask();
      if (socket.destroyed) break;
      socket.write(part);
    }
  }
  const text = await withTimeout(done, 10_000, 'reply');
  const status = /^HTTP\/1\.1 (\d{3}) /.exec(text);
  assert.ok(status, `an HTTP reply, got ${JSON.stringify(text.slice(0, 80))}`);
  return { status: Number(status[1]), text };
}

const head = (extra: string) =>
  `POST /len HTTP/1.1\r\nHost: x\r\nConnection: close\r\n${extra}\r\n`;
const chunk = (n: number) => `${n.toString(16)}\r\n${'b'.repeat(n)}\r\n`;

/** expectLength asserts how a body of n bytes was answered under the limit l. */
function expectLength(reply: RawReply, n: number, l = limit): void {
  if (n <= l) {
    assert.equal(reply.status, 200, `${n} bytes under a limit of ${l}: read whole`);
    assert.ok(reply.text.endsWith(`\r\n\r\n${n}`), `the server read all ${n} bytes`);
  } else {
    assert.equal(reply.status, 413, `${n} bytes over a limit of ${l}: 413`);
    assert.ok(reply.text.endsWith(tooLarge(l)), 'the 413 names the limit');
    assert.match(reply.text, /\r\nconnection: close\r\n/i);
  }
}

describe('bodyLimit boundaries (node face, raw sockets)', () => {
  it('Content-Length with the body in the same packet (the buffered read)', async () => {
    const { server } = lengthServer();
    const p = await port(server);
    for (const n of sizes) {
      const reply = await rawExchange(p, head(`Content-Length: ${n}\r\n`) + 'a'.repeat(n));
      expectLength(reply, n);
    }
  });

  it('Content-Length with the body arriving after the read began (the streamed read)', async () => {
    const { server, arrived } = lengthServer();
    const p = await port(server);
    for (const n of sizes) {
      // n − 1 bytes later, then the last byte on its own.
      const reply = await rawExchange(
        p,
        head(`Content-Length: ${n}\r\n`),
        ['a'.repeat(n - 1), 'z'],
        arrived,
      );
      expectLength(reply, n);
    }
  });

  it('chunked, the whole body in one packet', async () => {
    const { server } = lengthServer();
    const p = await port(server);
    for (const n of sizes) {
      const reply = await rawExchange(
        p,
        head('Transfer-Encoding: chunked\r\n') + chunk(n - 1) + chunk(1) + '0\r\n\r\n',
      );
      expectLength(reply, n);
    }
  });

  it('chunked, streaming in after the read began; the last byte crosses the limit', async () => {
    const { server, arrived } = lengthServer();
    const p = await port(server);
    for (const n of sizes) {
      const reply = await rawExchange(
        p,
        head('Transfer-Encoding: chunked\r\n'),
        [chunk(10), chunk(n - 11), chunk(1), '0\r\n\r\n'],
        arrived,
      );
      expectLength(reply, n);
    }
  });

  it('the default limit (1 MiB): exactly 1 MiB is read, one byte more is a 413', async () => {
    const { server } = lengthServer({});
    const p = await port(server);
    for (const n of [defaultBodyLimit, defaultBodyLimit + 1]) {
      const reply = await rawExchange(p, head(`Content-Length: ${n}\r\n`) + 'a'.repeat(n));
      expectLength(reply, n, defaultBodyLimit);
    }
  });

  it('a limit of 0 takes an empty body and refuses one byte', async () => {
    const { server } = lengthServer({ bodyLimit: 0 });
    const p = await port(server);
    expectLength(await rawExchange(p, head('Content-Length: 0\r\n')), 0, 0);
    expectLength(await rawExchange(p, head('Content-Length: 1\r\n') + 'a'), 1, 0);
  });

  it('a declared limit + 1 is refused before any body byte is sent (413 before reading)', async () => {
    const { server } = lengthServer();
    const p = await port(server);
    // No body follows the headers: a server that waited to read it would never answer.
    const reply = await rawExchange(p, head(`Content-Length: ${limit + 1}\r\n`));
    expectLength(reply, limit + 1);
  });
});

/** body is a stream of the given chunk sizes that counts how many chunks were pulled. */
function countedBody(parts: readonly number[]): {
  body: ReadableStream<Uint8Array>;
  pulls: () => number;
} {
  let pulled = 0;
  // highWaterMark 0: nothing is pulled until someone reads.
  const body = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        const n = parts[pulled++];
        if (n === undefined) controller.close();
        else controller.enqueue(new Uint8Array(n).fill(97));
      },
    },
    { highWaterMark: 0 },
  );
  return { body, pulls: () => pulled };
}

async function expectFetch(res: Response, n: number, l = limit): Promise<void> {
  const text = await res.text();
  if (n <= l) {
    assert.equal(res.status, 200, `${n} bytes under a limit of ${l}: read whole`);
    assert.equal(text, String(n), `the server read all ${n} bytes`);
  } else {
    assert.equal(res.status, 413, `${n} bytes over a limit of ${l}: 413`);
    assert.equal(text, tooLarge(l));
  }
}

const post = (init: RequestInit & { duplex?: 'half' }) =>
  new Request('http://svc.test/len', { method: 'POST', ...init } as RequestInit);

describe('bodyLimit boundaries (fetch face)', () => {
  it('a body with its Content-Length (the declared check, then the read)', async () => {
    const { server } = lengthServer();
    for (const n of sizes) {
      const res = await server.fetch(
        post({ body: 'a'.repeat(n), headers: { 'content-length': String(n) } }),
      );
      await expectFetch(res, n);
    }
  });

  it('a body without a Content-Length, in one chunk (the read)', async () => {
    const { server } = lengthServer();
    for (const n of sizes) {
      const req = post({ body: 'a'.repeat(n) });
      assert.equal(req.headers.get('content-length'), null);
      await expectFetch(await server.fetch(req), n);
    }
  });

  it('a streamed body whose last 1-byte chunk crosses the limit', async () => {
    const { server } = lengthServer();
    for (const n of sizes) {
      const { body } = countedBody([10, n - 11, 1]);
      await expectFetch(await server.fetch(post({ body, duplex: 'half' })), n);
    }
  });

  it('the default limit (1 MiB): exactly 1 MiB is read, one byte more is a 413', async () => {
    const { server } = lengthServer({});
    for (const n of [defaultBodyLimit, defaultBodyLimit + 1]) {
      const res = await server.fetch(
        post({ body: 'a'.repeat(n), headers: { 'content-length': String(n) } }),
      );
      await expectFetch(res, n, defaultBodyLimit);
    }
  });

  it('a declared limit + 1 is refused without pulling a chunk of the body (413 before reading)', async () => {
    const { server } = lengthServer();
    const { body, pulls } = countedBody([limit + 1]);
    const res = await server.fetch(
      post({ body, duplex: 'half', headers: { 'content-length': String(limit + 1) } }),
    );
    await expectFetch(res, limit + 1);
    assert.equal(pulls(), 0, 'no chunk of the body was pulled');
  });
});
