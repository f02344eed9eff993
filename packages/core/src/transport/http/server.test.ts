import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Context } from '../../context/index.js';
import { createKey, withTimeout, withValue } from '../../context/index.js';
import type { Endpoint } from '../../endpoint/index.js';
import { createServer, decodeJSONRequest, encodeJSONResponse, requestFacts } from './index.js';
import type { DecodeRequestFunc, EncodeResponseFunc, FinalizerInfo, Server } from './index.js';
import { serve } from './serve.test.helper.js';

/** Both faces, driven the same way: over real HTTP (Node) and with a Web Request (Fetch). */
const faces: Array<
  [string, (server: Server, init?: RequestInit, path?: string) => Promise<Response>]
> = [
  [
    'node face over HTTP',
    async (server, init, path = '/') => fetch(`${await serve(server)}${path}`, init),
  ],
  [
    'fetch face',
    (server, init, path = '/') => server.fetch(new Request(`http://svc.test${path}`, init)),
  ],
];

const echo: Endpoint<unknown, unknown> = async (_ctx, req) => req;
const nopDecode: DecodeRequestFunc<unknown> = () => ({});
const nopEncode: EncodeResponseFunc<unknown> = (_ctx, w) => w.end();

for (const [face, call] of faces) {
  describe(`HTTP server (${face})`, () => {
    it('decode error -> 500 with the error text (DefaultErrorEncoder)', async () => {
      const server = createServer(
        echo,
        () => {
          throw new Error('dang');
        },
        nopEncode,
      );
      const res = await call(server);
      assert.equal(res.status, 500);
      assert.equal(res.headers.get('content-type'), 'text/plain; charset=utf-8');
      assert.equal(await res.text(), 'dang');
    });

    it('endpoint error -> 500', async () => {
      const server = createServer(
        () => Promise.reject(new Error('endpoint failed')),
        nopDecode,
        nopEncode,
      );
      const res = await call(server);
      assert.equal(res.status, 500);
      assert.equal(await res.text(), 'endpoint failed');
    });

    it('encode error -> 500', async () => {
      const server = createServer(echo, nopDecode, () => {
        throw new Error('encode failed');
      });
      const res = await call(server);
      assert.equal(res.status, 500);
      assert.equal(await res.text(), 'encode failed');
    });

    it('a custom error encoder can answer 418; the error handler sees the error first', async () => {
      const seen: unknown[] = [];
      const server = createServer(() => Promise.reject(new Error('teapot')), nopDecode, nopEncode, {
        errorHandler: (_ctx, err) => seen.push(err),
        errorEncoder: (_ctx, err, w) => {
          assert.equal(seen.length, 1, 'handler runs before the encoder');
          w.writeHead(418);
          w.end(`short and stout: ${(err as Error).message}`);
        },
      });
      const res = await call(server);
      assert.equal(res.status, 418);
      assert.equal(await res.text(), 'short and stout: teapot');
      assert.equal((seen[0] as Error).message, 'teapot');
    });

    it('before and after funcs chain contexts through to the encoder', async () => {
      const one = createKey<string>('one');
      const two = createKey<string>('two');
      const three = createKey<string>('three');
      let endpointSaw = '';
      const cancels: Array<() => void> = [];
      const server = createServer(
        async (ctx: Context) => {
          endpointSaw = `${ctx.value(one)},${ctx.value(two)}`;
          return {};
        },
        nopDecode,
        (ctx, w) => {
          // The request stays reachable through every derived context.
          w.setHeader('x-path', requestFacts(ctx)?.path ?? 'lost');
          w.setHeader('x-chain', `${ctx.value(one)},${ctx.value(two)},${ctx.value(three)}`);
          w.end();
        },
        {
          before: [
            (ctx) => {
              const [derived, cancel] = withTimeout(withValue(ctx, one, 'a'), 60_000);
              cancels.push(cancel);
              return derived;
            },
            (ctx) => withValue(ctx, two, `${ctx.value(one)}b`),
          ],
          after: [
            (ctx, w) => {
              w.setHeader('x-after', 'yes');
              return withValue(ctx, three, 'c');
            },
          ],
        },
      );
      const res = await call(server);
      assert.equal(res.status, 200);
      assert.equal(endpointSaw, 'a,ab');
      assert.equal(res.headers.get('x-chain'), 'a,ab,c');
      assert.equal(res.headers.get('x-after'), 'yes');
      assert.equal(res.headers.get('x-path'), '/');
      for (const cancel of cancels) cancel();
    });

    it('after funcs do not run when the endpoint fails', async () => {
      let afterRan = false;
      const server = createServer(() => Promise.reject(new Error('no')), nopDecode, nopEncode, {
        after: [
          (ctx) => {
            afterRan = true;
            return ctx;
          },
        ],
      });
      assert.equal((await call(server)).status, 500);
      assert.equal(afterRan, false);
    });

    it('finalizer sees the status, the headers and size = body length', async () => {
      let info: FinalizerInfo | undefined;
      const body = 'go kit proxy body ü';
      const server = createServer(
        echo,
        nopDecode,
        (_ctx, w) => {
          w.setHeader('x-a', 'b');
          w.writeHead(202);
          w.end(body);
        },
        {
          finalizer: [(_ctx, i) => (info = i)],
        },
      );
      const res = await call(server);
      const received = new Uint8Array(await res.arrayBuffer());
      assert.equal(res.status, 202);
      assert.ok(info);
      assert.equal(info.statusCode, 202);
      assert.equal(info.headers['x-a'], 'b');
      assert.equal(info.bytesWritten, received.byteLength);
      assert.equal(info.bytesWritten, Buffer.byteLength(body));
      assert.equal(info.clientGone, false);
    });

    it('finalizer sees 500 and the error body on failure', async () => {
      let info: FinalizerInfo | undefined;
      const server = createServer(() => Promise.reject(new Error('oops')), nopDecode, nopEncode, {
        finalizer: [(_ctx, i) => (info = i)],
      });
      await (await call(server)).text();
      assert.equal(info?.statusCode, 500);
      assert.equal(info?.bytesWritten, 4);
      assert.equal(info?.headers['content-type'], 'text/plain; charset=utf-8');
    });

    it('EncodeJSONResponse honours StatusCoder and multi-valued Headerer, newline-terminated', async () => {
      const response = {
        name: 'svckit',
        statusCode: () => 201,
        headers: () => ({ 'x-multi': ['one', 'two'], 'x-single': 'v' }),
      };
      const server = createServer(() => Promise.resolve(response), nopDecode, encodeJSONResponse);
      const res = await call(server);
      assert.equal(res.status, 201);
      assert.equal(res.headers.get('content-type'), 'application/json; charset=utf-8');
      assert.equal(res.headers.get('x-multi'), 'one, two');
      assert.equal(res.headers.get('x-single'), 'v');
      assert.equal(await res.text(), '{"name":"svckit"}\n');
    });

    it('EncodeJSONResponse sends no body for 204', async () => {
      const server = createServer(
        () => Promise.resolve({ ignored: true, statusCode: () => 204 }),
        nopDecode,
        encodeJSONResponse,
      );
      const res = await call(server);
      assert.equal(res.status, 204);
      assert.equal(await res.text(), '');
    });

    it('an error that is StatusCoder + JSON + Headerer gives all three', async () => {
      class Teapot extends Error {
        statusCode() {
          return 418;
        }
        headers() {
          return { 'x-tea': ['earl', 'grey'] };
        }
        toJSON() {
          return { err: this.message };
        }
      }
      const server = createServer(
        () => Promise.reject(new Teapot('no coffee')),
        nopDecode,
        nopEncode,
      );
      const res = await call(server);
      assert.equal(res.status, 418);
      assert.equal(res.headers.get('content-type'), 'application/json; charset=utf-8');
      assert.equal(res.headers.get('x-tea'), 'earl, grey');
      assert.equal(await res.text(), '{"err":"no coffee"}');
    });

    it('malformed JSON -> 400 with a clear message; empty body -> 400', async () => {
      const server = createServer(echo, decodeJSONRequest(), encodeJSONResponse);
      const bad = await call(server, { method: 'POST', body: '{"s": nope}' });
      assert.equal(bad.status, 400);
      assert.match(await bad.text(), /^malformed JSON body: .*JSON/);
      const emptyBody = await call(server, { method: 'POST', body: '' });
      assert.equal(emptyBody.status, 400);
      assert.equal(await emptyBody.text(), 'malformed JSON body: body is empty');
      const ok = await call(server, { method: 'POST', body: '{"s":"<ok>"}' });
      assert.equal(ok.status, 200);
      assert.equal(await ok.text(), '{"s":"\\u003cok\\u003e"}\n');
    });

    it('a body over the limit -> 413', async () => {
      const server = createServer(echo, decodeJSONRequest(), encodeJSONResponse, { bodyLimit: 16 });
      const res = await call(server, {
        method: 'POST',
        body: JSON.stringify({ s: 'x'.repeat(64) }),
      });
      assert.equal(res.status, 413);
      assert.equal(await res.text(), 'request body larger than the limit of 16 bytes');
      const fits = await call(server, { method: 'POST', body: '{"s":"x"}' });
      assert.equal(fits.status, 200);
    });

    it('a streamed body over the limit (no Content-Length) -> 413', async () => {
      const server = createServer(echo, decodeJSONRequest(), encodeJSONResponse, {
        bodyLimit: 1000,
      });
      const chunk = new TextEncoder().encode('x'.repeat(400));
      let sent = 0;
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent++ < 10) controller.enqueue(chunk);
          else controller.close();
        },
      });
      const res = await call(server, { method: 'POST', body, duplex: 'half' } as RequestInit);
      assert.equal(res.status, 413);
      await res.text();
    });

    it('never crashes on strange throws: non-Error values, a throwing error encoder', async () => {
      const strings = createServer(() => Promise.reject('just a string'), nopDecode, nopEncode);
      const r1 = await call(strings);
      assert.equal(r1.status, 500);
      assert.equal(await r1.text(), 'just a string');
      const broken = createServer(() => Promise.reject(new Error('x')), nopDecode, nopEncode, {
        errorEncoder: () => {
          throw new Error('encoder broke');
        },
      });
      const r2 = await call(broken);
      assert.equal(r2.status, 500);
      assert.equal(await r2.text(), 'internal server error');
      const nothing = createServer(echo, nopDecode, () => {});
      const r3 = await call(nothing);
      assert.equal(r3.status, 200);
      assert.equal(await r3.text(), '');
    });

    it('an invalid header or body from an encoder is answered 500, not a hang or a crash', async () => {
      const badHeader = createServer(echo, nopDecode, (_ctx, w) => {
        w.setHeader('x-bad', 'line\nbreak');
        w.end('never sent');
      });
      const r1 = await call(badHeader);
      assert.equal(r1.status, 500);
      assert.equal(r1.headers.get('x-bad'), null);
      await r1.text();
      const badBody = createServer(echo, nopDecode, (_ctx, w) => {
        w.end({ not: 'a body' } as unknown as string);
      });
      const r2 = await call(badBody);
      assert.equal(r2.status, 500);
      assert.match(
        await r2.text(),
        /response body must be a string or Uint8Array|internal server error/,
      );
    });

    it('puts the request facts in the context', async () => {
      let facts: ReturnType<typeof requestFacts>;
      const server = createServer(
        async (ctx: Context) => {
          facts = requestFacts(ctx);
          return {};
        },
        nopDecode,
        nopEncode,
      );
      await call(
        server,
        {
          method: 'PUT',
          headers: {
            authorization: 'Bearer t',
            'x-forwarded-for': '10.0.0.1',
            'x-forwarded-proto': 'https',
            'x-request-id': 'r-42',
            accept: 'application/json',
            'user-agent': 'svckit-test',
            referer: 'http://ref.test/',
          },
        },
        '/a/b?c=d',
      );
      assert.ok(facts);
      assert.equal(facts.method, 'PUT');
      assert.equal(facts.url, '/a/b?c=d');
      assert.equal(facts.path, '/a/b');
      assert.equal(facts.authorization, 'Bearer t');
      assert.equal(facts.forwardedFor, '10.0.0.1');
      assert.equal(facts.forwardedProto, 'https');
      assert.equal(facts.requestId, 'r-42');
      assert.equal(facts.accept, 'application/json');
      assert.equal(facts.userAgent, 'svckit-test');
      assert.equal(facts.referer, 'http://ref.test/');
      assert.equal(facts.protocol, 'HTTP/1.1');
      if (face.startsWith('node')) {
        assert.match(facts.host, /^127\.0\.0\.1:\d+$/);
        assert.match(facts.remoteAddress, /^127\.0\.0\.1:\d+$/);
      } else {
        assert.equal(facts.host, 'svc.test');
      }
    });
  });
}
